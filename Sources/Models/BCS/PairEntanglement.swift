import Foundation
import Integrators

/// Entanglement entropy of a set of pair levels A (the lowest `subsystemLevels` ranks) with the rest B:
/// S = −Tr ρ_A ln ρ_A from the Schmidt decomposition of ψ = Σ C_{a,b} |a⟩_A|b⟩_B. With one pair-number
/// sector ρ_A is block diagonal in the number of pairs in A, and each block C_k C_k† (C(N_A,k) × C(N_B,M−k))
/// is diagonalised on its own; a superposition of sectors (the product-state protocol) needs the full
/// 2^{N_A} × 2^{N_B} coefficient matrix.
enum PairEntanglement {
    /// One sector's amplitudes, multiplied by `scale` in ψ.
    struct Component {
        let sector: PairSector
        let real: [Double]
        let imaginary: [Double]
        let scale: Double
    }

    static func entropy(levelCount n: Int, subsystemLevels na: Int, components: [Component]) -> Double {
        let nb = n - na
        let maskA = UInt32((1 << na) - 1)
        // Rank of a mask among the masks of the same popcount (for the block layout of a single sector).
        func ranks(_ bits: Int) -> [Int] {
            var counters = [Int](repeating: 0, count: bits + 1)
            return (0..<(1 << bits)).map { x in
                let k = x.nonzeroBitCount
                defer { counters[k] += 1 }
                return counters[k]
            }
        }
        var blocks: [Int: (rows: Int, cols: Int, re: [Double], im: [Double])] = [:]
        let single = components.count == 1
        let rankA = single ? ranks(na) : [], rankB = single ? ranks(nb) : []
        let binomial = PairSector.binomialTable(n)
        for component in components {
            let m = component.sector.pairs
            for (a, mask) in component.sector.masks.enumerated() {
                let partA = Int(mask & maskA), partB = Int(mask >> UInt32(na))
                let key = single ? partA.nonzeroBitCount : 0
                let (row, col) = single ? (rankA[partA], rankB[partB]) : (partA, partB)
                if blocks[key] == nil {
                    let rows = single ? binomial[na][key] : 1 << na
                    let cols = single ? binomial[nb][m - key] : 1 << nb
                    blocks[key] = (rows, cols, [Double](repeating: 0, count: rows * cols), [Double](repeating: 0, count: rows * cols))
                }
                blocks[key]!.re[row * blocks[key]!.cols + col] = component.scale * component.real[a]
                blocks[key]!.im[row * blocks[key]!.cols + col] = component.scale * component.imaginary[a]
            }
        }
        return vonNeumann(blocks.keys.sorted().flatMap { key in
            let block = blocks[key]!
            return reducedDensityEigenvalues(block.rows, block.cols, block.re, block.im)
        })
    }

    /// −Σ p ln p over the eigenvalues of a density matrix (round-off-sized and negative ones count as 0).
    static func vonNeumann(_ eigenvalues: [Double]) -> Double {
        eigenvalues.reduce(0.0) { $1 > 1e-300 ? $0 - $1 * log($1) : $0 }
    }

    /// Eigenvalues of C C† (rows ≤ cols) or C† C (same nonzero spectrum), the smaller one.
    static func reducedDensityEigenvalues(_ rows: Int, _ cols: Int, _ re: [Double], _ im: [Double]) -> [Double] {
        let transpose = rows > cols
        let n = transpose ? cols : rows, inner = transpose ? rows : cols
        // Element (i, l) of the factor F with ρ = F F†: C for rows ≤ cols, C† otherwise.
        var fr = [Double](repeating: 0, count: n * inner), fi = fr
        for i in 0..<n {
            for l in 0..<inner {
                let (r, c) = transpose ? (l, i) : (i, l)
                fr[i * inner + l] = re[r * cols + c]
                fi[i * inner + l] = transpose ? -im[r * cols + c] : im[r * cols + c]
            }
        }
        var rhoRe = [Double](repeating: 0, count: n * n), rhoIm = rhoRe
        fr.withUnsafeBufferPointer { fr in
            fi.withUnsafeBufferPointer { fi in
                for i in 0..<n {
                    for j in 0...i {
                        var sr = 0.0, si = 0.0
                        let a = i * inner, b = j * inner
                        for l in 0..<inner {
                            // F_il conj(F_jl)
                            sr += fr[a + l] * fr[b + l] + fi[a + l] * fi[b + l]
                            si += fi[a + l] * fr[b + l] - fr[a + l] * fi[b + l]
                        }
                        rhoRe[i * n + j] = sr
                        rhoIm[i * n + j] = si
                    }
                }
            }
        }
        return HermitianEigenvalues.compute(n: n, real: &rhoRe, imaginary: &rhoIm) ?? [.nan]
    }
}
