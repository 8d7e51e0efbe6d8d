import Foundation
import Integrators
@testable import Models
import Testing

@Suite("ising.kz")
struct IsingKibbleZurekTests {
    let model = IsingKibbleZurek(ModelConfiguration(method: .auto, tolerance: 1e-8))

    func run(tauQ: Double, sites: Int, g0: Double, gFinal: Double = 0) -> IsingKibbleZurek.Observables {
        let point = IsingKibbleZurek.Point(quenchTime: tauQ, sites: sites, initialField: g0, finalField: gFinal)
        guard let o = model.evaluate([point])[0].observables else {
            Issue.record("point failed")
            return IsingKibbleZurek.Observables(n: .nan, eRes: .nan, nKZ: .nan)
        }
        return o
    }

    @Test("kink density matches the exact per-mode values of PHYSICS.md §3 to 1e-6", arguments: [
        (16.0, 4.0, 0.0282607), (64.0, 3.0, 0.0140768),
    ])
    func exactValues(tauQ: Double, g0: Double, expected: Double) {
        let o = run(tauQ: tauQ, sites: 4000, g0: g0)
        #expect(abs(o.n - expected) <= 1e-6, "n = \(o.n)")
        #expect(abs(o.eRes - 2 * o.n) <= 1e-12, "at g = 0 each kink costs 2J: e_res = \(o.eRes), n = \(o.n)")
    }

    @Test("slow ramps approach the KZ law from above: n/n_KZ − 1 within 1e-3 for τ_Q ≥ 64 at L = 1000")
    func kibbleZurekLaw() {
        var previous = Double.infinity
        for tauQ in [64.0, 256, 1024] {
            let o = run(tauQ: tauQ, sites: 1000, g0: 3)
            let excess = o.n / o.nKZ - 1
            #expect(excess > 0 && excess < 1e-3, "τ_Q = \(tauQ): n/n_KZ − 1 = \(excess)")
            #expect(excess < previous)
            previous = excess
        }
    }

    /// The untransformed mode equations in t, i d/dt(u, v) = 2[(g − cos k)σz + sin k σx](u, v), g = −t/τ_Q,
    /// by fine fixed-step RK4, from the positive-energy eigenvector at g₀ to the weight on the negative one at g_f.
    func directExcitation(k: Double, tauQ: Double, g0: Double, gFinal: Double) -> Double {
        func eigenvector(_ g: Double, positive: Bool) -> (Double, Double) {
            let a = 2 * (g - cos(k)), b = 2 * sin(k), e = (a * a + b * b).squareRoot()
            let (x, y) = positive ? (b, e - a) : (a - e, b)   // (H − λ)v = 0 for λ = ±e, written without cancellation where it matters
            let n = (x * x + y * y).squareRoot()
            return (x / n, y / n)
        }
        let (u0, v0) = eigenvector(g0, positive: true)
        let problem = TwoLevelProblem(
            hamiltonian: LinearTwoLevelHamiltonian(zOffset: -2 * cos(k), zSlope: -2 / tauQ, xOffset: 2 * sin(k), xSlope: 0),
            initialState: TwoLevelState(upReal: u0, upImaginary: 0, downReal: v0, downImaginary: 0),
            start: -g0 * tauQ, end: -gFinal * tauQ, steps: 400_000)
        let psi = TwoLevelRK4.solve([problem])[0]
        let (uf, vf) = eigenvector(gFinal, positive: false)
        let re = uf * psi.upReal + vf * psi.downReal, im = uf * psi.upImaginary + vf * psi.downImaginary
        return re * re + im * im
    }

    @Test("each mode agrees with a direct integration of the untransformed BdG equations to 1e-7",
          arguments: [(0.05, 16.0, 0.0), (0.3, 4.0, 0.0), (1.2, 2.0, 0.5), (2.5, 8.0, 0.0)])
    func modeAgainstDirectIntegration(k: Double, tauQ: Double, gFinal: Double) {
        let ramp = IsingKibbleZurek.Ramp(IsingKibbleZurek.Point(quenchTime: tauQ, sites: 1000, initialField: 4, finalField: gFinal))
        guard case .success(let psi) = LinearSweepSolver.solve([ramp.sweep(k)], tolerance: 1e-10, tails: true)[0] else {
            Issue.record("the Magnus integrator failed on mode k = \(k)")
            return
        }
        let direct = directExcitation(k: k, tauQ: tauQ, g0: 4, gFinal: gFinal)
        let p = ramp.excitation(ramp.sweep(k), psi)
        #expect(abs(p - direct) <= 1e-7, "k = \(k): \(p) vs \(direct)")
    }

    /// PHYSICS.md does not state the start of this check; its 6 digits match g₀ = 10 (the start of its
    /// τ_Q ≤ 4 rows): p_k = 0.7782507 there, 0.7782543 from g₀ = 4.
    @Test("single mode k = 0.05, τ_Q = 16 from g₀ = 10: p_k = 0.778251 ± 1e-6 (PHYSICS.md §3), near exp(−2πτ_Q sin²k)")
    func singleMode() {
        let ramp = IsingKibbleZurek.Ramp(IsingKibbleZurek.Point(quenchTime: 16, sites: 1000, initialField: 10, finalField: 0))
        guard case .success(let psi) = LinearSweepSolver.solve([ramp.sweep(0.05)], tolerance: 1e-10, tails: true)[0] else {
            Issue.record("the Magnus integrator failed")
            return
        }
        let p = ramp.excitation(ramp.sweep(0.05), psi)
        #expect(abs(p - 0.778251) <= 1e-6, "p_k = \(p)")
        #expect(abs(p - exp(-2 * .pi * 16 * sin(0.05) * sin(0.05))) < 1e-3)
    }

    @Test("odd L and g_final ≥ g0 are constraint violations naming their parameters, refused before evaluation")
    func invalidPoints() {
        let odd = model.check(IsingKibbleZurek.Point(quenchTime: 4, sites: 101, initialField: 4, finalField: 0))
        let rising = model.check(IsingKibbleZurek.Point(quenchTime: 4, sites: 100, initialField: 1, finalField: 2))
        guard let odd, let rising else {
            Issue.record("accepted invalid points")
            return
        }
        #expect(odd.parameters == ["L"] && odd.rule.contains("must be even"), "\(odd)")
        #expect(rising.parameters == ["g0", "g_final"] && rising.rule.contains("must be below"), "\(rising)")
        #expect(model.check(IsingKibbleZurek.Point(quenchTime: 4, sites: 100, initialField: 4, finalField: 0)) == nil)
    }
}
