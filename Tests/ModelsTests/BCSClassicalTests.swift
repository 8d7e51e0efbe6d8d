import Foundation
import Integrators
@testable import Models
import Testing

/// bcs.classical against PHYSICS.md §1.5/§1.9 (the exact asymptotic classical occupations and the numbers
/// recomputed there), the conservation laws of §1.8, its initial state and its reproducibility.
@Suite("bcs.classical")
struct BCSClassicalTests {
    static func point(_ n: Int, _ m: Int, nu: Double, spectrum: PairingSpectrum = .equal, levels: [Double] = [],
                      t0: Double = 1e-7, end: Double = 1e4) -> BCSClassical.Point {
        BCSClassical.Point(PairingSweepParameters(levelCount: n, pairs: m, eta: 1, nu: nu, spectrum: spectrum, width: 1, seed: 1,
                                                  levels: levels, start: t0, end: end))
    }

    static func model(method: BCSClassical.Method = .split4, tolerance: Double = 1e-7, record: RecordRequest = .none) -> BCSClassical {
        BCSClassical(ModelConfiguration(method: method, tolerance: tolerance, record: record))
    }

    /// The observables of a point, or nil (with an issue recorded) if it is refused or fails.
    static func run(_ point: BCSClassical.Point, method: BCSClassical.Method = .split4, tolerance: Double = 1e-7) -> BCSClassical.Observables? {
        let model = Self.model(method: method, tolerance: tolerance)
        guard model.check(point) == nil, let o = model.evaluate([point])[0].observables else {
            Issue.record("point failed")
            return nil
        }
        return o
    }

    static func profile(_ point: BCSClassical.Point, method: BCSClassical.Method = .split4) -> [Double] {
        let model = Self.model(method: method, record: RecordRequest(series: ["n_profile"]))
        return model.evaluate([point])[0].series.first { $0.name == "n_profile" }?.values ?? []
    }

    /// Every observable's bits, for bitwise comparisons (nil for a failed point).
    static func bits(_ result: PointResult<BCSClassical.Observables>) -> [UInt64]? {
        result.observables.map { o in BCSClassical.Observables.columns.map { $0.value(o).bitPattern } }
    }

    @Test("PHYSICS.md §1.9: N 10, M 5, ν 10, T 1e4: n₄ = 0.5772809031, n₃ = 0.7181523142 within 1e-5")
    func halfFillingTarget() {
        let n = Self.profile(Self.point(10, 5, nu: 10))
        #expect(abs(n[4] - 0.5772809031) < 1e-5, "n₄ = \(n[4])")
        #expect(abs(n[3] - 0.7181523142) < 1e-5, "n₃ = \(n[3])")
    }

    @Test("PHYSICS.md §1.9: N 10, M 3, ν 5: n₂ = 0.6425655699 within 2e-5, μ = 2.98155972 (1e-8)")
    func offHalfFillingTarget() throws {
        let o = try #require(Self.run(Self.point(10, 3, nu: 5)))
        #expect(abs(o.nBelow - 0.6425655699) < 2e-5, "n₂ = \(o.nBelow)")
        #expect(abs(o.mu - 2.98155972) < 1e-8)
        #expect(abs(o.exactBelow - 0.6425655699) < 1e-9, "exact n₂ of the formula")
    }

    @Test("equal levels, T 1e4: max_j |n_j − formula| < 1e-5 (PHYSICS.md §1.5 table: 3.0e-6, 4.9e-6, 1.3e-6)",
          arguments: [(40, 20, 20.0), (100, 30, 25.0), (100, 50, 50.0)])
    func formulaEqualLevels(n: Int, m: Int, nu: Double) throws {
        let o = try #require(Self.run(Self.point(n, m, nu: nu)))
        #expect(o.maxError < 1e-5, "max error \(o.maxError)")
    }

    /// The finite-T residual is O(G(T)/|ε_j − ε_k|) (PHYSICS.md §1.5): 1/(νTΔε) = 2e-4 for Δε = 0.05 at T = 1e4.
    @Test("ε-independence: seeded random levels with spacing ≥ 0.05 (N 20, M 10, ν 10) and a cubic spectrum meet the formula to 1e-4")
    func formulaOtherSpectra() throws {
        var generator = SplitMix64(seed: 11)
        var level = -0.9
        let spaced = (0..<20).map { _ in defer { level += 0.05 + 0.04 * generator.nextUnitInterval() }; return level }
        let cubic = (0..<10).map { j in pow(-1 + 2 * Double(j) / 9, 3) + 0.05 * Double(j) }
        for (levels, m, nu) in [(spaced, 10, 10.0), (cubic, 5, 10.0)] {
            let o = try #require(Self.run(Self.point(levels.count, m, nu: nu, spectrum: .given, levels: levels)))
            #expect(o.maxError < 1e-4, "N \(levels.count): max error \(o.maxError)")
        }
    }

    @Test("conservation at N 100, T 1e4: |s_j| = ½ and J_z to 1e-12, energy balance to 1e-7 of |E| (split4)")
    func conservation() throws {
        let o = try #require(Self.run(Self.point(100, 50, nu: 50)))
        #expect(o.spinLengthDrift < 1e-12, "spin length drift \(o.spinLengthDrift)")
        #expect(o.jzDrift < 1e-12, "J_z drift \(o.jzDrift)")
        #expect(o.energyDrift < 1e-7, "energy drift \(o.energyDrift)")
    }

    @Test("PHYSICS.md §1.8 energy balance: N 16, ν 8, t ∈ [1e-3, 50]: E(50) − E(1e-3) = 7996.091255 (1e-6 relative)")
    func energyBalanceTarget() {
        let levels = (0..<16).map { Double($0) / 15 - 0.5 }
        let nu = 8.0, t0 = 1e-3, end = 50.0
        let initial = GapEquation.groundState(levels: levels, coupling: 1 / (nu * t0), pairs: 8)!.spins
        let spins = MeanFieldSpins(levels: levels, spins: initial)
        let before = spins.energy(coupling: 1 / (nu * t0))
        let rule = BCSClassical.stepRule(method: .split4, scale: BCSClassical.initialScale(method: .split4, tolerance: 1e-9), levelCount: 16, nu: nu, largestLevel: 0.5)
        let report = spins.integrateSplitting(from: t0, to: end, rule: rule, coupling: { 1 / (nu * $0) }, couplingRate: { -1 / (nu * $0 * $0) })
        let change = spins.energy(coupling: 1 / (nu * end)) - before
        #expect(abs(change - 7996.091255391) < 1e-6 * 7996, "ΔE = \(change)")
        #expect(abs(report.work - 7996.091255403) < 1e-6 * 7996, "∫∂H/∂t = \(report.work)")
    }

    @Test("rk4 and split4 agree on N 10, M 5, ν 2.5 to 1e-6; rk4 drifts in |s_j| where split4 does not")
    func methodsAgree() throws {
        let split = Self.profile(Self.point(10, 5, nu: 2.5)), rk = Self.profile(Self.point(10, 5, nu: 2.5), method: .rk4)
        #expect(zip(split, rk).allSatisfy { abs($0 - $1) < 1e-6 })
        let o = try #require(Self.run(Self.point(10, 5, nu: 2.5), method: .rk4))
        #expect(o.spinLengthDrift > 1e-10)
    }

    @Test("the initial state is the mean-field ground state: Σ s^z = M − N/2, μ_j = ε_j + Δ s_j^z/s_j^x the same for all j (1e-12)",
          arguments: [1e-7, 0.1, 2.0])
    func initialState(t0: Double) {
        let levels = (0..<16).map { Double($0) / 15 - 0.5 }
        let g = 1 / (8 * t0)
        guard let spins = GapEquation.groundState(levels: levels, coupling: g, pairs: 5)?.spins else {
            Issue.record("no ground state at t0 \(t0)")
            return
        }
        let jx = spins.reduce(0) { $0 + $1.x }, jz = spins.reduce(0) { $0 + $1.z }
        #expect(abs(jz - (5 - 8)) < 1e-12)
        let delta = g * jx
        let mus = zip(levels, spins).map { $0 + delta * $1.z / $1.x }
        #expect(mus.max()! - mus.min()! < 1e-12 * max(1, delta))
        #expect(spins.allSatisfy { abs(($0 * $0).sum() - 0.25) < 1e-15 && $0.y == 0 })
    }

    @Test("a coupling below the critical one has no superconducting ground state: the point passes check and fails with a reason")
    func noGroundState() {
        let model = Self.model(), point = Self.point(10, 5, nu: 1e5, t0: 1)
        #expect(model.check(point) == nil)
        guard case .failed(let failure) = model.evaluate([point])[0] else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.description.contains("t0"))
        guard case .constraint(let violation) = failure else {
            Issue.record("expected a constraint failure, got \(failure)")
            return
        }
        #expect(violation.parameters == ["t0", "nu"])
    }

    @Test("a point's observables are bitwise the same alone, in a batch, and with series recorded")
    func reproducible() {
        let target = Self.point(12, 4, nu: 3)
        let model = Self.model(tolerance: 1e-6)
        let alone = Self.bits(model.evaluate([target])[0])
        let batch = Self.bits(model.evaluate([Self.point(10, 5, nu: 10), target, Self.point(14, 7, nu: 7)])[1])
        let recording = Self.model(tolerance: 1e-6, record: RecordRequest(series: ["n_profile", "gap"], samples: 50))
        #expect(alone != nil)
        #expect(alone == batch)
        #expect(Self.bits(recording.evaluate([target])[0]) == alone)
    }

    @Test("series: n_profile holds the observables' n_j; gap starts at G(t₀)|J_⊥(t₀)| and ends at the gap observable (1e-12)")
    func series() {
        let model = Self.model(tolerance: 1e-6, record: RecordRequest(series: ["n_profile", "gap"], samples: 40))
        let result = model.evaluate([Self.point(10, 5, nu: 10, end: 100)])[0]
        guard let o = result.observables, result.series.count == 2 else {
            Issue.record("no series")
            return
        }
        let profile = result.series[0], gap = result.series[1]
        #expect(profile.coordinates == (0..<10).map(Double.init))
        #expect(profile.values[0] == o.nLowest && profile.values[4] == o.nBelow && profile.values[5] == o.nAbove && profile.values[9] == o.nHighest)
        #expect(gap.coordinates.count > 30 && gap.coordinates.count <= 40)
        #expect(gap.coordinates.first == 1e-7 && gap.coordinates.last == 100)
        #expect(zip(gap.coordinates, gap.coordinates.dropFirst()).allSatisfy { $0 < $1 })
        // t → 0: all spins along x with s^z = 0 at half filling, |J_⊥| = N/2, so |Δ| = G·N/2 to O(ε/G).
        #expect(abs(gap.values[0] / (1 / (10 * 1e-7) * 5) - 1) < 1e-12)
        #expect(abs(gap.values.last! - o.gap) < 1e-12 * o.gap)
    }

    @Test("check refuses the shared sweep rules, naming the parameters: M = 0 with odd N, M ≥ N, T ≤ t0, a wrong `levels` list")
    func checkRefusesImpossiblePoints() {
        let model = Self.model()
        #expect(model.check(Self.point(10, 5, nu: 10)) == nil)
        #expect(model.check(Self.point(9, 0, nu: 10))?.parameters == ["M", "N"])
        #expect(model.check(Self.point(9, 0, nu: 10))?.rule.contains("N = 9") == true)
        #expect(model.check(Self.point(10, 10, nu: 10))?.rule.contains("M = 10 pairs on N = 10 levels") == true)
        #expect(model.check(Self.point(10, 5, nu: 10, t0: 0.1, end: 0.05))?.parameters == ["T", "t0"])
        #expect(model.check(Self.point(4, 2, nu: 10, spectrum: .given, levels: [0, 1, 2]))?.parameters == ["levels", "N", "spectrum"])
        #expect(model.check(Self.point(4, 2, nu: 10, spectrum: .given, levels: [0, 1, 2, 1]))?.parameters == ["levels", "spectrum"])
        #expect(model.check(Self.point(4, 2, nu: 10, spectrum: .given, levels: [0, 1, 2, 3])) == nil)
    }
}
