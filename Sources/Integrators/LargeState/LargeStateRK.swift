import Foundation

/// dy/dt = f(t, y) for one large state held in a contiguous buffer.
public protocol LargeODE {
    var dimension: Int { get }
    /// Writes f(t, y) into `derivative`. Must not allocate, for the integrators to stay allocation free.
    func derivative(_ t: Double, _ y: UnsafeBufferPointer<Double>, into derivative: UnsafeMutableBufferPointer<Double>)
}

/// Explicit Runge–Kutta for one large state, vectorized inside the state (the loops over the buffer
/// are plain element-wise arithmetic, compiled to SIMD). The workspace is allocated once, at
/// initialisation; a step allocates nothing.
public final class LargeStateRK {
    public let dimension: Int
    /// Seven stage buffers and a trial buffer, one allocation.
    private let workspace: UnsafeMutablePointer<Double>

    public init(dimension: Int) {
        self.dimension = dimension
        workspace = .allocate(capacity: 8 * dimension)
        workspace.initialize(repeating: 0, count: 8 * dimension)
    }

    deinit { workspace.deallocate() }

    /// Statistics of an integration.
    public struct Report: Sendable, Equatable {
        public var acceptedSteps = 0
        public var rejectedSteps = 0
        public var failure: IntegrationFailure?
        public init() {}
    }

    /// `steps` classical RK4 steps of equal size from `start` to `end`, in place.
    public func rk4<ODE: LargeODE>(_ ode: ODE, _ y: inout [Double], from start: Double, to end: Double, steps: Int) {
        precondition(y.count == dimension && ode.dimension == dimension, "state of \(y.count) for an integrator of \(dimension)")
        let h = (end - start) / Double(steps)
        for k in 0..<steps {
            let t = start + Double(k) * h
            y.withUnsafeMutableBufferPointer { y in
                withWorkspace { k1, k2, k3, k4, _, _, _, tmp in
                    ode.derivative(t, UnsafeBufferPointer(y), into: k1)
                    combine(tmp, y, 0.5 * h, k1)
                    ode.derivative(t + 0.5 * h, UnsafeBufferPointer(tmp), into: k2)
                    combine(tmp, y, 0.5 * h, k2)
                    ode.derivative(t + 0.5 * h, UnsafeBufferPointer(tmp), into: k3)
                    combine(tmp, y, h, k3)
                    ode.derivative(t + h, UnsafeBufferPointer(tmp), into: k4)
                    for i in 0..<y.count {
                        y[i] += h / 6 * (k1[i] + 2 * (k2[i] + k3[i]) + k4[i])
                    }
                }
            }
        }
    }

    /// Dormand–Prince 5(4) (`DormandPrince54Tableau`) from `start` to `end`, in place, steps by
    /// `StepSizeController`. Each step's error is scaled component-wise by absolute + relative·max(|y|, |y new|)
    /// and accepted when
    /// - per step (`window` nil): its RMS over the components is ≤ 1;
    /// - per unit step (`window` W): its 2-norm is ≤ h/W. For a norm-preserving flow (Schrödinger) the
    ///   local errors then add up to at most `absolute` in the 2-norm over a span of W.
    public func dormandPrince<ODE: LargeODE>(_ ode: ODE, _ y: inout [Double], from start: Double, to end: Double,
                                             relative: Double, absolute: Double, window: Double? = nil, initialStep: Double? = nil,
                                             maxSteps: Int = 10_000_000) -> Report {
        precondition(y.count == dimension && ode.dimension == dimension, "state of \(y.count) for an integrator of \(dimension)")
        var report = Report()
        var t = start
        var h = initialStep ?? min(1e-3 * (end - start), end - start)
        var haveFirstStage = false
        // Per unit step the scaled error is O(h⁴), one order less than the local error.
        let controller = StepSizeController(errorOrder: window == nil ? 4 : 3)
        while t < end {
            let last = h >= end - t
            let step = last ? end - t : h
            let error: Double = y.withUnsafeMutableBufferPointer { y in
                withWorkspace { k1, k2, k3, k4, k5, k6, k7, tmp in
                    typealias T = DormandPrince54Tableau
                    if !haveFirstStage { ode.derivative(t, UnsafeBufferPointer(y), into: k1) }
                    combine(tmp, y, step * T.a21, k1)
                    ode.derivative(t + step * T.c2, UnsafeBufferPointer(tmp), into: k2)
                    combine(tmp, y, step * T.a31, k1, step * T.a32, k2)
                    ode.derivative(t + step * T.c3, UnsafeBufferPointer(tmp), into: k3)
                    combine(tmp, y, step * T.a41, k1, step * T.a42, k2, step * T.a43, k3)
                    ode.derivative(t + step * T.c4, UnsafeBufferPointer(tmp), into: k4)
                    combine(tmp, y, step * T.a51, k1, step * T.a52, k2, step * T.a53, k3, step * T.a54, k4)
                    ode.derivative(t + step * T.c5, UnsafeBufferPointer(tmp), into: k5)
                    combine(tmp, y, step * T.a61, k1, step * T.a62, k2, step * T.a63, k3, step * T.a64, k4, step * T.a65, k5)
                    ode.derivative(t + step, UnsafeBufferPointer(tmp), into: k6)
                    combine(tmp, y, step * T.b1, k1, step * T.b3, k3, step * T.b4, k4, step * T.b5, k5, step * T.b6, k6)
                    ode.derivative(t + step, UnsafeBufferPointer(tmp), into: k7)
                    var sum = 0.0
                    for i in 0..<y.count {
                        let e = step * (T.e1 * k1[i] + T.e3 * k3[i] + T.e4 * k4[i] + T.e5 * k5[i] + T.e6 * k6[i] + T.e7 * k7[i])
                        let scale = absolute + relative * max(abs(y[i]), abs(tmp[i]))
                        sum += (e / scale) * (e / scale)
                    }
                    guard let window else { return (sum / Double(y.count)).squareRoot() }
                    return sum.squareRoot() * window / step
                }
            }
            if error <= 1 {
                // Accept: y ← the order-5 solution, k1 ← its derivative (first same as last).
                y.withUnsafeMutableBufferPointer { y in
                    withWorkspace { k1, _, _, _, _, _, k7, tmp in
                        for i in 0..<y.count { y[i] = tmp[i]; k1[i] = k7[i] }
                    }
                }
                haveFirstStage = true
                t = last ? end : t + step
                report.acceptedSteps += 1
                h = controller.afterAccepted(step, error: error)
                if !y.allSatisfy(\.isFinite) { report.failure = .nonFiniteState(time: t); return report }
            } else {
                report.rejectedSteps += 1
                h = controller.afterRejected(step, error: error)
            }
            if StepSizeController.underflows(h, at: t, span: end - start) { report.failure = .stepSizeUnderflow(step: h, time: t); return report }
            if report.acceptedSteps + report.rejectedSteps >= maxSteps { report.failure = .stepLimit(maxSteps: maxSteps, end: nil); return report }
        }
        return report
    }

    /// Runs `body` with the seven stage buffers and the trial buffer.
    private func withWorkspace<R>(_ body: (Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer) -> R) -> R {
        let n = dimension
        func slot(_ k: Int) -> Buffer { Buffer(start: workspace + k * n, count: n) }
        return body(slot(0), slot(1), slot(2), slot(3), slot(4), slot(5), slot(6), slot(7))
    }
}

typealias Buffer = UnsafeMutableBufferPointer<Double>

/// out = y + a₁k₁ (+ a₂k₂ …), element-wise; one overload per number of terms, so each loop is
/// straight-line arithmetic that the compiler vectorizes.
@inline(__always)
func combine(_ out: Buffer, _ y: Buffer, _ a1: Double, _ k1: Buffer) {
    for i in 0..<out.count { out[i] = y[i] + a1 * k1[i] }
}

@inline(__always)
func combine(_ out: Buffer, _ y: Buffer, _ a1: Double, _ k1: Buffer, _ a2: Double, _ k2: Buffer) {
    for i in 0..<out.count { out[i] = y[i] + a1 * k1[i] + a2 * k2[i] }
}

@inline(__always)
func combine(_ out: Buffer, _ y: Buffer, _ a1: Double, _ k1: Buffer, _ a2: Double, _ k2: Buffer, _ a3: Double, _ k3: Buffer) {
    for i in 0..<out.count { out[i] = y[i] + a1 * k1[i] + a2 * k2[i] + a3 * k3[i] }
}

@inline(__always)
func combine(_ out: Buffer, _ y: Buffer, _ a1: Double, _ k1: Buffer, _ a2: Double, _ k2: Buffer, _ a3: Double, _ k3: Buffer,
             _ a4: Double, _ k4: Buffer) {
    for i in 0..<out.count { out[i] = y[i] + a1 * k1[i] + a2 * k2[i] + a3 * k3[i] + a4 * k4[i] }
}

@inline(__always)
func combine(_ out: Buffer, _ y: Buffer, _ a1: Double, _ k1: Buffer, _ a2: Double, _ k2: Buffer, _ a3: Double, _ k3: Buffer,
             _ a4: Double, _ k4: Buffer, _ a5: Double, _ k5: Buffer) {
    for i in 0..<out.count { out[i] = y[i] + a1 * k1[i] + a2 * k2[i] + a3 * k3[i] + a4 * k4[i] + a5 * k5[i] }
}
