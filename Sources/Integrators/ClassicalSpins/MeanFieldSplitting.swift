import Foundation

/// Norm-preserving 4th-order splitting for `MeanFieldSpins`.
///
/// H = H₀ + H₁ with H₀ = Σ_j 2ε_j s_j^z and H₁ = −g(J_x² + J_y²). Both flows are exact rotations:
/// * H₀ for a time τ rotates spin j about z by 2ε_j τ. It is applied as three shears
///   (x += −tan(θ/2) y, y += sin θ x, x += −tan(θ/2) y), whose determinant is 1 whatever the rounding of the
///   coefficients, so repeating one tabulated rotation cannot drift |s_j|.
/// * H₁ (g frozen) moves every spin in the same field (−2gJ_x, −2gJ_y, 0). J_z and |J_⊥| are conserved and J_⊥
///   turns about z at ω = 2gJ_z; in the frame turning with it the field is the constant −2gJ(0) (the in-plane
///   field plus the frame's −ωẑ), so the flow is s ↦ R_z(2gJ_zτ)·Rot(Ĵ, −2g|J|τ) s: one 3×3 matrix for all spins.
///
/// Time is a coordinate advanced in the H₀ substeps (extended phase space), g is frozen at the current time in
/// H₁: the Strang step S(h) = H₀(h/2) H₁(h) H₀(h/2) is symmetric, and the triple jump
/// S(w₁h) S(w₀h) S(w₁h), w₁ = 1/(2 − 2^{1/3}), w₀ = 1 − 2w₁ (Yoshida 1990) is of order 4. Adjacent H₀
/// substeps merge (also across steps), so a step is three passes over the spins, each applying one H₁ matrix,
/// then each spin's z rotation, and summing J for the next H₁.
extension MeanFieldSpins {
    /// Yoshida's triple-jump weights and the H₀ substeps between the H₁ substeps: a₁ = w₁/2, a₂ = (w₁ + w₀)/2.
    @usableFromInline static let w1 = 1 / (2 - pow(2, 1.0 / 3))
    @usableFromInline static let w0 = 1 - 2 * w1
    @usableFromInline static let a1 = w1 / 2
    @usableFromInline static let a2 = (w1 + w0) / 2

    /// The largest step the splitting accepts: the longest H₀ substep (w₁h, merged across steps) turns any
    /// spin by at most π/2, where the shear form of the rotation is well conditioned (|tan(θ/2)| ≤ 1).
    public var largestStableStep: Double { largestLevel > 0 ? Double.pi / (4 * Self.w1 * largestLevel) : .infinity }

    /// Integrates from `start` > 0 to `end` with steps from `rule` (its maximum is lowered to `largestStableStep`).
    /// `coupling` is g(t) and `couplingRate` ġ(t). With `tabulateRotations`, the steps of the fixed-step phase
    /// take each spin's z rotations from two tables built once (4 more arrays) instead of evaluating sin and cos
    /// per spin; the results are bitwise the same either way.
    public func integrateSplitting(from start: Double, to end: Double, rule requested: MeanFieldStepRule,
                                   coupling: (Double) -> Double, couplingRate: (Double) -> Double,
                                   sampleTimes: [Double] = [], tabulateRotations: Bool = false) -> MeanFieldReport {
        let rule = MeanFieldStepRule(relative: requested.relative, maximum: min(requested.maximum, largestStableStep))
        var (report, recorder, total) = beginRun(at: start, sampleTimes: sampleTimes)
        guard end > start else { return report }

        let tables = tabulateRotations ? (0..<4).map { _ in Self.allocate(padded) } : []
        defer { for table in tables { Self.free(table, padded) } }
        var tablesFilled = false
        let a1 = Self.a1, a2 = Self.a2

        var t = start
        var (h, last) = rule.step(at: t, end: end)
        total = pass(.identity, ComputedShears(levels: levels, duration: a1 * h))
        while true {
            let next = last ? end : t + h
            let (hNext, nextIsLast) = last ? (0, true) : rule.step(at: next, end: end)
            let fixed = !tables.isEmpty && h == rule.maximum
            if fixed && !tablesFilled {
                fill(tables[0], tables[1], duration: a2 * h)
                fill(tables[2], tables[3], duration: a1 * h + a1 * h)
                tablesFilled = true
            }
            let merged = last ? a1 * h : a1 * h + a1 * hNext
            for stage in 0..<3 {
                let weight = stage == 1 ? Self.w0 : Self.w1
                let ts = t + (stage == 0 ? a1 : stage == 1 ? 0.5 : 1 - a1) * h
                let g = coupling(ts), perpendicular = total.x * total.x + total.y * total.y
                report.work -= weight * h * couplingRate(ts) * perpendicular
                let matrix = Rotation3.uniformFieldFlow(total: total, coupling: g, duration: weight * h)
                if stage < 2 {
                    total = fixed ? pass(matrix, TabulatedShears(a: tables[0], b: tables[1]))
                        : pass(matrix, ComputedShears(levels: levels, duration: a2 * h))
                } else {
                    total = fixed && !last && hNext == h ? pass(matrix, TabulatedShears(a: tables[2], b: tables[3]))
                        : pass(matrix, ComputedShears(levels: levels, duration: merged))
                }
            }
            report.steps += 1
            t = next
            if last { break }
            // The state is a₁·hNext of H₀ ahead of the step's end: undo it (read-only) to sample J.
            if recorder.isDue(t) { recorder.record(t, totalRotatedBack(duration: a1 * hNext), into: &report) }
            (h, last) = (hNext, nextIsLast)
        }
        recorder.record(end, total, into: &report)
        return report
    }

    /// Applies the exact H₁ flow (g frozen) for a time τ: every spin rotated by `Rotation3.uniformFieldFlow`.
    public func applyUniformFieldFlow(coupling g: Double, duration: Double) {
        _ = pass(Rotation3.uniformFieldFlow(total: total, coupling: g, duration: duration), ComputedShears(levels: levels, duration: 0))
    }

    /// Applies the exact H₀ flow for a time τ: spin j rotated about z by 2ε_j τ.
    public func applyLevelFlow(duration: Double) {
        _ = pass(.identity, ComputedShears(levels: levels, duration: duration))
    }

    /// One pass: s_j ← R_z(2ε_jτ_j)·(matrix·s_j) for every spin; returns the new J.
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

    /// Tabulates the shear coefficients of the H₀ rotation for a time τ.
    func fill(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, duration: Double) {
        let computed = ComputedShears(levels: levels, duration: duration)
        for i in stride(from: 0, to: padded, by: Self.blockWidth) {
            let (ai, bi) = computed.shears(i)
            Self.store(ai, a, i)
            Self.store(bi, b, i)
        }
    }

    /// Σ_j R_z(−2ε_jτ) s_j without changing the spins.
    func totalRotatedBack(duration: Double) -> SIMD3<Double> {
        var sx = Block(), sy = Block(), sz = Block()
        let twoTau = Block(repeating: 2 * duration)
        for i in stride(from: 0, to: padded, by: Self.blockWidth) {
            let (s, c) = LaneMath.sinCos(Self.load(levels, i) * twoTau)
            let x0 = Self.load(x, i), y0 = Self.load(y, i)
            sx += LaneMath.muladd(c, x0, s * y0)
            sy += LaneMath.muladd(c, y0, -(s * x0))
            sz += Self.load(z, i)
        }
        return SIMD3(sx.sum(), sy.sum(), sz.sum())
    }
}

/// A 3×3 matrix acting on spins (rows xx xy xz, yx …).
public struct Rotation3: Sendable, Equatable {
    public var xx, xy, xz, yx, yy, yz, zx, zy, zz: Double

    public static let identity = Rotation3(xx: 1, xy: 0, xz: 0, yx: 0, yy: 1, yz: 0, zx: 0, zy: 0, zz: 1)

    /// The exact flow of H₁ = −g(J_x² + J_y²) for a time τ, from total spin J:
    /// R_z(2gJ_zτ)·Rot(Ĵ, −2g|J|τ), Rot(n̂, θ) = cos θ·1 + sin θ·[n̂]ₓ + (1 − cos θ) n̂n̂ᵀ (right-handed).
    public static func uniformFieldFlow(total j: SIMD3<Double>, coupling g: Double, duration tau: Double) -> Rotation3 {
        let length = (j * j).sum().squareRoot()
        guard length > 0 else { return .identity }
        let n = j / length
        let theta = -2 * g * length * tau
        let c = cos(theta), s = sin(theta)
        let half = sin(theta / 2), versine = 2 * half * half              // 1 − cos θ without cancellation
        let axis = Rotation3(
            xx: c + versine * n.x * n.x, xy: -s * n.z + versine * n.x * n.y, xz: s * n.y + versine * n.x * n.z,
            yx: s * n.z + versine * n.y * n.x, yy: c + versine * n.y * n.y, yz: -s * n.x + versine * n.y * n.z,
            zx: -s * n.y + versine * n.z * n.x, zy: s * n.x + versine * n.z * n.y, zz: c + versine * n.z * n.z)
        let phi = 2 * g * j.z * tau
        let cz = cos(phi), sz = sin(phi)
        return Rotation3(
            xx: cz * axis.xx - sz * axis.yx, xy: cz * axis.xy - sz * axis.yy, xz: cz * axis.xz - sz * axis.yz,
            yx: sz * axis.xx + cz * axis.yx, yy: sz * axis.xy + cz * axis.yy, yz: sz * axis.xz + cz * axis.yz,
            zx: axis.zx, zy: axis.zy, zz: axis.zz)
    }
}

/// Where a pass takes each spin's z-rotation shears (a = −tan(θ/2), b = sin θ, θ = 2ε_jτ).
protocol ShearSource {
    func shears(_ i: Int) -> (a: MeanFieldSpins.Block, b: MeanFieldSpins.Block)
}

/// Shears evaluated per spin with the vectorized sin/cos of the half angle ε_jτ.
struct ComputedShears: ShearSource {
    let levels: UnsafeMutablePointer<Double>
    let tau: MeanFieldSpins.Block

    init(levels: UnsafeMutablePointer<Double>, duration: Double) {
        self.levels = levels
        tau = MeanFieldSpins.Block(repeating: duration)
    }

    @inline(__always)
    func shears(_ i: Int) -> (a: MeanFieldSpins.Block, b: MeanFieldSpins.Block) {
        let (s, c) = LaneMath.sinCos(MeanFieldSpins.load(levels, i) * tau)
        return (-(s / c), (s + s) * c)
    }
}

/// Shears read from tables filled by `ComputedShears` (so bitwise the same).
struct TabulatedShears: ShearSource {
    let a: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>

    @inline(__always)
    func shears(_ i: Int) -> (a: MeanFieldSpins.Block, b: MeanFieldSpins.Block) {
        (MeanFieldSpins.load(a, i), MeanFieldSpins.load(b, i))
    }
}

extension MeanFieldSpins {
    /// An empty report and the sample recorder of a run from `start` (> 0), with J at the start recorded.
    func beginRun(at start: Double, sampleTimes: [Double]) -> (MeanFieldReport, SampleRecorder, SIMD3<Double>) {
        precondition(start > 0, "times are positive (early steps are proportional to t)")
        var report = MeanFieldReport()
        var recorder = SampleRecorder(times: sampleTimes)
        let total = self.total
        recorder.record(start, total, into: &report)
        return (report, recorder, total)
    }
}

/// Picks the step ends at which J is recorded: the first step end at or after each requested time.
struct SampleRecorder {
    let times: [Double]
    var next = 0

    init(times: [Double]) { self.times = times }

    func isDue(_ t: Double) -> Bool { next < times.count && times[next] <= t }

    mutating func record(_ t: Double, _ total: SIMD3<Double>, into report: inout MeanFieldReport) {
        guard isDue(t) else { return }
        while isDue(t) { next += 1 }
        report.samples.append((t, total))
    }
}
