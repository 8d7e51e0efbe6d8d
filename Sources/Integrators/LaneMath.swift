/// Lane-wise arithmetic for SIMD vectors of doubles.
///
/// `muladd` is a fused multiply-add in builds for a CPU with FMA (QUENCH_TARGET_CPU, which defines
/// QUENCH_FMA) and a separate multiply and add otherwise: in a portable x86-64 build the fused form
/// would be a library call per element. Either way every lane is computed alone, so a lane's bits
/// never depend on its neighbours.
public enum LaneMath {
    /// a·b + c.
    @inlinable @inline(__always)
    public static func muladd<V: SIMD>(_ a: V, _ b: V, _ c: V) -> V where V.Scalar: BinaryFloatingPoint {
        #if QUENCH_FMA
        c.addingProduct(a, b)
        #else
        a * b + c
        #endif
    }

    /// a·b + c for scalars, rounded exactly as `muladd` rounds each lane.
    @inlinable @inline(__always)
    public static func muladd(_ a: Double, _ b: Double, _ c: Double) -> Double {
        #if QUENCH_FMA
        c.addingProduct(a, b)
        #else
        a * b + c
        #endif
    }

    /// Whether this build fuses multiply-adds.
    public static var fusedMultiplyAdd: Bool {
        #if QUENCH_FMA
        true
        #else
        false
        #endif
    }

    // Cody–Waite split of π/2: A and B hold 33 significant bits each (so k·A and k·B are exact for
    // |k| < 2^20) and A + B + C = π/2 to 1e-37. Arguments up to about 10^6 reduce to [−π/4, π/4]
    // within a few ulp.
    @usableFromInline static let twoOverPi = 0.6366197723675814
    @usableFromInline static let piOver2A = 1.5707963267341256
    @usableFromInline static let piOver2B = 6.077100506303966e-11
    @usableFromInline static let piOver2C = 2.0222662487959506e-21

    /// sin x and cos x in every lane, accurate to a few ulp for |x| ≤ 10^6 (lanes beyond that
    /// lose accuracy gracefully; non-finite lanes give nan).
    ///
    /// Reduction x = k·π/2 + r with |r| ≤ π/4, then Taylor polynomials of degree 15 (sin) and 16 (cos),
    /// whose truncation error on |r| ≤ π/4 is below 2⁻⁵³, and the quadrant swap of (sin, cos).
    @inlinable
    public static func sinCos<V: SIMD>(_ x: V) -> (sin: V, cos: V) where V.Scalar == Double {
        let k = (x * V(repeating: twoOverPi)).rounded(.toNearestOrEven)
        var r = muladd(k, V(repeating: -piOver2A), x)
        r = muladd(k, V(repeating: -piOver2B), r)
        r = muladd(k, V(repeating: -piOver2C), r)
        let r2 = r * r
        // sin r = r(1 − r²/3! + r⁴/5! − …), cos r = 1 − r²/2! + r⁴/4! − …, Horner from the top.
        var s = V(repeating: -1.0 / 1_307_674_368_000)                      // −1/15!
        s = muladd(s, r2, V(repeating: 1.0 / 6_227_020_800))                // 1/13!
        s = muladd(s, r2, V(repeating: -1.0 / 39_916_800))                  // −1/11!
        s = muladd(s, r2, V(repeating: 1.0 / 362_880))                      // 1/9!
        s = muladd(s, r2, V(repeating: -1.0 / 5_040))                       // −1/7!
        s = muladd(s, r2, V(repeating: 1.0 / 120))                          // 1/5!
        s = muladd(s, r2, V(repeating: -1.0 / 6))                           // −1/3!
        let sinR = muladd(s * r2, r, r)
        var c = V(repeating: 1.0 / 20_922_789_888_000)                      // 1/16!
        c = muladd(c, r2, V(repeating: -1.0 / 87_178_291_200))              // −1/14!
        c = muladd(c, r2, V(repeating: 1.0 / 479_001_600))                  // 1/12!
        c = muladd(c, r2, V(repeating: -1.0 / 3_628_800))                   // −1/10!
        c = muladd(c, r2, V(repeating: 1.0 / 40_320))                       // 1/8!
        c = muladd(c, r2, V(repeating: -1.0 / 720))                         // −1/6!
        c = muladd(c, r2, V(repeating: 1.0 / 24))                           // 1/4!
        c = muladd(c, r2, V(repeating: -0.5))                               // −1/2!
        let cosR = muladd(c, r2, V(repeating: 1))
        // Quadrant q = k mod 4: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
        let q = k - 4 * (k * 0.25).rounded(.down)
        let odd = (q .== 1) .| (q .== 3)
        var sinX = sinR.replacing(with: cosR, where: odd)
        var cosX = cosR.replacing(with: sinR, where: odd)
        sinX = sinX.replacing(with: -sinX, where: q .>= 2)
        cosX = cosX.replacing(with: -cosX, where: (q .== 1) .| (q .== 2))
        return (sinX, cosX)
    }
}
