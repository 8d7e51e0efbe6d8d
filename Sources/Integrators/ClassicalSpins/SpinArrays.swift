import Foundation

/// N classical spins s_j in a structure of arrays, each with its own precession frequency ω_j about z: the
/// state of the classical-spin integrators (`integrateSplitting`, `integrateRK4`), which solve
///
///     ds_j/dt = b_j × s_j,   b_j = B(t, J) + ω_j ẑ,   J = Σ_j s_j,
///
/// with B the field of a `UniformSpinField` (the same for every spin). Storage is x, y, z and ω, 64-byte
/// aligned and padded with zero spins (ω = 0) to a multiple of `blockWidth`: a zero spin stays zero under every
/// rotation and adds nothing to J, so the kernels run whole SIMD blocks without a remainder loop. Units are the
/// caller's: ω_j is an angular frequency (rad per unit time), and s_j keeps whatever length it is given.
public final class SpinArrays {
    /// Spins per SIMD block of the kernels.
    public static let blockWidth = 8
    @usableFromInline typealias Block = SIMD8<Double>

    /// Number of spins N.
    public let count: Int
    /// `count` rounded up to a multiple of `blockWidth`.
    @usableFromInline let padded: Int
    @usableFromInline let x: UnsafeMutablePointer<Double>
    @usableFromInline let y: UnsafeMutablePointer<Double>
    @usableFromInline let z: UnsafeMutablePointer<Double>
    @usableFromInline let frequencies: UnsafeMutablePointer<Double>
    /// max_j |ω_j|.
    public let largestFrequency: Double

    /// Spins `spins[j]` precessing about z at `frequencies[j]` (same count, at least 1).
    public init(frequencies: [Double], spins: [SIMD3<Double>]) {
        precondition(frequencies.count == spins.count && !frequencies.isEmpty, "one frequency per spin")
        count = frequencies.count
        padded = (count + Self.blockWidth - 1) / Self.blockWidth * Self.blockWidth
        x = Self.allocate(padded)
        y = Self.allocate(padded)
        z = Self.allocate(padded)
        self.frequencies = Self.allocate(padded)
        for j in 0..<count {
            x[j] = spins[j].x
            y[j] = spins[j].y
            z[j] = spins[j].z
            self.frequencies[j] = frequencies[j]
        }
        largestFrequency = frequencies.reduce(0) { max($0, abs($1)) }
    }

    deinit {
        for p in [x, y, z, frequencies] { Self.free(p, padded) }
    }

    /// A zero-filled, 64-byte aligned buffer of `count` doubles.
    @usableFromInline static func allocate(_ count: Int) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 8, alignment: 64)
            .initializeMemory(as: Double.self, repeating: 0, count: max(count, 1))
    }

    @usableFromInline static func free(_ pointer: UnsafeMutablePointer<Double>, _ count: Int) {
        pointer.deinitialize(count: max(count, 1))
        UnsafeMutableRawPointer(pointer).deallocate()
    }

    /// Spin j.
    public func spin(_ j: Int) -> SIMD3<Double> { SIMD3(x[j], y[j], z[j]) }

    /// Frequency ω_j.
    public func frequency(_ j: Int) -> Double { frequencies[j] }

    /// J = Σ_j s_j, summed in SIMD blocks as the kernels sum it.
    public var total: SIMD3<Double> {
        var sx = Block(), sy = Block(), sz = Block()
        for i in stride(from: 0, to: padded, by: Self.blockWidth) {
            sx += Self.load(x, i)
            sy += Self.load(y, i)
            sz += Self.load(z, i)
        }
        return SIMD3(sx.sum(), sy.sum(), sz.sum())
    }

    /// Σ_j ω_j s_j^z, the energy of the z fields (summed in SIMD blocks with multiply-adds).
    public var precessionEnergy: Double {
        var e = Block()
        for i in stride(from: 0, to: padded, by: Self.blockWidth) { e = LaneMath.muladd(Self.load(frequencies, i), Self.load(z, i), e) }
        return e.sum()
    }

    /// max_j ||s_j| − `length`|.
    public func largestLengthDeviation(from length: Double) -> Double {
        (0..<count).reduce(0) { max($0, abs((x[$1] * x[$1] + y[$1] * y[$1] + z[$1] * z[$1]).squareRoot() - length)) }
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Double>, _ i: Int) -> Block {
        UnsafeRawPointer(p + i).loadUnaligned(as: Block.self)
    }

    @inlinable @inline(__always)
    static func store(_ v: Block, _ p: UnsafeMutablePointer<Double>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Block.self)
    }
}
