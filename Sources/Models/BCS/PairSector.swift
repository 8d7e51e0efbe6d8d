import Foundation

/// The fixed-pair-number sector of N pair levels with M pairs: the C(N, M) Fock configurations as bit
/// masks (bit j set: level j holds a pair), in colexicographic order (= increasing mask), ranked by the
/// combinatorial number system. Holds the index tables that apply S⁻ and S⁺ between this sector and the
/// one with M − 1 pairs as two gathers, without searching.
public struct PairSector: Sendable {
    public let levelCount: Int
    public let pairs: Int
    /// Configurations of this sector, increasing.
    public let masks: [UInt32]
    /// `removed[a·M + i]`: index in the (M − 1)-sector of configuration a with its i-th occupied level (in
    /// increasing order) emptied.
    let removed: [Int32]
    /// `added[c·(N − M + 1) + i]`: index in this sector of (M − 1)-configuration c with its i-th empty
    /// level filled.
    let added: [Int32]
    /// Size of the (M − 1)-sector.
    let lowerDimension: Int

    public var dimension: Int { masks.count }

    public init(levels n: Int, pairs m: Int) {
        precondition(n >= 1 && n <= 30 && m >= 0 && m <= n, "sector N = \(n), M = \(m)")
        levelCount = n
        pairs = m
        let binomial = Self.binomialTable(n)
        masks = Self.configurations(n, m)
        guard m > 0 else {  // the empty configuration: S⁻ annihilates it
            removed = []
            added = []
            lowerDimension = 0
            return
        }
        let lower = Self.configurations(n, m - 1)
        lowerDimension = lower.count
        func rank(_ mask: UInt32) -> Int32 {
            var r = 0, k = 1, bits = mask
            while bits != 0 {
                let p = bits.trailingZeroBitCount
                r += binomial[p][k]
                k += 1
                bits &= bits - 1
            }
            return Int32(r)
        }
        var removed = [Int32](repeating: 0, count: masks.count * m)
        for (a, mask) in masks.enumerated() {
            var bits = mask, i = 0
            while bits != 0 {
                let low = bits & (~bits &+ 1)
                removed[a * m + i] = rank(mask & ~low)
                i += 1
                bits &= bits - 1
            }
        }
        let empties = n - m + 1
        var added = [Int32](repeating: 0, count: lower.count * empties)
        let full: UInt32 = n == 32 ? ~0 : (1 << UInt32(n)) - 1
        for (c, mask) in lower.enumerated() {
            var holes = ~mask & full, i = 0
            while holes != 0 {
                let low = holes & (~holes &+ 1)
                added[c * empties + i] = rank(mask | low)
                i += 1
                holes &= holes - 1
            }
        }
        self.removed = removed
        self.added = added
    }

    /// y = S⁺S⁻ x = Σ_{j,k} s_j⁺ s_k⁻ x (the pairing operator, diagonal M included), through the (M − 1)-sector:
    /// φ_c = Σ_{k ∉ c} x[c + k], then y_a = Σ_{j ∈ a} φ[a − j]. `lowerScratch` has `lowerDimension` entries.
    func applyPairing(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>,
                      removed: UnsafeBufferPointer<Int32>, added: UnsafeBufferPointer<Int32>) {
        let empties = levelCount - pairs + 1, m = pairs
        for c in 0..<lowerDimension {
            var sum = 0.0
            let row = c * empties
            for i in 0..<empties { sum += x[Int(added[row + i])] }
            scratch[c] = sum
        }
        for a in 0..<masks.count {
            var sum = 0.0
            let row = a * m
            for i in 0..<m { sum += scratch[Int(removed[row + i])] }
            y[a] = sum
        }
    }

    /// All masks of `m` set bits below bit `n`, increasing (Gosper's hack).
    static func configurations(_ n: Int, _ m: Int) -> [UInt32] {
        if m == 0 { return [0] }
        var result: [UInt32] = []
        var mask: UInt32 = (1 << UInt32(m)) - 1
        let limit: UInt64 = 1 << UInt64(n)
        while UInt64(mask) < limit {
            result.append(mask)
            let low = mask & (~mask &+ 1)
            let ripple = mask &+ low
            if ripple == 0 { break }
            mask = (((ripple ^ mask) >> 2) / low) | ripple
        }
        return result
    }

    /// binomial[p][k] = C(p, k) for p ≤ n, k ≤ n + 1.
    static func binomialTable(_ n: Int) -> [[Int]] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: n + 2), count: n + 1)
        for p in 0...n {
            table[p][0] = 1
            if p > 0 { for k in 1...(n + 1) { table[p][k] = table[p - 1][k - 1] + table[p - 1][k] } }
        }
        return table
    }
}
