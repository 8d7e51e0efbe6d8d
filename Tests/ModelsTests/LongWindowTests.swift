import Foundation
@testable import Models
import TestSupport
import Testing

/// Long windows (T = 200), where the phase accumulates to ~vT²/2 and the per-point method matters.
@Suite("lz.two-level, long windows")
struct LongWindowTests {
    /// 48 rates log-spaced over [0.1, 10], as in the shipped scan.
    static let rates = (0..<48).map { pow(10, -1 + 2 * Double($0) / 47) }

    func pStay(method: TwoLevelLandauZener.Method, tolerance: Double, v: Double) -> Double {
        let model = TwoLevelLandauZener(ModelConfiguration(method: method, tolerance: tolerance))
        guard let o = model.evaluate([.init(rate: v, gap: 1, halfWindow: 200)])[0].observables else {
            Issue.record("point failed at v = \(v)")
            return .nan
        }
        return o.pStay
    }

    @Test("auto (Magnus + analytic adiabatic tails) agrees with an independent integration at T = 200 to 1e-6",
          arguments: [1e-6, 1e-8])
    func autoAgreesWithReference(tolerance: Double) {
        var worst = 0.0
        for v in Self.rates {
            let reference = IndependentTwoLevelReference.converged(rate: v, gap: 1, halfWindow: 200, step: 1e-3)
            #expect(reference.errorEstimate < 1e-9, "reference not converged at v = \(v): \(reference.errorEstimate)")
            worst = max(worst, abs(pStay(method: .auto, tolerance: tolerance, v: v) - reference.value))
        }
        #expect(worst <= tolerance, "max error \(worst) at tolerance \(tolerance)")
        print("auto, T = 200, tolerance \(tolerance): max |p_stay − reference| = \(worst)")
    }

    @Test("magnus4 over the whole window agrees with auto to the tolerance")
    func magnusAgrees() {
        for v in [0.1, 0.7, 3.0] {
            #expect(abs(pStay(method: .magnus4, tolerance: 1e-7, v: v) - pStay(method: .auto, tolerance: 1e-8, v: v)) <= 1e-7)
        }
    }

    /// Fast sweeps over long windows, vT² from 10⁵ to 10⁷ (issue 13): before the rotation bound of
    /// `TwoLevelMagnus`, magnus4 was 10–170× outside its tolerance here.
    static let fastLongSweeps: [TwoLevelLandauZener.Point] = [
        .init(rate: 3, gap: 1, halfWindow: 300), .init(rate: 10, gap: 1, halfWindow: 300), .init(rate: 10, gap: 0.3, halfWindow: 300),
        .init(rate: 30, gap: 1, halfWindow: 300), .init(rate: 10, gap: 1, halfWindow: 1000), .init(rate: 100, gap: 1, halfWindow: 100),
    ]

    @Test("magnus4 meets its tolerance on p_stay at large vT² against an independent integration, and error/tolerance stays flat as it tightens")
    func magnusFastLongSweeps() {
        let references = Self.fastLongSweeps.map { point in
            IndependentTwoLevelReference.converged(rate: point.rate, gap: point.gap, halfWindow: point.halfWindow, step: 2e-4 / max(1, point.rate / 3))
        }
        var worstRatios: [Double] = []
        for tolerance in [1e-7, 1e-9, 1e-11] {
            let model = TwoLevelLandauZener(ModelConfiguration(method: .magnus4, tolerance: tolerance))
            var worst = 0.0
            for ((point, reference), result) in zip(zip(Self.fastLongSweeps, references), model.evaluate(Self.fastLongSweeps)) {
                #expect(reference.errorEstimate < tolerance / 20, "the reference is not converged at \(point)")
                guard let o = result.observables else { Issue.record("\(point) failed: \(result)"); continue }
                let error = abs(o.pStay - reference.value)
                #expect(error <= tolerance, "v = \(point.rate), Δ = \(point.gap), T = \(point.halfWindow): |Δp_stay| = \(error), \(error / tolerance)× the tolerance \(tolerance)")
                worst = max(worst, error / tolerance)
            }
            print("magnus4, vT² ≥ 1e5, tolerance \(tolerance): worst |p_stay − reference| = \(worst)× the tolerance")
            worstRatios.append(worst)
        }
        // The steps grow as tolerance^(−1/5) and their errors add up like a random walk, so the ratio may
        // creep up (measured 0.08, 0.20, 0.41); it must not grow by more than 3× per two decades.
        for (loose, tight) in zip(worstRatios, worstRatios.dropFirst()) {
            #expect(tight <= max(3 * loose, 0.1), "error/tolerance grows as the tolerance tightens: \(worstRatios)")
        }
    }

    @Test("check refuses magnus4 where resolving the phase would take more than 5e6 steps, and accepts auto there")
    func magnusDomain() {
        let far = TwoLevelLandauZener.Point(rate: 1e6, gap: 1, halfWindow: 1e4), edge = TwoLevelLandauZener.Point(rate: 10, gap: 1, halfWindow: 1000)
        let magnus = TwoLevelLandauZener(ModelConfiguration(method: .magnus4, tolerance: 1e-9))
        let violation = magnus.check(far)
        #expect(violation?.rule.contains("use method auto") == true, "\(String(describing: violation))")
        #expect(magnus.check(edge) == nil)
        #expect(TwoLevelLandauZener(ModelConfiguration(method: .auto, tolerance: 1e-9)).check(far) == nil)
    }

    @Test("the adiabatic frame round-trips lab amplitudes and its tail rotation is unitary")
    func adiabaticFrame() {
        let frame = AdiabaticFrame(rate: 2.5, gap: 0.7)
        for t in [-150.0, -3, 0, 0.4, 80] {
            let b = frame.toInteraction(up: (0.6, 0.1), down: (-0.3, 0.7348469228349535), at: t)
            let back = frame.toLab(plus: b.plus, minus: b.minus, at: t)
            #expect(abs(back.up.re - 0.6) < 1e-12 && abs(back.up.im - 0.1) < 1e-12)
            #expect(abs(back.down.re + 0.3) < 1e-12 && abs(back.down.im - 0.7348469228349535) < 1e-12)
        }
        let moved = frame.propagateTail(plus: (0.6, 0.1), minus: (-0.3, 0.7348469228349535), from: 20, to: 200)
        let norm = moved.plus.re * moved.plus.re + moved.plus.im * moved.plus.im + moved.minus.re * moved.minus.re + moved.minus.im * moved.minus.im
        #expect(abs(norm - 1) < 1e-14)
    }
}
