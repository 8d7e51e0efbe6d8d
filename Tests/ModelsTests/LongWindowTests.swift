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
