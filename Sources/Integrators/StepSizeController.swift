import Foundation

/// The one step-size rule of every adaptive integrator (the lane pools, `LargeStateRK`, `MagnusLanczos`).
///
/// A trial step of size h has a scaled error e, accepted when e ≤ 1 (what e scales by is each
/// integrator's own: RMS of error/(absolute + relative·|y|) for the Runge–Kutta methods, the error
/// per unit step for Magnus–Lanczos). With q the order of the error estimate, the next step is
///
///     after an accepted step:  h·min(growth, max(shrink, safety·e^(−1/(q+1))))   (h·growth when e = 0)
///     after a rejected step:   h·max(shrink, safety·e^(−1/(q+1)))                 (h·afterNonFinite when e is not finite)
///
/// (Hairer–Nørsett–Wanner I, §II.4). A step below `underflow`·max(|t|, |span|) cannot move t in
/// floating point any more: the integration fails with `IntegrationFailure.stepSizeUnderflow`.
@frozen
public struct StepSizeController: Sendable, Equatable {
    /// Aim below the tolerance, so that the next step is likely accepted.
    public static let safety = 0.9
    /// The largest growth of the step after an accepted step.
    public static let growth = 5.0
    /// The largest shrink of the step (after an accepted or a rejected step).
    public static let shrink = 0.2
    /// The shrink after a step whose error is not finite (overflow: the estimate says nothing).
    public static let afterNonFinite = 0.1
    /// Steps below this fraction of max(|t|, |span|) are a step-size underflow.
    public static let underflow = 1e-14

    /// −1/(q + 1), q the order of the error estimate.
    public let exponent: Double

    /// For an error estimate of order `errorOrder` (the local error is O(h^(errorOrder+1))).
    @inlinable
    public init(errorOrder: Int) {
        exponent = -1.0 / Double(errorOrder + 1)
    }

    /// The next step after an accepted step of size `h` with scaled error `error` ≤ 1.
    @inlinable @inline(__always)
    public func afterAccepted(_ h: Double, error: Double) -> Double {
        h * (error == 0 ? Self.growth : min(Self.growth, max(Self.shrink, Self.safety * pow(error, exponent))))
    }

    /// The next try after a rejected step of size `h` with scaled error `error` > 1 (or not finite).
    @inlinable @inline(__always)
    public func afterRejected(_ h: Double, error: Double) -> Double {
        h * (error.isFinite ? max(Self.shrink, Self.safety * pow(error, exponent)) : Self.afterNonFinite)
    }

    /// Whether a step `h` at time `t` of an integration over `span` is too small to move t.
    @inlinable @inline(__always)
    public static func underflows(_ h: Double, at t: Double, span: Double) -> Bool {
        h < underflow * max(abs(t), abs(span))
    }
}
