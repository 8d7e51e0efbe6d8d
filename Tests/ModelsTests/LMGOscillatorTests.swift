import Foundation
@testable import Models
import Testing

@Suite("lmg.oscillator")
struct LMGOscillatorTests {
    let model = LMGOscillator(ModelConfiguration(method: .extrapolation8, tolerance: 1e-8))

    func run(_ form: LMGOscillator.Form, _ ramp: LMGRamp, n: Int = 500, delta: Double = 0.01, lambda: Double = 1,
             window: Double = 200) -> LMGOscillator.Observables {
        let point = LMGOscillator.Point(form: form, ramp: ramp, spins: n, delta: delta, lambda: lambda, window: window)
        guard let o = model.evaluate([point])[0].observables else {
            Issue.record("point failed")
            return LMGOscillator.Observables(nExc: .nan, fidelity: .nan, heat: .nan, nAiry: .nan, nScaling: .nan)
        }
        return o
    }

    /// PHYSICS.md §2.4, mpmath Airy at 30 digits: (Λ, n_full(S → ∞), n_half(s = 0)), 6 significant digits.
    static let table: [(Double, Double, Double)] = [
        (1e-3, 2.24978e-06, 2.49993e-07), (1e-2, 2.22915e-04, 2.49351e-05), (0.1, 0.0149952, 0.00212436),
        (0.2, 0.0382909, 0.00673731), (0.5, 0.0939714, 0.0242502), (1, 0.147747, 0.0532874), (2, 0.200579, 0.102803),
        (6, 0.266566, 0.238633), (10, 0.288288, 0.332041), (100, 0.336406, 1.103975), (1e3, 0.347956, 2.865553),
        (6e3, 0.350219, 5.584075), (1e4, 0.350504, 6.708774), (1e6, 0.351175, 32.908935),
    ]

    @Test("the Airy scaling limits reproduce PHYSICS.md's table to its 6 digits, and 0.3512071920 as Λ → ∞")
    func scalingLimits() {
        for (lambda, full, half) in Self.table {
            let ramp = HolsteinPrimakoffOscillator.ScaledRamp(lambda: lambda)
            #expect(abs(ramp.scalingLimit(full: true) - full) <= 6e-6 * full, "full, Λ = \(lambda): \(ramp.scalingLimit(full: true))")
            #expect(abs(ramp.scalingLimit(full: false) - half) <= 6e-6 * half, "half, Λ = \(lambda): \(ramp.scalingLimit(full: false))")
        }
        #expect(abs(HolsteinPrimakoffOscillator.ScaledRamp(lambda: 1e15).scalingLimit(full: true) - 0.3512071920) < 1e-9)
    }

    @Test("limits: n_full → (9/4)Λ² and n_half → Λ²/4 as Λ → 0 (1e-3 rel.), n_half → 0.3340644·Λ^{1/3} − ½ as Λ → ∞ (1e-3 rel.)")
    func limits() {
        let small = HolsteinPrimakoffOscillator.ScaledRamp(lambda: 1e-4)
        #expect(abs(small.scalingLimit(full: true) / (2.25e-8) - 1) < 1e-3)
        #expect(abs(small.scalingLimit(full: false) / (0.25e-8) - 1) < 1e-3)
        let large = HolsteinPrimakoffOscillator.ScaledRamp(lambda: 1e9)
        #expect(abs(large.scalingLimit(full: false) / (0.3340644 * 1e3 - 0.5) - 1) < 1e-3)
    }

    @Test("the integrated Ermakov–Milne mode function equals the exact Airy solution for the same window to tol·max(1, n)",
          arguments: [1e-3, 0.1, 1.0, 10, 1e3, 1e6])
    func againstAiry(lambda: Double) {
        for ramp in LMGRamp.allCases {
            let o = run(.scaled, ramp, lambda: lambda)
            #expect(abs(o.nExc - o.nAiry) <= 1e-8 * max(1, o.nAiry), "\(ramp), Λ = \(lambda): n = \(o.nExc), Airy \(o.nAiry)")
            #expect(abs(o.fidelity - 1 / (1 + o.nExc).squareRoot()) < 1e-15)
        }
    }

    @Test("finite-N gap in physical time: Λ = 2 at N = 512 gives 0.20167 (PHYSICS.md §2.4, ±1e-4), near the scaling value 0.20058")
    func finiteN() {
        let o = run(.finiteN, .full, n: 512, delta: 2.0 / 512)
        #expect(abs(o.nExc - 0.20167) <= 1e-4, "n = \(o.nExc)")
        #expect(abs(o.nScaling - 0.200579) <= 1e-6)
        #expect(o.nAiry.isNaN)
    }

    @Test("the excitation number of the instantaneous ground state is zero")
    func groundStateHasNoExcitation() {
        for omega in [0.1, 1.0, 37.0] {
            let g = HolsteinPrimakoffOscillator.groundState(omega: omega)
            #expect(abs(HolsteinPrimakoffOscillator.excitation(u: g.u, derivative: g.du, omega: omega)) < 1e-15)
        }
    }
}
