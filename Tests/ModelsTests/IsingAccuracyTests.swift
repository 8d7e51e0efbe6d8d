import Foundation
@testable import Models
import TestSupport
import Testing

/// ising.kz's accuracy contract (issue 13): n and e_res absolute, |error| ≤ tolerance, for both
/// methods, against `IndependentTwoLevelReference.isingDensities` — fixed-step CFM4 written apart from
/// Integrators/, in the lab time of the untransformed BdG equations (so it checks the model's change
/// of variables too), with its own eigenvectors, converged by halving the step.
@Suite("ising.kz accuracy contract")
struct IsingAccuracyTests {
    /// (τ_Q, g₀, g_f, L): a KZ ramp, slow ramps with many small-k modes, starts far above the critical
    /// point (long windows of a large |H|: magnus4 was 16× outside at 1e-7 at g₀ = 300 before the rotation
    /// bound), and final fields away from 0, where e_res weighs the modes by ε_k up to 2(1 + g_f).
    static let ramps: [(tauQ: Double, g0: Double, gFinal: Double, sites: Int)] = [
        (64, 4, 0, 64), (256, 4, 0.5, 64), (16, 100, 0, 16), (4, 300, 0, 8), (4, 30, 3, 16),
    ]

    @Test("n and e_res within the tolerance of an independent per-mode integration, both methods",
          arguments: [IsingKibbleZurek.Method.auto, .magnus4])
    func againstReference(method: IsingKibbleZurek.Method) {
        let references = Self.ramps.map {
            IndependentTwoLevelReference.isingDensities(quenchTime: $0.tauQ, sites: $0.sites, initialField: $0.g0, finalField: $0.gFinal)
        }
        for tolerance in [1e-7, 1e-9, 1e-11] {
            let model = IsingKibbleZurek(ModelConfiguration(method: method, tolerance: tolerance))
            var worst = (n: 0.0, eRes: 0.0)
            for (ramp, reference) in zip(Self.ramps, references) {
                #expect(reference.nError < tolerance / 20 && reference.eResError < tolerance / 20, "the reference is not converged at \(ramp)")
                let point = IsingKibbleZurek.Point(quenchTime: ramp.tauQ, sites: ramp.sites, initialField: ramp.g0, finalField: ramp.gFinal)
                #expect(model.check(point) == nil)
                guard let o = model.evaluate([point])[0].observables else { Issue.record("\(method) failed at \(ramp)"); continue }
                let (dn, de) = (abs(o.n - reference.n), abs(o.eRes - reference.eRes))
                #expect(dn <= tolerance && de <= tolerance, "\(method) at \(ramp), tolerance \(tolerance): |Δn| = \(dn), |Δe_res| = \(de)")
                worst = (max(worst.n, dn / tolerance), max(worst.eRes, de / tolerance))
            }
            print("ising.kz \(method), tolerance \(tolerance): worst |Δn| = \(worst.n)×, |Δe_res| = \(worst.eRes)× the tolerance")
        }
    }

    @Test("check refuses magnus4 where a mode's phase would take more than 5e6 steps, and accepts auto there")
    func magnusDomain() {
        let far = IsingKibbleZurek.Point(quenchTime: 1e6, sites: 100, initialField: 1e3, finalField: 0)
        let violation = IsingKibbleZurek(ModelConfiguration(method: .magnus4, tolerance: 1e-8)).check(far)
        #expect(violation?.rule.contains("use method auto") == true, "\(String(describing: violation))")
        #expect(IsingKibbleZurek(ModelConfiguration(method: .auto, tolerance: 1e-8)).check(far) == nil)
    }
}
