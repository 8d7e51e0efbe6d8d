import Foundation
import Integrators
import Models
import Testing

/// The reduced-BCS mean-field spins of bcs.classical (`MeanFieldSpins`): the exact H₀ and H₁ flows, order of both
/// methods on this Hamiltonian, conservation of |s_j| and J_z, Gaudin integrals, energy balance. (The generic
/// rotation passes, tabulated rotations and allocation are tested in IntegratorsTests/SpinArraysTests.)
@Suite("Mean-field spins")
struct MeanFieldSpinsTests {
    /// Reproducible spins of length ½ with levels in [−½, ½] (SplitMix-like stream, no library generator).
    static func randomSpins(_ n: Int, seed: UInt64 = 7) -> (levels: [Double], spins: [SIMD3<Double>]) {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        let levels = (0..<n).map { _ in uniform() - 0.5 }
        let spins = (0..<n).map { _ -> SIMD3<Double> in
            let v = SIMD3(uniform() - 0.5, uniform() - 0.5, uniform() - 0.5)
            return v / (2 * (v * v).sum().squareRoot())
        }
        return (levels, spins)
    }

    /// ds_j/dt = b_j × s_j with b_j = (−2gJ_x, −2gJ_y, 2ε_j·levelFactor), plain scalar RK4 with `steps` steps.
    static func referenceRK4(_ spins: [SIMD3<Double>], levels: [Double], levelFactor: Double, g: Double, duration: Double, steps: Int) -> [SIMD3<Double>] {
        func derivative(_ s: [SIMD3<Double>]) -> [SIMD3<Double>] {
            let j = s.reduce(SIMD3<Double>(), +)
            return zip(s, levels).map { spin, level in
                let b = SIMD3(-2 * g * j.x, -2 * g * j.y, 2 * level * levelFactor)
                return SIMD3(b.y * spin.z - b.z * spin.y, b.z * spin.x - b.x * spin.z, b.x * spin.y - b.y * spin.x)
            }
        }
        var s = spins
        let h = duration / Double(steps)
        for _ in 0..<steps {
            let k1 = derivative(s)
            let k2 = derivative(zip(s, k1).map { $0 + h / 2 * $1 })
            let k3 = derivative(zip(s, k2).map { $0 + h / 2 * $1 })
            let k4 = derivative(zip(s, k3).map { $0 + h * $1 })
            s = (0..<s.count).map { i -> SIMD3<Double> in
                let sum: SIMD3<Double> = k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]
                return s[i] + (h / 6) * sum
            }
        }
        return s
    }

    static func maxDifference(_ a: MeanFieldSpins, _ b: [SIMD3<Double>]) -> Double {
        (0..<a.count).reduce(0) { max($0, distance(a.spin($1), b[$1])) }
    }

    static func distance(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        let d = a - b
        return max(abs(d.x), abs(d.y), abs(d.z))
    }

    @Test("the H₁ flow (one 3×3 rotation) equals a 20 000-step RK4 of ds_j/dt = (−2gJ_x, −2gJ_y, 0) × s_j to 1e-12")
    func couplingFlow() {
        for (g, tau) in [(0.7, 0.9), (-0.3, 2.5), (5.0, 0.05)] {
            let (levels, spins) = Self.randomSpins(13)
            let state = MeanFieldSpins(levels: levels, spins: spins)
            state.applyCouplingFlow(coupling: g, duration: tau)
            let reference = Self.referenceRK4(spins, levels: levels, levelFactor: 0, g: g, duration: tau, steps: 20_000)
            #expect(Self.maxDifference(state, reference) < 1e-12, "g \(g) τ \(tau)")
        }
    }

    @Test("the H₀ flow turns spin j about z by 2ε_jτ (closed form, 1e-14)")
    func levelFlow() {
        let (levels, spins) = Self.randomSpins(21)
        let state = MeanFieldSpins(levels: levels, spins: spins)
        let tau = 0.8
        state.applyLevelFlow(duration: tau)
        for j in 0..<21 {
            let angle = 2 * levels[j] * tau, s = spins[j]
            let expected = SIMD3(cos(angle) * s.x - sin(angle) * s.y, sin(angle) * s.x + cos(angle) * s.y, s.z)
            #expect(Self.distance(state.spin(j), expected) < 1e-14)
        }
    }

    /// Both methods from the same random spins with constant steps h on t ∈ [1, 3], g(t) = 0.4/t.
    static func run(_ method: String, steps: Int) -> MeanFieldSpins {
        let (levels, spins) = randomSpins(12)
        let state = MeanFieldSpins(levels: levels, spins: spins)
        let rule = ProportionalStepRule(relative: 1e9, maximum: 2 / Double(steps))
        let g = { (t: Double) in 0.4 / t }, rate = { (t: Double) in -0.4 / (t * t) }
        if method == "rk4" {
            _ = state.integrateRK4(from: 1, to: 3, rule: rule, coupling: g, couplingRate: rate)
        } else {
            _ = state.integrateSplitting(from: 1, to: 3, rule: rule, coupling: g, couplingRate: rate)
        }
        return state
    }

    @Test("measured order: error ratio on halving h is 16 ± 2.5 (order 4) for the splitting and for RK4", arguments: ["split4", "rk4"])
    func order(method: String) {
        let states = [20, 40, 80, 640].map { Self.run(method, steps: $0) }
        let reference = (0..<states[3].count).map { states[3].spin($0) }
        let errors = states.prefix(3).map { Self.maxDifference($0, reference) }
        let ratio = errors[1] / errors[2]
        #expect(abs(ratio - 16) < 2.5, "errors \(errors), ratio \(ratio), order \(log2(ratio))")
    }

    @Test("the splitting keeps |s_j| = ½ and J_z to 1e-12 over 10⁵ steps of a time-dependent coupling (round-off random walk)")
    func conservation() {
        let (levels, spins) = Self.randomSpins(37)
        let state = MeanFieldSpins(levels: levels, spins: spins)
        let jz = state.total.z
        let report = state.integrateSplitting(from: 1, to: 2e4, rule: ProportionalStepRule(relative: 0.01, maximum: 0.2),
                                              coupling: { 2 / $0 }, couplingRate: { -2 / ($0 * $0) })
        #expect(report.steps > 100_000)
        #expect(state.spinLengthError < 1e-12)
        #expect(abs(state.total.z - jz) < 1e-12)
    }

    @Test("constant g: energy and the Gaudin integrals R_j = s_j^z − g Σ_{k≠j} s_j·s_k/(ε_j − ε_k) stay within 1e-9 (h = 0.0025, 20 000 steps; the O(h⁴) error at h = 0.01 is 7e-8)")
    func gaudinIntegrals() {
        let (levels, spins) = Self.randomSpins(16, seed: 3)
        let state = MeanFieldSpins(levels: levels, spins: spins)
        let g = 0.6
        func integrals() -> [Double] {
            (0..<16).map { j in
                (0..<16).reduce(state.spin(j).z) { sum, k in
                    k == j ? sum : sum - g * (state.spin(j) * state.spin(k)).sum() / (levels[j] - levels[k])
                }
            }
        }
        let startEnergy = state.energy(coupling: g), startIntegrals = integrals()
        _ = state.integrateSplitting(from: 1, to: 51, rule: ProportionalStepRule(relative: 1e9, maximum: 0.0025), coupling: { _ in g }, couplingRate: { _ in 0 })
        #expect(abs(state.energy(coupling: g) - startEnergy) < 1e-9)
        let drift = zip(integrals(), startIntegrals).map { abs($0 - $1) }.max()!
        #expect(drift < 1e-9, "max |ΔR_j| = \(drift)")
    }

    @Test("work integral: H(end) − H(start) = ∫∂H/∂t dt to 1e-10 relative for g = 2/t (splitting) and RK4")
    func energyBalance() {
        for method in ["split4", "rk4"] {
            let (levels, spins) = Self.randomSpins(9)
            let state = MeanFieldSpins(levels: levels, spins: spins)
            let g = { (t: Double) in 2 / t }, rate = { (t: Double) in -2 / (t * t) }
            let before = state.energy(coupling: g(0.1))
            let rule = ProportionalStepRule(relative: 0.002, maximum: 0.01)
            let report = method == "rk4" ? state.integrateRK4(from: 0.1, to: 20, rule: rule, coupling: g, couplingRate: rate)
                : state.integrateSplitting(from: 0.1, to: 20, rule: rule, coupling: g, couplingRate: rate)
            let after = state.energy(coupling: g(20))
            #expect(abs(after - before - report.work) < 1e-10 * abs(before), "\(method): ΔH \(after - before), work \(report.work)")
        }
    }
}
