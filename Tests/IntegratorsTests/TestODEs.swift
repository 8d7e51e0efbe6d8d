import Foundation
import Integrators

typealias Lanes8 = SIMD8<Double>

/// x' = p, p' = −ω²x from (1, 0): x = cos ωt, p = −ω sin ωt.
struct Oscillator: LaneODE {
    typealias State = LaneState<2, Lanes8>
    struct Problem { var omega: Double; var end: Double }
    var omegaSquared = Lanes8()

    mutating func load(_ problem: Problem, lane: Int) -> LaneStart {
        omegaSquared[lane] = problem.omega * problem.omega
        return LaneStart(state: [1, 0], start: 0, end: problem.end)
    }

    func derivative(_ t: Lanes8, _ y: State) -> State {
        var d = State.zero
        d[0] = y[1]
        d[1] = -omegaSquared * y[0]
        return d
    }

    static func exact(_ problem: Problem) -> [Double] {
        [cos(problem.omega * problem.end), -problem.omega * sin(problem.omega * problem.end)]
    }
}

/// y' = ω cos(ωt)·y from y(0) = 1: y = exp(sin ωt). Exercises time dependence and LaneMath.sinCos.
struct Exponential: LaneODE {
    typealias State = LaneState<1, Lanes8>
    struct Problem { var omega: Double; var end: Double }
    var omega = Lanes8()

    mutating func load(_ problem: Problem, lane: Int) -> LaneStart {
        omega[lane] = problem.omega
        return LaneStart(state: [1], start: 0, end: problem.end)
    }

    func derivative(_ t: Lanes8, _ y: State) -> State {
        var d = State.zero
        d[0] = omega * LaneMath.sinCos(omega * t).cos * y[0]
        return d
    }

    static func exact(_ problem: Problem) -> Double { exp(sin(problem.omega * problem.end)) }
}

/// y' = y² from y(0) = 1 blows up at t = 1.
struct BlowUp: LaneODE {
    typealias State = LaneState<1, Lanes8>
    init() {}
    mutating func load(_ end: Double, lane: Int) -> LaneStart { LaneStart(state: [1], start: 0, end: end) }
    func derivative(_ t: Lanes8, _ y: State) -> State {
        var d = State.zero
        d[0] = y[0] * y[0]
        return d
    }
}
