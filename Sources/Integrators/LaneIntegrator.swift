import Foundation

/// How the lane integrator chooses steps.
public enum StepControl: Sendable, Equatable {
    /// `steps` equal steps from start to end for every problem (methods without an estimate, order tests).
    case fixed(steps: Int)
    /// Per-lane step-size control: a step is accepted when the RMS over components of
    /// error_i / (absolute + relative·max(|y_i|, |y_i new|)) is at most 1; the next step is
    /// h·min(5, max(0.2, 0.9·err^(−1/(q+1)))) with q the embedded order.
    case adaptive(relative: Double, absolute: Double, maxSteps: Int = 10_000_000)
}

/// The end of one problem's integration.
public struct LaneOutcome: Sendable, Equatable {
    /// Final state (component order of the ODE), or the last good state when it failed.
    public var state: [Double]
    public var acceptedSteps: Int
    public var rejectedSteps: Int
    /// Why the integration stopped early (nil when it reached the end).
    public var failure: IntegrationFailure?

    public init(state: [Double], acceptedSteps: Int, rejectedSteps: Int, failure: IntegrationFailure?) {
        self.state = state
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.failure = failure
    }
}

/// Integrates many independent problems of one `LaneODE`, a problem per SIMD lane.
///
/// Each lane keeps its own time, step size, error control and counters; when a lane's problem ends
/// the lane takes the next problem, so no lane waits for another. Every operation is lane-wise, so a
/// problem's result is bitwise the same whatever problems share its lanes or in what order.
public enum LaneIntegrator {
    @inlinable
    public static func integrate<ODE: LaneODE>(_: ODE.Type, _ problems: [ODE.Problem], method: ExplicitMethod,
                                               control: StepControl) -> [LaneOutcome] {
        typealias Lanes = ODE.Lanes
        if case .adaptive = control {
            precondition(method.embeddedOrder != nil, "\(method) has no error estimate; use fixed steps")
        }
        let laneCount = Lanes.scalarCount
        var outcomes = [LaneOutcome](repeating: LaneOutcome(state: [], acceptedSteps: 0, rejectedSteps: 0, failure: nil),
                                     count: problems.count)
        var ode = ODE()
        var y = ODE.State.zero
        var k1 = ODE.State.zero
        var t = Lanes(), h = Lanes(), end = Lanes(), start = Lanes(), stepIndex = Lanes()
        var owner = [Int](repeating: -1, count: laneCount)
        var accepted = [Int](repeating: 0, count: laneCount)
        var rejected = [Int](repeating: 0, count: laneCount)
        var next = 0
        let exponent = -1.0 / Double((method.embeddedOrder ?? 0) + 1)

        func finish(_ lane: Int, failure: IntegrationFailure?) {
            outcomes[owner[lane]] = LaneOutcome(state: y.lane(lane), acceptedSteps: accepted[lane], rejectedSteps: rejected[lane],
                                                failure: failure)
            owner[lane] = -1
            h[lane] = 0
        }

        while true {
            var refilled = false
            for lane in 0..<laneCount where owner[lane] < 0 && next < problems.count {
                let begin = ode.load(problems[next], lane: lane)
                y.setLane(lane, begin.state)
                t[lane] = begin.start
                start[lane] = begin.start
                end[lane] = begin.end
                stepIndex[lane] = 0
                owner[lane] = next
                accepted[lane] = 0
                rejected[lane] = 0
                if case .fixed(let steps) = control { h[lane] = (begin.end - begin.start) / Double(steps) }
                next += 1
                refilled = true
            }
            guard owner.contains(where: { $0 >= 0 }) else { break }
            // The adaptive methods start each step from f(t, y): refilled lanes need it, and the
            // extrapolation method (no first-same-as-last stage) needs it every step.
            if case .adaptive = control, refilled || method == .extrapolation8 { k1 = ode.derivative(t, y) }

            switch control {
            case .fixed(let steps):
                // Step k at t = start + k·h exactly, as the scalar reference would take it.
                let tk = LaneMath.muladd(stepIndex, h, start)
                switch method {
                case .rk4: y = ode.rk4Step(tk, h, y)
                case .dormandPrince54: y = ode.dormandPrinceStep(tk, h, y, ode.derivative(tk, y)).y
                case .extrapolation8: y = ode.extrapolationStep(tk, h, y, ode.derivative(tk, y)).y
                }
                stepIndex += 1
                for lane in 0..<laneCount where owner[lane] >= 0 {
                    accepted[lane] += 1
                    if accepted[lane] == steps { finish(lane, failure: nil) }
                }

            case .adaptive(let relative, let absolute, let maxSteps):
                for lane in 0..<laneCount where owner[lane] >= 0 && h[lane] == 0 {
                    h[lane] = initialStep(y.lane(lane), k1.lane(lane), span: end[lane] - t[lane], relative: relative,
                                          absolute: absolute)
                }
                let remaining = end - t
                let last = h .>= remaining
                let step = h.replacing(with: remaining, where: last)
                let trial: (y: ODE.State, derivative: ODE.State, error: ODE.State)
                switch method {
                case .dormandPrince54: trial = ode.dormandPrinceStep(t, step, y, k1)
                default:
                    let e = ode.extrapolationStep(t, step, y, k1)
                    trial = (e.y, k1, e.error)
                }
                var sumSquares = Lanes()
                for i in 0..<ODE.State.dimension {
                    let size = pointwiseMax(pointwiseMax(y[i], -y[i]), pointwiseMax(trial.y[i], -trial.y[i]))
                    let scale = LaneMath.muladd(Lanes(repeating: relative), size, Lanes(repeating: absolute))
                    let ratio = trial.error[i] / scale
                    sumSquares = LaneMath.muladd(ratio, ratio, sumSquares)
                }
                let error = (sumSquares / Double(ODE.State.dimension)).squareRoot()
                for lane in 0..<laneCount where owner[lane] >= 0 {
                    let e = error[lane]
                    if e <= 1 {
                        accepted[lane] += 1
                        t[lane] = last[lane] ? end[lane] : t[lane] + step[lane]
                        let factor = e == 0 ? 5 : min(5, max(0.2, 0.9 * pow(e, exponent)))
                        h[lane] = step[lane] * factor
                        var finite = true
                        for i in 0..<ODE.State.dimension {
                            y[i][lane] = trial.y[i][lane]
                            k1[i][lane] = trial.derivative[i][lane]
                            finite = finite && y[i][lane].isFinite
                        }
                        if !finite {
                            finish(lane, failure: .nonFiniteState(time: t[lane]))
                        } else if last[lane] {
                            finish(lane, failure: nil)
                        }
                    } else {
                        rejected[lane] += 1
                        h[lane] = step[lane] * (e.isFinite ? max(0.2, 0.9 * pow(e, exponent)) : 0.1)
                    }
                    guard owner[lane] >= 0 else { continue }
                    if h[lane] < 1e-14 * max(abs(t[lane]), abs(end[lane] - start[lane])) {
                        finish(lane, failure: .stepSizeUnderflow(step: h[lane], time: t[lane]))
                    } else if accepted[lane] + rejected[lane] >= maxSteps {
                        finish(lane, failure: .stepLimit(maxSteps: maxSteps, end: end[lane]))
                    }
                }
            }
        }
        return outcomes
    }

    /// A starting step from the scaled sizes of y and f (Hairer–Nørsett–Wanner, first part):
    /// h = 0.01·‖y‖/‖f‖ (1e-6 when either is tiny), at most the span. The controller corrects it.
    @usableFromInline
    static func initialStep(_ y: [Double], _ f: [Double], span: Double, relative: Double, absolute: Double) -> Double {
        var d0 = 0.0, d1 = 0.0
        for i in y.indices {
            let scale = absolute + relative * abs(y[i])
            d0 += (y[i] / scale) * (y[i] / scale)
            d1 += (f[i] / scale) * (f[i] / scale)
        }
        d0 = (d0 / Double(y.count)).squareRoot()
        d1 = (d1 / Double(y.count)).squareRoot()
        let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1
        return min(h0, span)
    }
}
