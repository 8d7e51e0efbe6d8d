import Foundation
@testable import Models
import Testing

/// The exact t → ∞ answers of the BCS sweep (PHYSICS.md §1.4–1.6), against closed forms, brute-force
/// enumeration and PHYSICS.md's recomputed numbers.
@Suite("BCS asymptotic occupations")
struct BCSAsymptoticsTests {
    /// All M-subsets of 0..<N.
    static func configurations(_ n: Int, _ m: Int) -> [[Int]] {
        if m == 0 { return [[]] }
        if n < m { return [] }
        return configurations(n - 1, m) + configurations(n - 1, m - 1).map { $0 + [n - 1] }
    }

    @Test("N = 2, M = 1: P(upper) = 1/(1 + e^{2π/ν}) (hyperbolic LZ), ν = 2 → 0.0414238322, to 1e-15")
    func twoLevels() {
        for nu in [1.0, 2.0, 2.5, 6.0] {
            let q = AsymptoticOccupations.Quantum(levelCount: 2, pairs: 1, nu: nu)
            #expect(abs(q.occupations[1] - 1 / (1 + exp(2 * .pi / nu))) < 1e-15)
        }
        #expect(abs(AsymptoticOccupations.Quantum(levelCount: 2, pairs: 1, nu: 2).occupations[1] - 0.0414238322) < 1e-10)
    }

    @Test("occupations, ground probability and entropy equal brute-force sums over all C(N, M) configurations (1e-12)")
    func bruteForce() {
        for (n, m, nu) in [(8, 4, 2.5), (8, 4, 6.0), (9, 3, 6.0), (10, 5, 4.0), (7, 2, 0.7)] {
            let q = AsymptoticOccupations.Quantum(levelCount: n, pairs: m, nu: nu)
            let configs = Self.configurations(n, m)
            let x = exp(-2 * Double.pi / nu)
            let weights = configs.map { pow(x, Double($0.reduce(0, +) - m * (m - 1) / 2)) }
            let z = weights.reduce(0, +)
            var occupation = [Double](repeating: 0, count: n)
            var entropy = 0.0
            for (config, w) in zip(configs, weights) {
                let p = w / z
                for j in config { occupation[j] += p }
                entropy -= p * log(p)
                #expect(abs(q.probability(occupied: config) - p) < 1e-12)
            }
            #expect(abs(q.groundProbability - 1 / z) < 1e-12)
            #expect(abs(q.entropy - entropy) < 1e-12)
            for j in 0..<n { #expect(abs(q.occupations[j] - occupation[j]) < 1e-12, "N \(n) M \(m) ν \(nu) j \(j)") }
        }
    }

    @Test("PHYSICS.md §1.9: P(ground) = 0.9124464229 (N 8, M 4, ν 2.5), 0.5406527674 (ν 6), to 1e-10")
    func physicsTargets() {
        #expect(abs(AsymptoticOccupations.Quantum(levelCount: 8, pairs: 4, nu: 2.5).groundProbability - 0.9124464229) < 1e-10)
        #expect(abs(AsymptoticOccupations.Quantum(levelCount: 8, pairs: 4, nu: 6).groundProbability - 0.5406527674) < 1e-10)
    }

    @Test("half filling in the η form: ⟨n₀⟩ = 1/(1 + e^{−πη}) for every even N (exact identity), N = 8…512, 1e-12")
    func lowestLevelIdentity() {
        for eta in [1.0, 2.0, 4.0] {
            for n in [8, 16, 64, 128, 512] {
                let q = AsymptoticOccupations.Quantum(levelCount: n, pairs: n / 2, nu: Double(n) / eta)
                #expect(abs(q.occupations[0] - 1 / (1 + exp(-Double.pi * eta))) < 1e-12, "η \(eta) N \(n): \(q.occupations[0])")
                #expect(abs(q.occupations.reduce(0, +) - Double(n / 2)) < 1e-9)
            }
        }
    }

    @Test("classical formula: PHYSICS.md §1.9 n₄ = 0.5772809031, n₃ = 0.7181523142 (N 10, M 5, ν 10); μ = 2.98155972, n₂ = 0.6425655699 (N 10, M 3, ν 5); Σn = M")
    func classicalTargets() {
        let half = AsymptoticOccupations.Classical(levelCount: 10, pairs: 5, nu: 10)
        #expect(abs(half.occupations[4] - 0.5772809031) < 1e-10)
        #expect(abs(half.occupations[3] - 0.7181523142) < 1e-10)
        #expect(abs(half.chemicalPotential - 5) < 1e-12)
        let three = AsymptoticOccupations.Classical(levelCount: 10, pairs: 3, nu: 5)
        #expect(abs(three.chemicalPotential - 2.98155972) < 1e-8)
        #expect(abs(three.occupations[2] - 0.6425655699) < 1e-10)
        #expect(abs(three.occupations.reduce(0, +) - 3) < 1e-12)
    }

    @Test("quantum − classical = O(η/N): PHYSICS.md §1.6 max_j |Δn| for η = 1 (0.0519 at N 8 … 0.0026 at N 128, to its 4 decimals), N·max → 0.33")
    func oneOverN() {
        let expected: [(Int, Double)] = [(8, 0.0519), (16, 0.0228), (32, 0.0109), (64, 0.0053), (128, 0.0026)]
        for (n, value) in expected {
            let nu = Double(n)
            let q = AsymptoticOccupations.Quantum(levelCount: n, pairs: n / 2, nu: nu)
            let c = AsymptoticOccupations.Classical(levelCount: n, pairs: n / 2, nu: nu)
            let deviation = zip(q.occupations, c.occupations).map { abs($0 - $1) }.max()!
            #expect(abs(deviation - value) <= 0.5e-4, "N \(n): \(deviation)")  // the table's 4 decimals
        }
        let n = 1024
        let q = AsymptoticOccupations.Quantum(levelCount: n, pairs: n / 2, nu: Double(n))
        let c = AsymptoticOccupations.Classical(levelCount: n, pairs: n / 2, nu: Double(n))
        let scaled = Double(n) * zip(q.occupations, c.occupations).map { abs($0 - $1) }.max()!
        #expect(abs(scaled - 0.33) < 0.01, "N·max|Δn| = \(scaled)")
    }
}
