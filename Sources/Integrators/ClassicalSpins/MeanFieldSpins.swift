import Foundation

/// N classical spins s_j under the uniform-coupling ("reduced BCS", XY Gaudin) mean-field Hamiltonian
///
///     H = Σ_j 2ε_j s_j^z − g(t)(J_x² + J_y²),   J = Σ_j s_j,
///     ds_j/dt = b_j × s_j,   b_j = ∂H/∂s_j = (−2g J_x, −2g J_y, 2ε_j),
///
/// which conserves every |s_j| and J_z. Storage is a structure of arrays (x, y, z, ε), 64-byte aligned and
/// padded with zero spins to a multiple of `blockWidth`: a zero spin stays zero under every rotation and adds
/// nothing to J, so the kernels run whole SIMD blocks without a remainder loop.
///
/// Integrators: `integrateSplitting` (norm-preserving 4th-order splitting, MeanFieldSplitting.swift) and
/// `integrateRK4` (plain Runge–Kutta 4, the reference), both with the step rule `MeanFieldStepRule`.
public final class MeanFieldSpins {
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
    @usableFromInline let levels: UnsafeMutablePointer<Double>
    /// max_j |ε_j|.
    public let largestLevel: Double

    /// Spins `spins[j]` with levels `levels[j]` (same count, at least 1).
    public init(levels: [Double], spins: [SIMD3<Double>]) {
        precondition(levels.count == spins.count && !levels.isEmpty, "one level per spin")
        count = levels.count
        padded = (count + Self.blockWidth - 1) / Self.blockWidth * Self.blockWidth
        x = Self.allocate(padded)
        y = Self.allocate(padded)
        z = Self.allocate(padded)
        self.levels = Self.allocate(padded)
        for j in 0..<count {
            x[j] = spins[j].x
            y[j] = spins[j].y
            z[j] = spins[j].z
            self.levels[j] = levels[j]
        }
        largestLevel = levels.reduce(0) { max($0, abs($1)) }
    }

    deinit {
        for p in [x, y, z, levels] { Self.free(p, padded) }
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

    /// Level ε_j.
    public func level(_ j: Int) -> Double { levels[j] }

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

    /// H = Σ_j 2ε_j s_j^z − g(J_x² + J_y²) at coupling g.
    public func energy(coupling g: Double) -> Double {
        var e = Block()
        for i in stride(from: 0, to: padded, by: Self.blockWidth) { e = LaneMath.muladd(Self.load(levels, i), Self.load(z, i), e) }
        let j = total
        return 2 * e.sum() - g * (j.x * j.x + j.y * j.y)
    }

    /// max_j ||s_j| − ½|.
    public var spinLengthError: Double {
        (0..<count).reduce(0) { max($0, abs((x[$1] * x[$1] + y[$1] * y[$1] + z[$1] * z[$1]).squareRoot() - 0.5)) }
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

/// h(t) = min(relative·t, maximum): steps proportional to t while the coupling g ∝ 1/t changes on the scale t,
/// then a fixed step that resolves the precession 2ε_j (maximum ∝ 1/max|ε|). The last step ends exactly at the
/// end time.
public struct MeanFieldStepRule: Sendable, Hashable {
    public var relative: Double
    public var maximum: Double

    public init(relative: Double, maximum: Double) {
        precondition(relative > 0 && maximum > 0, "steps must be positive")
        self.relative = relative
        self.maximum = maximum
    }

    /// The step from t towards `end`, and whether it is the last (then h = end − t).
    @inlinable
    public func step(at t: Double, end: Double) -> (h: Double, last: Bool) {
        let h = min(relative * t, maximum)
        return t + h >= end ? (end - t, true) : (h, false)
    }

    /// Steps from `start` to `end` (counted, without integrating): for cost estimates.
    public func stepCount(from start: Double, to end: Double) -> Int {
        let switchTime = min(maximum / relative, end)
        var early = 0
        if switchTime > start { early = Int((log(switchTime / start) / log1p(relative)).rounded(.up)) }
        return early + Int(max(0, end - max(switchTime, start)) / maximum) + 1
    }
}

/// What an integration of `MeanFieldSpins` did.
public struct MeanFieldReport: Sendable {
    /// Steps taken.
    public var steps = 0
    /// ∫ ∂H/∂t dt = −∫ ġ (J_x² + J_y²) dt by the quadrature the method implies (each stage's coupling rate and
    /// J at that stage, weighted by the stage's share of the step), so that H(end) − H(start) − work measures
    /// how far the method is from exact energy balance.
    public var work = 0.0
    /// (t, J) at the end of the first step that reaches each requested sample time (the start for samples ≤ start).
    public var samples: [(time: Double, total: SIMD3<Double>)] = []

    public init() {}
}
