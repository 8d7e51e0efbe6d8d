/// A two-level Hamiltonian linear in time, H(t) = (zOffset + zSlope·t) σz + (xOffset + xSlope·t) σx,
/// in units with ħ = 1. Landau–Zener sweeps and Ising k-modes are of this form.
@frozen
public struct LinearTwoLevelHamiltonian: Sendable, Equatable {
    public var zOffset: Double
    public var zSlope: Double
    public var xOffset: Double
    public var xSlope: Double

    @inlinable
    public init(zOffset: Double, zSlope: Double, xOffset: Double, xSlope: Double) {
        self.zOffset = zOffset
        self.zSlope = zSlope
        self.xOffset = xOffset
        self.xSlope = xSlope
    }

    /// Coefficients (hz, hx) of σz and σx at time t.
    @inlinable
    public func coefficients(at t: Double) -> (z: Double, x: Double) {
        (zOffset + zSlope * t, xOffset + xSlope * t)
    }
}

/// A two-component state ψ = (up, down) in the σz basis, split into real and imaginary parts.
@frozen
public struct TwoLevelState: Sendable, Equatable {
    public var upReal: Double
    public var upImaginary: Double
    public var downReal: Double
    public var downImaginary: Double

    @inlinable
    public init(upReal: Double, upImaginary: Double, downReal: Double, downImaginary: Double) {
        self.upReal = upReal
        self.upImaginary = upImaginary
        self.downReal = downReal
        self.downImaginary = downImaginary
    }

    /// |up⟩ = (1, 0).
    public static let up = TwoLevelState(upReal: 1, upImaginary: 0, downReal: 0, downImaginary: 0)

    /// ‖ψ‖².
    @inlinable
    public var normSquared: Double {
        upReal * upReal + upImaginary * upImaginary + downReal * downReal + downImaginary * downImaginary
    }
}

/// One integration of i dψ/dt = H(t) ψ from `start` to `end` in `steps` equal steps.
public struct TwoLevelProblem: Sendable, Equatable {
    public var hamiltonian: LinearTwoLevelHamiltonian
    public var initialState: TwoLevelState
    public var start: Double
    public var end: Double
    public var steps: Int

    public init(hamiltonian: LinearTwoLevelHamiltonian, initialState: TwoLevelState, start: Double, end: Double, steps: Int) {
        precondition(steps >= 1, "a two-level problem needs at least one step")
        self.hamiltonian = hamiltonian
        self.initialState = initialState
        self.start = start
        self.end = end
        self.steps = steps
    }

    /// The step size (end − start)/steps.
    public var stepSize: Double { (end - start) / Double(steps) }
}

/// Per-lane coefficients of `LinearTwoLevelHamiltonian` problems, shared by the lane adapters.
public struct LinearTwoLevelCoefficients {
    public var zOffset = SIMD8<Double>(), zSlope = SIMD8<Double>(), xOffset = SIMD8<Double>(), xSlope = SIMD8<Double>()

    public init() {}

    /// Writes `problem`'s Hamiltonian into `lane`; returns its start (up re, up im, down re, down im).
    public mutating func load(_ problem: TwoLevelProblem, lane: Int) -> LaneStart {
        zOffset[lane] = problem.hamiltonian.zOffset
        zSlope[lane] = problem.hamiltonian.zSlope
        xOffset[lane] = problem.hamiltonian.xOffset
        xSlope[lane] = problem.hamiltonian.xSlope
        let s = problem.initialState
        return LaneStart(state: [s.upReal, s.upImaginary, s.downReal, s.downImaginary], start: problem.start, end: problem.end)
    }
}

/// i dψ/dt = H(t)ψ for `TwoLevelProblem`s as a general lane ODE (state: up re, up im, down re,
/// down im), for the embedded Runge–Kutta methods of `LaneIntegrator`.
public struct LinearTwoLevelODE: LaneODE {
    public typealias State = LaneState<4, SIMD8<Double>>
    public var lanes = LinearTwoLevelCoefficients()

    public init() {}

    public mutating func load(_ problem: TwoLevelProblem, lane: Int) -> LaneStart { lanes.load(problem, lane: lane) }

    @inlinable @inline(__always)
    public func derivative(_ t: SIMD8<Double>, _ y: State) -> State {
        let (dar, dai, dbr, dbi) = TwoLevelRK4.derivative(lanes.zOffset, lanes.zSlope, lanes.xOffset, lanes.xSlope, t, y[0], y[1], y[2], y[3])
        var d = State.zero
        d[0] = dar; d[1] = dai; d[2] = dbr; d[3] = dbi
        return d
    }
}
