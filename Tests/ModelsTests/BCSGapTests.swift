import Foundation
@testable import Models
import Testing

/// Direct evaluations of the gap and number equations (PHYSICS.md §5), written independently of the solver.
private enum Check {
    /// Neumaier's compensated sum, so that the checks hold at N = 2·10⁵ to the last digits.
    static func sum(_ terms: some Sequence<Double>) -> Double {
        var total = 0.0, compensation = 0.0
        for term in terms {
            let next = total + term
            compensation += abs(total) >= abs(term) ? (total - next) + term : (term - next) + total
            total = next
        }
        return total + compensation
    }

    /// g Σ_j tanh(E_j/2T)/(2E_j) − 1 (tanh = 1 at T = 0).
    static func gapResidual(_ levels: [Double], g: Double, gap: Double, mu: Double, temperature: Double) -> Double {
        sum(levels.lazy.map { level in
            let energy = ((level - mu) * (level - mu) + gap * gap).squareRoot()
            return g * (temperature == 0 ? 1 : tanh(energy / (2 * temperature))) / (2 * energy)
        }) - 1
    }

    /// Σ_j s_j^z − (M − N/2) with s_j^z = −(ξ_j/2E_j) tanh(E_j/2T).
    static func numberResidual(_ levels: [Double], pairs: Int, gap: Double, mu: Double, temperature: Double) -> Double {
        sum(levels.lazy.map { level in
            let xi = level - mu, energy = (xi * xi + gap * gap).squareRoot()
            return -xi / (2 * energy) * (temperature == 0 ? 1 : tanh(energy / (2 * temperature)))
        } + [-(Double(pairs) - Double(levels.count) / 2)])
    }

    static func levels(_ kind: PairingSpectrum, _ n: Int, width: Double = 1, seed: Int = 1) -> [Double] {
        guard case .success(let levels) = PairingLevels.make(kind: kind, count: n, width: width, seed: seed, given: []) else {
            preconditionFailure("level set")
        }
        return levels
    }

    static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    static func norm(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }
}

@Suite("bcs.gap")
struct BCSGapTests {
    /// PHYSICS.md §5: N midpoint levels on [−1, 1] (spectrum "zabalo", W = 2), ρ = N/W, λ = gρ.
    static let dense = Check.levels(.zabalo, 200_000, width: 2)
    static let denseCoupling = 2 / 200_000.0
    static let eulerGamma = 0.57721566490153286

    @Test("weak coupling, N = 2·10⁵: Δ₀ = 0.0134765058306 (λ = 0.2) and 0.0714389022565 (λ = 0.3) as in PHYSICS.md §5 (1e-11 rel.), and the continuum (W/2)/sinh(1/λ) (1e-10 rel. at λ = 0.2, 1e-11 abs. at 0.3)")
    func weakCouplingGap() throws {
        let weak = try #require(GapEquation.groundState(levels: Self.dense, coupling: 0.2 * Self.denseCoupling, pairs: 100_000))
        #expect(abs(weak.gap / 0.0134765058306 - 1) < 1e-11, "Δ₀ = \(weak.gap)")
        #expect(abs(weak.gap / (1 / sinh(5.0)) - 1) < 1e-10)
        #expect(abs(weak.chemicalPotential) < 1e-15)
        let stronger = try #require(GapEquation.groundState(levels: Self.dense, coupling: 0.3 * Self.denseCoupling, pairs: 100_000))
        #expect(abs(stronger.gap / 0.0714389022565 - 1) < 1e-11, "Δ₀ = \(stronger.gap)")
        #expect(abs(stronger.gap - 1 / sinh(1 / 0.3)) < 1e-11)
    }

    @Test("λ = 0.2, N = 2·10⁵: Δ₀/T_c = 1.763957 (1e-6) within 1e-4 of π e^{−γ_E}; near T_c, Δ/(T_c√(1−T/T_c)) = 3.063341 at 1−T/T_c = 1e-4 (PHYSICS.md, 1e-6), and at 1e-7 the Ginzburg–Landau expansion of the gap function (1e-6 rel.), within 1e-4 of √(8π²/(7ζ(3)))")
    func weakCouplingRatios() {
        let g = 0.2 * Self.denseCoupling, levels = Self.dense
        let criticalTemperature = GapEquation.criticalTemperature(levels: levels, coupling: g, pairs: 100_000)
        let gap0 = GapEquation.gap(levels: levels, coupling: g, pairs: 100_000, temperature: 0).gap
        #expect(abs(gap0 / criticalTemperature - 1.763957) < 1e-6, "Δ₀/T_c = \(gap0 / criticalTemperature)")
        #expect(abs(gap0 / criticalTemperature / (Double.pi * exp(-Self.eulerGamma)) - 1) < 1e-4)

        func coefficient(_ distance: Double) -> Double {
            GapEquation.gap(levels: levels, coupling: g, pairs: 100_000, temperature: criticalTemperature * (1 - distance)).gap
                / (criticalTemperature * distance.squareRoot())
        }
        #expect(abs(coefficient(1e-4) - 3.063341) < 1e-6, "at 1e-4: \(coefficient(1e-4))")
        // Δ² = (F_T/F_u)(T_c − T) with F(Δ², T) = Σ tanh(E/2T)/E at μ = 0 (particle–hole symmetric levels).
        var dT = 0.0, dU = 0.0
        for level in levels {
            let x = abs(level), t = tanh(x / (2 * criticalTemperature)), q = (1 - t * t) / (2 * criticalTemperature)
            dT -= (1 - t * t) / (2 * criticalTemperature * criticalTemperature)
            dU += (q - t / x) / (2 * x * x)
        }
        let expansion = (dT / (dU * criticalTemperature)).squareRoot()
        #expect(abs(coefficient(1e-7) / expansion - 1) < 1e-6, "at 1e-7: \(coefficient(1e-7)), expansion \(expansion)")
        let zeta3 = 1.2020569031595943
        #expect(abs(expansion / (8 * Double.pi * Double.pi / (7 * zeta3)).squareRoot() - 1) < 1e-4)
    }

    @Test("two levels ε = 0.3, 1.1, M = 1: μ = 0.7, Δ = √(g² − 0.16) above the threshold g = 0.4, none below; T_c = 0.4/(2 atanh(0.4/g)) (1e-13 rel.)")
    func twoLevels() throws {
        let levels = [1.1, 0.3]
        #expect(GapEquation.groundState(levels: levels, coupling: 0.399, pairs: 1) == nil)
        #expect(GapEquation.criticalTemperature(levels: levels, coupling: 0.399, pairs: 1) == 0)
        #expect(GapEquation.gap(levels: levels, coupling: 0.399, pairs: 1, temperature: 0.1).gap == 0)
        for g in [0.41, 1.0, 37.0, 1e7] {
            let ground = try #require(GapEquation.groundState(levels: levels, coupling: g, pairs: 1))
            #expect(abs(ground.gap / (g * g - 0.16).squareRoot() - 1) < 1e-13, "g = \(g): Δ = \(ground.gap)")
            #expect(abs(ground.chemicalPotential - 0.7) < 1e-13 * max(1, g))
            let criticalTemperature = GapEquation.criticalTemperature(levels: levels, coupling: g, pairs: 1)
            #expect(abs(criticalTemperature / (0.4 / (2 * atanh(0.4 / g))) - 1) < 1e-13, "g = \(g): T_c = \(criticalTemperature)")
        }
    }

    @Test("T = 0 on random spectra, M ≠ N/2, N = 2…2000: both equations to 1e-12, |s_j| = ½, s_j in the caller's order, and b_j × s_j = 0 (1e-14·|b_j|)",
          arguments: [(2, 1, 3.0), (3, 1, 2.0), (3, 2, 2.0), (7, 2, 1.5), (50, 13, 1.0), (50, 49, 4.0), (2000, 1, 2.0), (2000, 1500, 0.7)])
    func groundStateOnRandomSpectra(n: Int, pairs: Int, lambda: Double) throws {
        for seed in 1...3 {
            // Shuffled, to check that spins follow the order of the levels passed in.
            var generator = SplitMix64(seed: UInt64(seed + 100))
            let levels = Check.levels(.random, n, seed: seed).shuffled(using: &generator)
            let g = lambda / Double(n)
            let ground = try #require(GapEquation.groundState(levels: levels, coupling: g, pairs: pairs), "N = \(n), M = \(pairs), seed \(seed)")
            let (delta, mu) = (ground.gap, ground.chemicalPotential)
            #expect(abs(Check.gapResidual(levels, g: g, gap: delta, mu: mu, temperature: 0)) < 1e-12)
            #expect(abs(Check.numberResidual(levels, pairs: pairs, gap: delta, mu: mu, temperature: 0)) < 1e-12 * Double(n))
            let total = ground.spins.reduce(SIMD3<Double>.zero, +)
            #expect(abs(total.z - (Double(pairs) - Double(n) / 2)) < 1e-12 * Double(n))
            for (level, spin) in zip(levels, ground.spins) {
                #expect(abs(Check.norm(spin) - 0.5) < 1e-15)
                #expect(abs(spin.z + (level - mu) / (2 * ((level - mu) * (level - mu) + delta * delta).squareRoot())) < 1e-15)
                let field = SIMD3(-2 * g * total.x, -2 * g * total.y, 2 * (level - mu))
                #expect(Check.norm(Check.cross(field, spin)) < 1e-14 * Check.norm(field))
            }
        }
    }

    @Test("huge coupling g = 1e7 (quench start at t₀ = 1e-8): s_j^z = (M − N/2)/N within 1e-6, Σ s^z = M − N/2 to 1e-12 (N ≤ 1000; 1e-12·N/1000 above), Δ = (gN/2)√(1 − k²) with k = 1 − 2M/N (1e-12 rel.)",
          arguments: [(10, 3), (10, 7), (10, 5), (2, 1), (1000, 1), (200_000, 60_000)])
    func hugeCoupling(n: Int, pairs: Int) throws {
        let levels = Check.levels(n > 1000 ? .random : .equal, n)
        let g = 1e7
        let ground = try #require(GapEquation.groundState(levels: levels, coupling: g, pairs: pairs))
        let target = (Double(pairs) - Double(n) / 2) / Double(n)
        for spin in ground.spins { #expect(abs(spin.z - target) < 1e-6, "s^z = \(spin.z)") }
        let sum = Check.sum(ground.spins.lazy.map(\.z))
        #expect(abs(sum - (Double(pairs) - Double(n) / 2)) < 1e-12 * max(1, Double(n) / 1000), "Σ s^z = \(sum)")
        #expect(abs(Check.gapResidual(levels, g: g, gap: ground.gap, mu: ground.chemicalPotential, temperature: 0)) < 1e-12)
        let k = 1 - 2 * Double(pairs) / Double(n)
        #expect(abs(ground.gap / (g * Double(n) / 2 * (1 - k * k).squareRoot()) - 1) < 1e-12)
    }

    @Test("Δ(T) on a random spectrum with M ≠ N/2 decreases (strictly from T = 0.1 T_c) to 0 at T_c, is 0 above, equals Δ₀ at T ≪ Δ₀, and solves both finite-T equations (1e-12)")
    func temperatureDependence() throws {
        let n = 400, pairs = 150, g = 0.5 / 400.0
        let levels = Check.levels(.random, n, seed: 7)
        let ground = try #require(GapEquation.groundState(levels: levels, coupling: g, pairs: pairs))
        let criticalTemperature = GapEquation.criticalTemperature(levels: levels, coupling: g, pairs: pairs)
        #expect(criticalTemperature > 0.4 * ground.gap && criticalTemperature < 0.8 * ground.gap)
        var previous = ground.gap
        for step in 1...40 {
            let t = Double(step) / 40 * 0.999, temperature = t * criticalTemperature
            let (delta, mu) = GapEquation.gap(levels: levels, coupling: g, pairs: pairs, temperature: temperature)
            if step == 1 { #expect(abs(delta / ground.gap - 1) < 1e-12) }
            // Below T ≈ 0.1 T_c the thermal change e^{−Δ₀/T} of Δ is below rounding.
            #expect(delta > 0 && (t < 0.1 ? delta <= previous : delta < previous), "T/T_c = \(t): Δ = \(delta) after \(previous)")
            #expect(abs(Check.gapResidual(levels, g: g, gap: delta, mu: mu, temperature: temperature)) < 1e-12)
            #expect(abs(Check.numberResidual(levels, pairs: pairs, gap: delta, mu: mu, temperature: temperature)) < 1e-12 * Double(n))
            previous = delta
        }
        for t in [1.0 + 1e-9, 1.001, 1.5, 10] {
            let temperature = t * criticalTemperature
            let (delta, mu) = GapEquation.gap(levels: levels, coupling: g, pairs: pairs, temperature: temperature)
            #expect(delta == 0, "T/T_c = \(t): Δ = \(delta)")
            #expect(abs(Check.numberResidual(levels, pairs: pairs, gap: 0, mu: mu, temperature: temperature)) < 1e-12 * Double(n))
        }
        // At T_c the Δ = 0 gap function equals 1.
        let mu = GapEquation.gap(levels: levels, coupling: g, pairs: pairs, temperature: criticalTemperature).chemicalPotential
        #expect(abs(Check.gapResidual(levels, g: g, gap: 0, mu: mu, temperature: criticalTemperature)) < 1e-12)
    }

    @Test("model point λ = 0.2, N = 2·10⁵, W = 2, T = 0.9999 T_c: the PHYSICS.md §5 numbers, consistent columns, condensation energy −ρΔ₀²/2 within 1e-4")
    func modelPoint() throws {
        let model = BCSGap(ModelConfiguration(method: .newton, tolerance: 1e-12))
        let point = BCSGap.Point(levelCount: 200_000, spectrum: .zabalo, width: 2, seed: 1, levels: [], pairs: 0, lambda: 0.2, reducedTemperature: 0.9999)
        #expect(model.check(point) == nil)
        guard let value = model.evaluate([point])[0].observables else {
            Issue.record("point failed")
            return
        }
        let (gap, gap0, tc) = (value.gap, value.gap0, value.criticalTemperature)
        #expect(abs(gap0 / 0.0134765058306 - 1) < 1e-11)
        #expect(abs(value.gap0OverTc - 1.763957) < 1e-6)
        #expect(abs(value.glCoefficient - 3.063341) < 1e-6)
        #expect(abs(value.gap0Continuum - 1 / sinh(5.0)) < 1e-15)
        #expect(value.coupling == 0.2 * 2 / 200_000)
        #expect(value.temperature == 0.9999 * tc)
        #expect(value.gapRatio == gap / gap0)
        #expect(abs(value.condensationRatio - 1) < 1e-4, "ratio \(value.condensationRatio)")
        #expect(abs(value.condensationEnergy / (-200_000.0 / 2 * gap0 * gap0 / 2) - value.condensationRatio) < 1e-15)
    }

    @Test("model: below the discrete threshold there is no gap (zeros and nan ratios); check refuses impossible points with a reason naming their parameters")
    func modelEdges() {
        let model = BCSGap(ModelConfiguration(method: .newton, tolerance: 1e-12))
        func point(n: Int, spectrum: PairingSpectrum = .equal, levels: [Double] = [], pairs: Int = 0, lambda: Double) -> BCSGap.Point {
            BCSGap.Point(levelCount: n, spectrum: spectrum, width: 1, seed: 1, levels: levels, pairs: pairs, lambda: lambda, reducedTemperature: 0.5)
        }
        let subThreshold = point(n: 4, lambda: 0.01)
        #expect(model.check(subThreshold) == nil)
        if let o = model.evaluate([subThreshold])[0].observables {
            #expect(o.gap == 0 && o.criticalTemperature == 0 && o.gap0 == 0 && o.gapRatio.isNaN && o.gap0OverTc.isNaN && o.glCoefficient.isNaN)
        } else {
            Issue.record("sub-threshold point failed")
        }
        guard let pairsViolation = model.check(point(n: 4, pairs: 4, lambda: 1)),
              let levelsViolation = model.check(point(n: 3, spectrum: .given, levels: [0, 1], lambda: 1)) else {
            Issue.record("impossible points were not refused")
            return
        }
        #expect(pairsViolation.parameters == ["M", "N"])
        #expect(pairsViolation.rule.contains("0 < M < N"))
        #expect(levelsViolation.parameters == ["levels", "N", "spectrum"])
        #expect(levelsViolation.rule.contains("N = 3"))
        #expect(model.check(point(n: 3, spectrum: .given, levels: [0, 1, 1], lambda: 1))?.parameters == ["levels", "spectrum"])
        #expect(model.check(point(n: 3, spectrum: .given, levels: [0, 1, 2], lambda: 1)) == nil)
    }
}
