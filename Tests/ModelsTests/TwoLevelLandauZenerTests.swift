import Foundation
@testable import Models
import TestSupport
import Testing

@Suite("lz.two-level")
struct TwoLevelLandauZenerTests {
    let model = TwoLevelLandauZener(ModelConfiguration(method: .rk4, tolerance: 1e-9))

    func observables(v: Double, delta: Double, T: Double) -> [Double] {
        guard let values = model.evaluate([.init(rate: v, gap: delta, halfWindow: T)])[0].observables else {
            Issue.record("point failed")
            return []
        }
        return TwoLevelLandauZener.Observables.columns.map { $0.value(values) }
    }

    @Test("p_stay agrees with an independent Magnus-4 integration at the same T to 1e-8",
          arguments: [(0.1, 1.0, 50.0), (0.37, 1.0, 50.0), (1, 1, 50), (3, 0.5, 50), (10, 1, 50), (2, 2, 30), (1, 1, 100)])
    func agreesWithIndependentIntegration(v: Double, delta: Double, T: Double) {
        let o = observables(v: v, delta: delta, T: T)
        let reference = IndependentTwoLevelReference.converged(rate: v, gap: delta, halfWindow: T)
        #expect(reference.errorEstimate < 1e-10)
        #expect(abs(o[0] - reference.value) <= 1e-8, "p_stay \(o[0]) vs reference \(reference.value)")
        #expect(o[2] <= 2e-9, "norm error \(o[2])")
    }

    @Test("p_lz is the Landau–Zener formula")
    func formulaColumn() {
        let o = observables(v: 2, delta: 1, T: 10)
        #expect(abs(o[3] - exp(-Double.pi / 4)) < 1e-15)
    }

    @Test("without a gap nothing happens: p_stay = 1 and p_adiabatic = 0 up to the tolerance")
    func noGap() {
        let o = observables(v: 1, delta: 0, T: 20)
        #expect(abs(o[0] - 1) < 2e-9)
        #expect(o[1] < 1e-15)
    }

    @Test("adiabatic probability: a slow sweep follows the ground state, 1 − p_adiabatic ≈ P_LZ within the window bound")
    func adiabaticFollowing() {
        for v in [0.2, 1.0, 5.0] {
            let o = observables(v: v, delta: 1, T: 80)
            let p: Double = o[3], eps: Double = 1 / (v * 80)
            let bound: Double = 2 * (p * (1 - p)).squareRoot() * eps * (1 + eps) + eps * eps + 1e-8
            #expect(abs(1 - o[1] - p) <= bound)
        }
    }

    @Test("the ground state used for p_adiabatic is an eigenvector with eigenvalue −E",
          arguments: [(3.0, 0.5), (-3.0, 0.5), (0.0, 1.0), (1e-12, 2.0), (-1e8, 1.0)])
    func groundState(hz: Double, hx: Double) {
        let g = TwoLevelLandauZener.Sweep.groundState(hz: hz, hx: hx)
        let e: Double = (hz * hz + hx * hx).squareRoot()
        let residualUp: Double = hz * g.up + hx * g.down + e * g.up
        let residualDown: Double = hx * g.up - hz * g.down + e * g.down
        let norm: Double = g.up * g.up + g.down * g.down
        #expect(abs(residualUp) <= 1e-12 * e)
        #expect(abs(residualDown) <= 1e-12 * e)
        #expect(abs(norm - 1) < 1e-15)
    }

    @Test("a point's outcome is the same alone or in a batch")
    func batchIndependence() {
        let points = (0..<13).map { TwoLevelLandauZener.Point(rate: 0.2 + 0.7 * Double($0), gap: 1, halfWindow: 20) }
        let bits = { (result: PointResult<TwoLevelLandauZener.Observables>) in
            result.observables.map { o in TwoLevelLandauZener.Observables.columns.map { $0.value(o).bitPattern } }
        }
        let batch = model.evaluate(points)
        for (point, outcome) in zip(points, batch) {
            #expect(bits(model.evaluate([point])[0]) == bits(outcome))
            #expect(bits(outcome) != nil)
        }
    }
}
