import Foundation

/// Exact t → ∞ answers of the BCS Landau–Zener sweep G(t) = 1/(νt) from t₀ → 0⁺ (PHYSICS.md §1.4–1.5).
/// Both depend on the levels only through their ranks j = 0…N−1 (increasing ε_j); λ = 2π/ν.
public enum AsymptoticOccupations {
    /// Quantum, fixed M: P(pairs on j₁<…<j_M) = x^{Σj_k − M(M−1)/2}/[N choose M]_x, x = e^{−λ}, a canonical
    /// ensemble of M hard-core pairs on the index ladder.
    public struct Quantum: Sendable {
        public let levelCount: Int
        public let pairs: Int
        public let lambda: Double
        /// ln [N choose M]_x (the partition function; its inverse is the ground-configuration probability).
        public let logPartition: Double
        /// ⟨n_j⟩, j by rank.
        public let occupations: [Double]

        public init(levelCount n: Int, pairs m: Int, nu: Double) {
            levelCount = n
            pairs = m
            lambda = 2 * Double.pi / nu
            let lambda = lambda
            // ln(1 − x^k) = ln(−expm1(−λk)), accurate for x → 1 (large ν) and x → 0.
            func logOneMinusPower(_ k: Int) -> Double { log(-expm1(-lambda * Double(k))) }
            logPartition = (1...max(m, 1)).reduce(0.0) { sum, k in
                k > m ? sum : sum + logOneMinusPower(n - k + 1) - logOneMinusPower(k)
            }
            occupations = Self.occupations(n: n, m: m, lambda: lambda)
        }

        /// P(ground configuration, the lowest M levels) = 1/[N choose M]_x.
        public var groundProbability: Double { exp(-logPartition) }

        /// P of the configuration whose occupied ranks are `occupied` (M of them).
        public func probability(occupied: [Int]) -> Double {
            let excess = occupied.reduce(0, +) - pairs * (pairs - 1) / 2
            return exp(-lambda * Double(excess) - logPartition)
        }

        /// Shannon entropy −Σ P ln P of the final configuration distribution: λ⟨E⟩ + ln Z with
        /// E = Σ_k j_k − M(M−1)/2 the excess rank.
        public var entropy: Double {
            let meanRank = occupations.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
            return lambda * (meanRank - Double(pairs * (pairs - 1) / 2)) + logPartition
        }

        /// n_j = w_j e_{M−1}(w without j)/e_M(w), w_j = e^{−λj}, from prefix and suffix elementary symmetric
        /// polynomials in the log domain (only positive terms are added: no cancellation, no overflow).
        /// O(N·M) memory and time.
        static func occupations(n: Int, m: Int, lambda: Double) -> [Double] {
            if m == 0 { return [Double](repeating: 0, count: n) }
            let logWeight = (0..<n).map { -lambda * Double($0) }
            // prefix[i][k] = ln e_k(w_0…w_{i−1}), suffix[i][k] = ln e_k(w_i…w_{N−1}), k = 0…M.
            func table(_ order: [Int]) -> [[Double]] {
                var rows = [[Double]](repeating: [Double](repeating: -.infinity, count: m + 1), count: n + 1)
                rows[0][0] = 0
                for (step, j) in order.enumerated() {
                    for k in 0...m {
                        let without = rows[step][k]
                        let with = k > 0 ? rows[step][k - 1] + logWeight[j] : -.infinity
                        rows[step + 1][k] = logAdd(without, with)
                    }
                }
                return rows
            }
            let prefix = table(Array(0..<n))
            let suffixReversed = table(Array((0..<n).reversed()))
            let logTotal = prefix[n][m]
            return (0..<n).map { j in
                // e_{M−1} of the levels other than j: prefix over 0..<j times suffix over j+1..<N.
                var sum = -Double.infinity
                for k in 0...(m - 1) {
                    sum = logAdd(sum, prefix[j][k] + suffixReversed[n - 1 - j][m - 1 - k])
                }
                return exp(logWeight[j] + sum - logTotal)
            }
        }
    }

    /// Classical (mean-field) answer: n_j = (1/λ) ln[(1 + e^{λ(μ−j)})/(1 + e^{λ(μ−j−1)})], the Fermi function
    /// averaged over the unit cell [j, j+1] of the index, with μ from Σ_j n_j = M.
    public struct Classical: Sendable {
        public let lambda: Double
        public let chemicalPotential: Double
        public let occupations: [Double]

        public init(levelCount n: Int, pairs m: Int, nu: Double) {
            let lambda = 2 * Double.pi / nu
            self.lambda = lambda
            // Σ_j n_j = (1/λ)[softplus(λμ) − softplus(λ(μ − N))], increasing in μ from 0 to N.
            func total(_ mu: Double) -> Double { (softplus(lambda * mu) - softplus(lambda * (mu - Double(n)))) / lambda }
            var low = -1.0, high = Double(n) + 1
            while total(low) > Double(m) { low -= Double(n) + 1 }
            while total(high) < Double(m) { high += Double(n) + 1 }
            for _ in 0..<200 where high - low > 1e-15 * max(1, abs(low)) {
                let mid = (low + high) / 2
                if total(mid) < Double(m) { low = mid } else { high = mid }
            }
            let mu = (low + high) / 2
            chemicalPotential = mu
            occupations = (0..<n).map { j in
                (softplus(lambda * (mu - Double(j))) - softplus(lambda * (mu - Double(j) - 1))) / lambda
            }
        }
    }
}

/// ln(e^a + e^b) without overflow; −∞ is the additive identity.
@inline(__always) func logAdd(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return max(a, b) + log1p(exp(-abs(a - b)))
}

/// ln(1 + eˣ) without overflow.
@inline(__always) func softplus(_ x: Double) -> Double { x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)) }
