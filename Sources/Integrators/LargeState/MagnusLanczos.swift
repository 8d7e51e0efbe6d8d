import Foundation

/// H(t) = Σ_k f_k(t) H_k with real symmetric, time-independent terms H_k (ħ = 1): the form of the
/// LMG and BCS Hamiltonians. A model applies a combination Σ_k c_k H_k to a real vector.
public protocol TermwiseHamiltonian {
    var dimension: Int { get }
    var termCount: Int { get }
    /// f_k(t).
    func coefficient(_ term: Int, at t: Double) -> Double
    /// y = Σ_k c_k H_k x (overwrites y); `c` has `termCount` entries. Must not allocate.
    func apply(_ c: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>)
}

/// Fourth-order commutator-free Magnus integrator for i dψ/dt = H(t)ψ with one large state:
/// ψ ← exp(−ih A₁) exp(−ih A₂) ψ, A₂ = α₂H(t₁) + α₁H(t₂), A₁ = α₁H(t₁) + α₂H(t₂) at the Gauss nodes
/// t₁,₂ = t + (½ ∓ √3/6)h, α₁,₂ = (3 ∓ 2√3)/12. Each exponential is applied by `KrylovExponential`.
/// Unitary up to the Krylov tolerance, whatever the step.
///
/// Adaptive control, error per unit step: one step against two half steps; error = ‖ψ_half − ψ_full‖/15
/// plus the Krylov estimates, accepted when ≤ tolerance·h/window (absolute, in the 2-norm). The
/// propagator is unitary, so local errors add without growth: over a window the 2-norm error of ψ
/// stays near `tolerance` however many steps it takes (a step is never held below 1e-15, round-off).
/// Next step by `StepSizeController` with the error per unit step as its scaled error (∝ h⁴: exponent −1/4).
public final class MagnusLanczos<H: TermwiseHamiltonian> {
    public let hamiltonian: H
    private let krylov: KrylovExponential
    private var combination: [Double]
    private var coarseReal: [Double], coarseImaginary: [Double]
    private var startReal: [Double], startImaginary: [Double]

    public init(_ hamiltonian: H, maxKrylovDimension: Int = 40, reorthogonalize: Bool = true) {
        self.hamiltonian = hamiltonian
        let n = hamiltonian.dimension
        krylov = KrylovExponential(dimension: n, maxDimension: maxKrylovDimension, reorthogonalize: reorthogonalize)
        combination = [Double](repeating: 0, count: hamiltonian.termCount)
        coarseReal = [Double](repeating: 0, count: n)
        coarseImaginary = [Double](repeating: 0, count: n)
        startReal = [Double](repeating: 0, count: n)
        startImaginary = [Double](repeating: 0, count: n)
    }

    public struct Report: Sendable, Equatable {
        public var acceptedSteps = 0
        public var rejectedSteps = 0
        /// Largest Krylov dimension used.
        public var largestKrylovDimension = 0
        public var failure: IntegrationFailure?
        public init() {}
    }

    /// One CFM4 step of size h from t; returns the sum of the two Krylov error estimates.
    public func step(_ real: inout [Double], _ imaginary: inout [Double], t: Double, h: Double, krylovTolerance: Double,
                     report: inout Report) -> Double {
        typealias CFM4 = CommutatorFreeMagnus4
        let t1 = t + CFM4.node1 * h, t2 = t + CFM4.node2 * h
        return exponential(&real, &imaginary, t1, t2, CFM4.alpha2, CFM4.alpha1, h, krylovTolerance, &report)
            + exponential(&real, &imaginary, t1, t2, CFM4.alpha1, CFM4.alpha2, h, krylovTolerance, &report)
    }

    /// ψ ← exp(−ih(w₁H(t₁) + w₂H(t₂)))ψ; returns the Krylov error estimate.
    private func exponential(_ real: inout [Double], _ imaginary: inout [Double], _ t1: Double, _ t2: Double,
                             _ w1: Double, _ w2: Double, _ h: Double, _ krylovTolerance: Double, _ report: inout Report) -> Double {
        for k in 0..<hamiltonian.termCount {
            combination[k] = w1 * hamiltonian.coefficient(k, at: t1) + w2 * hamiltonian.coefficient(k, at: t2)
        }
        let result = combination.withUnsafeBufferPointer { c in
            krylov.apply(tau: h, real: &real, imaginary: &imaginary, tolerance: krylovTolerance) { x, y in
                hamiltonian.apply(c, x, into: y)
            }
        }
        report.largestKrylovDimension = max(report.largestKrylovDimension, result.krylovDimension)
        return result.errorEstimate
    }

    public enum Control: Sendable, Equatable {
        case fixed(steps: Int)
        /// `tolerance` bounds the 2-norm error of ψ accumulated over an interval of length `window`
        /// (the integration interval, or a longer one it is part of).
        case adaptive(tolerance: Double, initialStep: Double, window: Double)
    }

    /// Integrates ψ from `start` to `end` in place. Adaptive steps never exceed `maxStep` (for example a
    /// fraction of the period of the fastest oscillation the error estimate must resolve).
    public func integrate(_ real: inout [Double], _ imaginary: inout [Double], from start: Double, to end: Double,
                          control: Control, maxSteps: Int = 10_000_000, maxStep: Double = .infinity) -> Report {
        var report = Report()
        switch control {
        case .fixed(let steps):
            let h = (end - start) / Double(steps)
            for k in 0..<steps {
                _ = step(&real, &imaginary, t: start + Double(k) * h, h: h, krylovTolerance: 1e-12, report: &report)
                report.acceptedSteps += 1
            }
        case .adaptive(let tolerance, let initialStep, let window):
            var t = start
            var h = min(initialStep, end - start, maxStep)
            let density = tolerance / max(window, end - start)
            let controller = StepSizeController(errorOrder: 3)
            while t < end {
                let last = h >= end - t
                let size = last ? end - t : h
                // Below ~1e-15 a step's error estimate is round-off, which no smaller step reduces.
                let allowance = max(density * size, 1e-15), krylovTolerance = 0.1 * allowance
                copy(real, imaginary, into: &startReal, &startImaginary)
                copy(real, imaginary, into: &coarseReal, &coarseImaginary)
                var error = step(&coarseReal, &coarseImaginary, t: t, h: size, krylovTolerance: krylovTolerance, report: &report)
                error += step(&real, &imaginary, t: t, h: size / 2, krylovTolerance: krylovTolerance, report: &report)
                error += step(&real, &imaginary, t: t + size / 2, h: size / 2, krylovTolerance: krylovTolerance, report: &report)
                var difference = 0.0
                for i in 0..<real.count {
                    let dr = real[i] - coarseReal[i], di = imaginary[i] - coarseImaginary[i]
                    difference += dr * dr + di * di
                }
                error += difference.squareRoot() / 15
                let ratio = error / allowance
                if ratio <= 1 {
                    report.acceptedSteps += 1
                    t = last ? end : t + size
                    h = min(maxStep, controller.afterAccepted(size, error: ratio))
                } else {
                    report.rejectedSteps += 1
                    copy(startReal, startImaginary, into: &real, &imaginary)
                    h = controller.afterRejected(size, error: ratio)
                }
                if StepSizeController.underflows(h, at: t, span: end - start) {
                    report.failure = .stepSizeUnderflow(step: h, time: t)
                    return report
                }
                if report.acceptedSteps + report.rejectedSteps >= maxSteps {
                    report.failure = .stepLimit(maxSteps: maxSteps, end: end)
                    return report
                }
            }
        }
        return report
    }

    private func copy(_ real: [Double], _ imaginary: [Double], into r: inout [Double], _ i: inout [Double]) {
        for k in 0..<real.count {
            r[k] = real[k]
            i[k] = imaginary[k]
        }
    }
}
