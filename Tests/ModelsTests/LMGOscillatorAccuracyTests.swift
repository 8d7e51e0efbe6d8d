import Foundation
@testable import Models
import Testing

/// lmg.oscillator's accuracy contract (issue 13): n_exc within tolerance·max(1, n_exc) for both
/// methods, both forms and both ramps. The scaled form is compared with its exact Airy solution for
/// the same window (`n_airy`); the finite-n form, whose Ω² is quadratic in t, with the other method
/// at 1e-13, the two references checked against each other first. Prints the worst error/bound per
/// method and tolerance (quoted in the README, lmg.oscillator).
@Suite("lmg.oscillator accuracy contract")
struct LMGOscillatorAccuracyTests {
    /// Scaled: (Λ, S, ramp) from sudden to slow ramps and from short to long windows.
    static let scaled: [LMGOscillator.Point] = [
        (1e-3, 20.0, LMGRamp.full), (0.1, 200, .half), (1, 2000, .full), (10, 200, .full), (10, 2000, .half),
        (1e3, 20, .full), (1e6, 2000, .full), (6e3, 500, .half),
    ].map { LMGOscillator.Point(form: .scaled, ramp: $0.2, spins: 2, delta: 0.5, lambda: $0.0, window: $0.1) }

    /// Finite-n: (N, δ, ramp), the smallest size, the paper's Fig. 2(c) sizes, a slow ramp of a large system.
    static let finite: [LMGOscillator.Point] = [
        (2, 1.0, LMGRamp.full), (2, 1e-3, .half), (512, 2.0 / 512, .full), (4096, 0.1, .half), (1_000_000, 1e-3, .full),
        (1_000_000_000, 1e-4, .half),
    ].map { LMGOscillator.Point(form: .finiteN, ramp: $0.2, spins: $0.0, delta: $0.1, lambda: 1, window: 200) }

    static func excitation(_ point: LMGOscillator.Point, _ method: LMGOscillator.Method, tolerance: Double) -> Double? {
        LMGOscillator(ModelConfiguration(method: method, tolerance: tolerance)).evaluate([point])[0].observables?.nExc
    }

    static let finiteReferences: [Double?] = finite.map { excitation($0, .extrapolation8, tolerance: 1e-13) }

    @Test("the finite-n reference: extrapolation8 and dormand-prince at 1e-13 agree to 1e-11·max(1, n)")
    func referenceAgrees() throws {
        for (point, reference) in zip(Self.finite, Self.finiteReferences) {
            let a = try #require(reference), b = try #require(Self.excitation(point, .dormandPrince, tolerance: 1e-13))
            #expect(abs(a - b) <= 1e-11 * max(1, a), "\(point): \(a) vs \(b)")
        }
    }

    @Test("n_exc within tolerance·max(1, n_exc) at 1e-6, 1e-8 and 1e-10, scaled against Airy and finite-n against the reference",
          arguments: [LMGOscillator.Method.extrapolation8, .dormandPrince])
    func contract(method: LMGOscillator.Method) throws {
        let model = { (tolerance: Double) in LMGOscillator(ModelConfiguration(method: method, tolerance: tolerance)) }
        let airy = try Self.scaled.map { try #require(model(1e-8).evaluate([$0])[0].observables?.nAiry) }
        let cases = zip(Self.scaled, airy).map { ($0, Optional($1)) } + zip(Self.finite, Self.finiteReferences).map { ($0, $1) }
        for tolerance in [1e-6, 1e-8, 1e-10] {
            var worst = 0.0
            let clock = ContinuousClock.now
            for (point, reference) in cases {
                let r = try #require(reference)
                guard let n = Self.excitation(point, method, tolerance: tolerance) else { Issue.record("\(method) failed at \(point)"); continue }
                let ratio = abs(n - r) / (tolerance * max(1, r))
                #expect(ratio <= 1, "\(method) at \(point), tolerance \(tolerance): n = \(n), reference \(r), error/bound \(ratio)")
                worst = max(worst, ratio)
            }
            print("lmg.oscillator \(method), tolerance \(tolerance): worst error/bound n_exc \(worst) in \(ContinuousClock.now - clock)")
        }
    }
}
