import Foundation

/// How the lane integrator chooses steps.
public enum StepControl: Sendable, Equatable {
    /// `steps` equal steps from start to end for every problem (methods without an estimate, order tests).
    case fixed(steps: Int)
    /// Per-lane step-size control: a step is accepted when its scaled error is at most 1 (for the
    /// Runge–Kutta methods the RMS over components of error_i / (absolute + relative·max(|y_i|, |y_i new|)));
    /// the next step is `StepSizeController`'s.
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

/// Integrates many independent problems of one `LaneODE`, a problem per SIMD lane, with an explicit
/// Runge–Kutta method in the `LanePool` (which owns lanes, times, step control and counters).
public enum LaneIntegrator {
    @inlinable
    public static func integrate<ODE: LaneODE>(_: ODE.Type, _ problems: [ODE.Problem], method: ExplicitMethod,
                                               control: StepControl) -> [LaneOutcome] {
        if case .adaptive = control {
            precondition(method.embeddedOrder != nil, "\(method) has no error estimate; use fixed steps")
        }
        var stepper = ExplicitLaneStepper<ODE>(method: method)
        return LanePool.outcomes(&stepper, problems, control: control)
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

/// The explicit methods (`ExplicitMethod`) as a `LaneStepper`: the state y, its derivative k₁ = f(t, y)
/// for the adaptive methods, and the trial of the last step.
@usableFromInline
struct ExplicitLaneStepper<ODE: LaneODE>: AdaptiveLaneStepper {
    @usableFromInline let method: ExplicitMethod
    @usableFromInline var ode = ODE()
    @usableFromInline var y = ODE.State.zero
    @usableFromInline var k1 = ODE.State.zero
    @usableFromInline var trial = (y: ODE.State.zero, derivative: ODE.State.zero)

    @inlinable
    init(method: ExplicitMethod) { self.method = method }

    @inlinable
    var errorOrder: Int { method.embeddedOrder ?? 0 }

    @inlinable
    mutating func load(_ problem: ODE.Problem, lane: Int) -> LaneStart {
        let begin = ode.load(problem, lane: lane)
        y.setLane(lane, begin.state)
        return begin
    }

    @inlinable
    func final(lane: Int) -> [Double] { y.lane(lane) }

    @inlinable
    mutating func fixedSteps(_ count: Int, start: ODE.Lanes, size h: ODE.Lanes, index: inout ODE.Lanes) {
        for _ in 0..<count {
            // Step k at t = start + k·h exactly, as the scalar reference would take it.
            let tk = LaneMath.muladd(index, h, start)
            switch method {
            case .rk4: y = ode.rk4Step(tk, h, y)
            case .dormandPrince54: y = ode.dormandPrinceStep(tk, h, y, ode.derivative(tk, y)).y
            case .extrapolation8: y = ode.extrapolationStep(tk, h, y, ode.derivative(tk, y)).y
            }
            index += 1
        }
    }

    /// The adaptive methods start each step from f(t, y): refilled lanes need it, and the
    /// extrapolation method (no first-same-as-last stage) needs it every step.
    @inlinable
    mutating func prepareTrial(at t: ODE.Lanes, refilled: Bool) {
        if refilled || method == .extrapolation8 { k1 = ode.derivative(t, y) }
    }

    @inlinable
    func initialStep(lane: Int, span: Double, relative: Double, absolute: Double) -> Double {
        LaneIntegrator.initialStep(y.lane(lane), k1.lane(lane), span: span, relative: relative, absolute: absolute)
    }

    /// RMS over components of error_i / (absolute + relative·max(|y_i|, |y_i new|)).
    @inlinable
    mutating func trialStep(at t: ODE.Lanes, size h: ODE.Lanes, relative: Double, absolute: Double) -> ODE.Lanes {
        let error: ODE.State
        switch method {
        case .dormandPrince54:
            let step = ode.dormandPrinceStep(t, h, y, k1)
            trial = (step.y, step.derivative)
            error = step.error
        case .rk4, .extrapolation8:
            let step = ode.extrapolationStep(t, h, y, k1)
            trial = (step.y, k1)
            error = step.error
        }
        var sumSquares = ODE.Lanes()
        for i in 0..<ODE.State.dimension {
            let size = pointwiseMax(pointwiseMax(y[i], -y[i]), pointwiseMax(trial.y[i], -trial.y[i]))
            let scale = LaneMath.muladd(ODE.Lanes(repeating: relative), size, ODE.Lanes(repeating: absolute))
            let ratio = error[i] / scale
            sumSquares = LaneMath.muladd(ratio, ratio, sumSquares)
        }
        return (sumSquares / Double(ODE.State.dimension)).squareRoot()
    }

    @inlinable
    mutating func accept(lane: Int) -> Bool {
        var finite = true
        for i in 0..<ODE.State.dimension {
            y[i][lane] = trial.y[i][lane]
            k1[i][lane] = trial.derivative[i][lane]
            finite = finite && y[i][lane].isFinite
        }
        return finite
    }
}
