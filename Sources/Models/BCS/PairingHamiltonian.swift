import Foundation
import Integrators

/// H(t) = H₀ − G(t)·S⁺S⁻ in one pair-number sector, G = 1/(νt), H₀ = diag(Σ_j ε_j(2n_j − 1)) (PHYSICS.md §1.3),
/// as two terms for Magnus–Lanczos. In `logTime` the variable is s = ln t and the generator is
/// t·H(t) = eˢH₀ − S⁺S⁻/ν (dψ/ds = −i t H ψ): the 1/t singularity at t → 0⁺ becomes a constant term.
/// Holds its scratch buffer, so one instance serves one integration at a time.
public final class PairingHamiltonian: TermwiseHamiltonian {
    let sector: PairSector
    let diagonal: [Double]
    let nu: Double
    var logTime: Bool
    private let scratch: UnsafeMutableBufferPointer<Double>

    init(sector: PairSector, levels: [Double], nu: Double, logTime: Bool) {
        self.sector = sector
        self.nu = nu
        self.logTime = logTime
        diagonal = sector.masks.map { mask in
            levels.indices.reduce(0.0) { $0 + levels[$1] * (mask & (1 << UInt32($1)) != 0 ? 1 : -1) }
        }
        scratch = .allocate(capacity: max(sector.lowerDimension, 1))
        scratch.initialize(repeating: 0)
    }

    /// The sector of M pairs on `levels` (sorted), for benchmarks and tools outside the model.
    public convenience init(levels: [Double], pairs: Int, nu: Double) {
        self.init(sector: PairSector(levels: levels.count, pairs: pairs), levels: levels, nu: nu, logTime: false)
    }

    deinit { scratch.deallocate() }

    public var dimension: Int { sector.dimension }
    public var termCount: Int { 2 }
    /// Bytes of index tables and vectors one application streams: S⁻ and S⁺ tables (Int32), x, the
    /// (M−1)-sector scratch written and read, y and the diagonal.
    public var bytesPerApplication: Int {
        4 * (sector.removed.count + sector.added.count) + 8 * (4 * sector.dimension + 2 * sector.lowerDimension)
    }

    public func coefficient(_ term: Int, at t: Double) -> Double {
        if logTime { return term == 0 ? exp(t) : -1 / nu }
        return term == 0 ? 1 : -1 / (nu * t)
    }

    public func apply(_ c: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        sector.removed.withUnsafeBufferPointer { removed in
            sector.added.withUnsafeBufferPointer { added in
                sector.applyPairing(x, y, scratch: scratch, removed: removed, added: added)
            }
        }
        let c0 = c[0], c1 = c[1]
        diagonal.withUnsafeBufferPointer { e in
            for a in 0..<y.count { y[a] = c1 * y[a] + c0 * e[a] * x[a] }
        }
    }
}
