/// Why an integration stopped before the end of its interval. Times are in the problem's own units.
public enum IntegrationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The state stopped being finite at `time`.
    case nonFiniteState(time: Double)
    /// The controller asked for a step too small to advance the time.
    case stepSizeUnderflow(step: Double, time: Double)
    /// More than `maxSteps` steps were needed before `end` (nil where the integrator does not say).
    case stepLimit(maxSteps: Int, end: Double?)

    public var description: String {
        switch self {
        case .nonFiniteState(let t): "non-finite state at t = \(t)"
        case .stepSizeUnderflow(let h, let t): "step size underflow (h = \(h)) at t = \(t)"
        case .stepLimit(let n, let end?): "more than \(n) steps before t = \(end)"
        case .stepLimit(let n, nil): "more than \(n) steps"
        }
    }
}
