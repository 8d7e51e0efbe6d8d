import Foundation

/// A 3×3 matrix acting on spins (rows xx xy xz, yx …), in practice a rotation.
public struct Rotation3: Sendable, Equatable {
    public var xx, xy, xz, yx, yy, yz, zx, zy, zz: Double

    public init(xx: Double, xy: Double, xz: Double, yx: Double, yy: Double, yz: Double, zx: Double, zy: Double, zz: Double) {
        (self.xx, self.xy, self.xz, self.yx, self.yy, self.yz, self.zx, self.zy, self.zz) = (xx, xy, xz, yx, yy, yz, zx, zy, zz)
    }

    public static let identity = Rotation3(xx: 1, xy: 0, xz: 0, yx: 0, yy: 1, yz: 0, zx: 0, zy: 0, zz: 1)

    /// Rot(n̂, θ) = cos θ·1 + sin θ·[n̂]ₓ + (1 − cos θ) n̂n̂ᵀ: the right-handed rotation by θ (radians) about the
    /// unit vector `axis`, i.e. the flow of ds/dt = ω n̂ × s for a time θ/ω. 1 − cos θ is formed as 2 sin²(θ/2),
    /// without cancellation at small θ.
    public init(axis n: SIMD3<Double>, angle theta: Double) {
        let c = cos(theta), s = sin(theta)
        let half = sin(theta / 2), versine = 2 * half * half
        self.init(
            xx: c + versine * n.x * n.x, xy: -s * n.z + versine * n.x * n.y, xz: s * n.y + versine * n.x * n.z,
            yx: s * n.z + versine * n.y * n.x, yy: c + versine * n.y * n.y, yz: -s * n.x + versine * n.y * n.z,
            zx: -s * n.y + versine * n.z * n.x, zy: s * n.x + versine * n.z * n.y, zz: c + versine * n.z * n.z)
    }

    /// R_z(φ)·self: this rotation followed by a right-handed turn by φ (radians) about z.
    public func followedByTurnAboutZ(_ phi: Double) -> Rotation3 {
        let cz = cos(phi), sz = sin(phi)
        return Rotation3(
            xx: cz * xx - sz * yx, xy: cz * xy - sz * yy, xz: cz * xz - sz * yz,
            yx: sz * xx + cz * yx, yy: sz * xy + cz * yy, yz: sz * xz + cz * yz,
            zx: zx, zy: zy, zz: zz)
    }
}

/// The rotation passes: one sweep over all spins that applies a shared 3×3 matrix, then turns each spin about z
/// by its own angle ω_jτ, and sums the new J (for the next stage). The z turn is three shears
/// (x += −tan(θ/2) y, y += sin θ x, x += −tan(θ/2) y), whose determinant is 1 whatever the rounding of the
/// coefficients, so repeating one tabulated turn cannot drift |s_j|; the shears are well conditioned for
/// |θ| ≤ π/2 (|tan(θ/2)| ≤ 1). The coefficients come from the vectorised sin/cos of the half angle per spin, or
/// from tables filled the same way once (bitwise the same results, 2–20× faster).
extension SpinArrays {
    /// s_j ← R_z(ω_jτ)·(matrix·s_j) for every spin, sin/cos evaluated per spin; returns the new J.
    @discardableResult
    public func rotate(by matrix: Rotation3, thenPrecessFor duration: Double) -> SIMD3<Double> {
        passComputed(matrix, duration: duration)
    }

    @usableFromInline
    func passComputed(_ matrix: Rotation3, duration: Double) -> SIMD3<Double> {
        pass(matrix, ComputedShears(frequencies: frequencies, duration: duration))
    }

    /// As `passComputed`, with the shears of `fillShearTables(_:_:duration:)`.
    @usableFromInline
    func passTabulated(_ matrix: Rotation3, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>) -> SIMD3<Double> {
        pass(matrix, TabulatedShears(a: a, b: b))
    }

    @inline(__always)
    func pass<S: ShearSource>(_ m: Rotation3, _ shears: S) -> SIMD3<Double> {
        let m00 = Block(repeating: m.xx), m01 = Block(repeating: m.xy), m02 = Block(repeating: m.xz)
        let m10 = Block(repeating: m.yx), m11 = Block(repeating: m.yy), m12 = Block(repeating: m.yz)
        let m20 = Block(repeating: m.zx), m21 = Block(repeating: m.zy), m22 = Block(repeating: m.zz)
        var sx = Block(), sy = Block(), sz = Block()
        for i in stride(from: 0, to: padded, by: Self.blockWidth) {
            let x0 = Self.load(x, i), y0 = Self.load(y, i), z0 = Self.load(z, i)
            let x1 = LaneMath.muladd(m00, x0, LaneMath.muladd(m01, y0, m02 * z0))
            let y1 = LaneMath.muladd(m10, x0, LaneMath.muladd(m11, y0, m12 * z0))
            let z1 = LaneMath.muladd(m20, x0, LaneMath.muladd(m21, y0, m22 * z0))
            let (a, b) = shears.shears(i)
            let x2 = LaneMath.muladd(a, y1, x1)
            let y2 = LaneMath.muladd(b, x2, y1)
            let x3 = LaneMath.muladd(a, y2, x2)
            Self.store(x3, x, i)
            Self.store(y2, y, i)
            Self.store(z1, z, i)
            sx += x3
            sy += y2
            sz += z1
        }
        return SIMD3(sx.sum(), sy.sum(), sz.sum())
    }

    /// Tabulates the shear coefficients of the z turns by ω_jτ.
    @usableFromInline
    func fillShearTables(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, duration: Double) {
        let computed = ComputedShears(frequencies: frequencies, duration: duration)
        for i in stride(from: 0, to: padded, by: Self.blockWidth) {
            let (ai, bi) = computed.shears(i)
            Self.store(ai, a, i)
            Self.store(bi, b, i)
        }
    }

    /// Σ_j R_z(−ω_jτ) s_j without changing the spins.
    @usableFromInline
    func totalPrecessedBack(duration: Double) -> SIMD3<Double> {
        var sx = Block(), sy = Block(), sz = Block()
        let tau = Block(repeating: duration)
        for i in stride(from: 0, to: padded, by: Self.blockWidth) {
            let (s, c) = LaneMath.sinCos(Self.load(frequencies, i) * tau)
            let x0 = Self.load(x, i), y0 = Self.load(y, i)
            sx += LaneMath.muladd(c, x0, s * y0)
            sy += LaneMath.muladd(c, y0, -(s * x0))
            sz += Self.load(z, i)
        }
        return SIMD3(sx.sum(), sy.sum(), sz.sum())
    }
}

/// Where a pass takes each spin's z-turn shears (a = −tan(θ/2), b = sin θ, θ = ω_jτ).
protocol ShearSource {
    func shears(_ i: Int) -> (a: SpinArrays.Block, b: SpinArrays.Block)
}

/// Shears evaluated per spin with the vectorised sin/cos of the half angle ω_j·(τ/2).
struct ComputedShears: ShearSource {
    let frequencies: UnsafeMutablePointer<Double>
    let halfTau: SpinArrays.Block

    init(frequencies: UnsafeMutablePointer<Double>, duration: Double) {
        self.frequencies = frequencies
        halfTau = SpinArrays.Block(repeating: duration / 2)
    }

    @inline(__always)
    func shears(_ i: Int) -> (a: SpinArrays.Block, b: SpinArrays.Block) {
        let (s, c) = LaneMath.sinCos(SpinArrays.load(frequencies, i) * halfTau)
        return (-(s / c), (s + s) * c)
    }
}

/// Shears read from tables filled by `ComputedShears` (so bitwise the same).
struct TabulatedShears: ShearSource {
    let a: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>

    @inline(__always)
    func shears(_ i: Int) -> (a: SpinArrays.Block, b: SpinArrays.Block) {
        (SpinArrays.load(a, i), SpinArrays.load(b, i))
    }
}
