import Foundation

/// A two-level Hamiltonian H(t) = x(t) σx + z(t) σz (ħ = 1) for many problems, one per SIMD lane.
public protocol TwoLevelLaneHamiltonian {
    associatedtype Lanes: SIMD where Lanes.Scalar == Double
    associatedtype Problem
    init()
    /// Writes `problem`'s coefficients into `lane`; returns its start (state as up re, up im, down re, down im).
    mutating func load(_ problem: Problem, lane: Int) -> LaneStart
    /// (x, z) at each lane's time t.
    func coefficients(_ t: Lanes) -> (x: Lanes, z: Lanes)
}

/// Fourth-order commutator-free Magnus integrator (Blanes–Moan) for i dψ/dt = H(t)ψ with a
/// two-level H, in SIMD lanes. A step is exp(−ih(α₁H₁ + α₂H₂))·exp(−ih(α₂H₁ + α₁H₂)) with H at the
/// Gauss–Legendre nodes t + (½ ∓ √3/6)h and α₁,₂ = (3 ∓ 2√3)/12; each exponential is the exact
/// rotation cos(θr) − i sin(θr)(n̂·σ), so the step is unitary to round-off and the fast phase of
/// a large |H| costs nothing: only how H changes over a step limits h.
///
/// Adaptive control compares one step with two half steps (Richardson); the more accurate pair is
/// kept and the step grows or shrinks as err^(−1/5). Per lane, like `LaneIntegrator`. An adaptive
/// step also turns the state by at most `maxRotation`: h·max|H| ≤ 2 at its ends (|H| = √(x² + z²)).
/// The Magnus series of a step converges only for h‖H‖ < π; beyond it the error is no longer
/// O(h⁵) — it becomes first order in how far H's axis turns over the step — and the Richardson
/// estimate, which assumes h⁵, can be 15 to 100× too small, so that long windows of a large |H|
/// (Landau–Zener sweeps with vT² ≳ 10⁵) drifted far outside the tolerance (issue 13). With the bound
/// a window needs at least ∫|H|dt / 2 steps: the whole dynamical phase is resolved.
public enum TwoLevelMagnus {
    public typealias State = LaneState<4, SIMD8<Double>>

    /// The largest rotation h·max|H| of an adaptive step (see above); below π, with a margin.
    public static let maxRotation = 2.0

    /// exp(−iθ(xσx + zσz)) applied to ψ = (a, b), lane-wise.
    @inlinable @inline(__always)
    static func rotate<V: SIMD>(_ ar: inout V, _ ai: inout V, _ br: inout V, _ bi: inout V, x: V, z: V, theta: V) where V.Scalar == Double {
        let r = LaneMath.muladd(x, x, z * z).squareRoot()
        let (s, c) = LaneMath.sinCos(theta * r)
        let tiny = r .< V(repeating: 1e-300)
        let sOverR = (s / r).replacing(with: theta, where: tiny)
        // (xσx + zσz)ψ = (z a + x b, x a − z b); ψ ← c ψ − i (s/r) (that).
        let mar = LaneMath.muladd(z, ar, x * br), mai = LaneMath.muladd(z, ai, x * bi)
        let mbr = LaneMath.muladd(x, ar, -(z * br)), mbi = LaneMath.muladd(x, ai, -(z * bi))
        ar = LaneMath.muladd(c, ar, sOverR * mai)
        ai = LaneMath.muladd(c, ai, -(sOverR * mar))
        br = LaneMath.muladd(c, br, sOverR * mbi)
        bi = LaneMath.muladd(c, bi, -(sOverR * mbr))
    }

    /// One CFM4 step of every lane.
    @inlinable @inline(__always)
    static func step<H: TwoLevelLaneHamiltonian>(_ hamiltonian: H, _ t: H.Lanes, _ h: H.Lanes,
                                                 _ ar: inout H.Lanes, _ ai: inout H.Lanes, _ br: inout H.Lanes, _ bi: inout H.Lanes) {
        typealias CFM4 = CommutatorFreeMagnus4
        let (x1, z1) = hamiltonian.coefficients(LaneMath.muladd(h, H.Lanes(repeating: CFM4.node1), t))
        let (x2, z2) = hamiltonian.coefficients(LaneMath.muladd(h, H.Lanes(repeating: CFM4.node2), t))
        let a1 = H.Lanes(repeating: CFM4.alpha1), a2 = H.Lanes(repeating: CFM4.alpha2)
        rotate(&ar, &ai, &br, &bi, x: LaneMath.muladd(a2, x1, a1 * x2), z: LaneMath.muladd(a2, z1, a1 * z2), theta: h)
        rotate(&ar, &ai, &br, &bi, x: LaneMath.muladd(a1, x1, a2 * x2), z: LaneMath.muladd(a1, z1, a2 * z2), theta: h)
    }

    /// Integrates every problem from its start to its end; results in the order of `problems`.
    /// `.fixed(steps:)` takes equal steps; `.adaptive` bounds the local error of the amplitudes.
    @inlinable
    public static func integrate<H: TwoLevelLaneHamiltonian>(_: H.Type, _ problems: [H.Problem], control: StepControl) -> [LaneOutcome] {
        var stepper = TwoLevelMagnusStepper<H>()
        return LanePool.outcomes(&stepper, problems, control: control)
    }
}

/// CFM4 on a two-level state as a `LaneStepper`: ψ = (a, b) in registers, the trial of the last step.
@usableFromInline
struct TwoLevelMagnusStepper<H: TwoLevelLaneHamiltonian>: AdaptiveLaneStepper {
    @usableFromInline var hamiltonian = H()
    @usableFromInline var ar = H.Lanes(), ai = H.Lanes(), br = H.Lanes(), bi = H.Lanes()
    @usableFromInline var fr = H.Lanes(), fi = H.Lanes(), gr = H.Lanes(), gi = H.Lanes()

    @inlinable init() {}

    /// Step doubling of an order-4 method: the error estimate is of order 4.
    @inlinable var errorOrder: Int { 4 }

    @inlinable
    mutating func load(_ problem: H.Problem, lane: Int) -> LaneStart {
        let begin = hamiltonian.load(problem, lane: lane)
        ar[lane] = begin.state[0]; ai[lane] = begin.state[1]; br[lane] = begin.state[2]; bi[lane] = begin.state[3]
        return begin
    }

    @inlinable
    func final(lane: Int) -> [Double] { [ar[lane], ai[lane], br[lane], bi[lane]] }

    @inlinable
    mutating func fixedSteps(_ count: Int, start: H.Lanes, size h: H.Lanes, index: inout H.Lanes) {
        for _ in 0..<count {
            TwoLevelMagnus.step(hamiltonian, LaneMath.muladd(index, h, start), h, &ar, &ai, &br, &bi)
            index += 1
        }
    }

    @inlinable
    func initialStep(lane: Int, span: Double, relative: Double, absolute: Double) -> Double { min(1e-2, span) }

    /// At most `TwoLevelMagnus.maxRotation`/max|H| over the step's ends.
    @inlinable
    func admissibleStep(at t: H.Lanes, proposed h: H.Lanes) -> H.Lanes {
        let (x0, z0) = hamiltonian.coefficients(t)
        let (x1, z1) = hamiltonian.coefficients(t + h)
        let size = pointwiseMax(LaneMath.muladd(x0, x0, z0 * z0), LaneMath.muladd(x1, x1, z1 * z1)).squareRoot()
        let largest = H.Lanes(repeating: TwoLevelMagnus.maxRotation) / size
        return h.replacing(with: largest, where: h .> largest)
    }

    /// One step against two half steps; the two half steps are the trial.
    @inlinable
    mutating func trialStep(at t: H.Lanes, size full: H.Lanes, relative: Double, absolute: Double) -> H.Lanes {
        let half = 0.5 * full
        var (cr, ci, dr, di) = (ar, ai, br, bi)
        TwoLevelMagnus.step(hamiltonian, t, full, &cr, &ci, &dr, &di)
        (fr, fi, gr, gi) = (ar, ai, br, bi)
        TwoLevelMagnus.step(hamiltonian, t, half, &fr, &fi, &gr, &gi)
        TwoLevelMagnus.step(hamiltonian, t + half, half, &fr, &fi, &gr, &gi)
        // Richardson: the two half steps are better by 2⁴; their error is (fine − coarse)/15.
        let inverseScale = 1 / (15 * (H.Lanes(repeating: absolute) + H.Lanes(repeating: relative)))
        let e1 = (fr - cr) * inverseScale, e2 = (fi - ci) * inverseScale
        let e3 = (gr - dr) * inverseScale, e4 = (gi - di) * inverseScale
        return (0.25 * LaneMath.muladd(e1, e1, LaneMath.muladd(e2, e2, LaneMath.muladd(e3, e3, e4 * e4)))).squareRoot()
    }

    @inlinable
    mutating func accept(lane: Int) -> Bool {
        ar[lane] = fr[lane]; ai[lane] = fi[lane]; br[lane] = gr[lane]; bi[lane] = gi[lane]
        return ar[lane].isFinite && ai[lane].isFinite && br[lane].isFinite && bi[lane].isFinite
    }
}

/// `LinearTwoLevelHamiltonian` problems for the Magnus integrator.
public struct LinearTwoLevelLanes: TwoLevelLaneHamiltonian {
    public var lanes = LinearTwoLevelCoefficients()
    public init() {}

    public mutating func load(_ problem: TwoLevelProblem, lane: Int) -> LaneStart { lanes.load(problem, lane: lane) }

    @inlinable @inline(__always)
    public func coefficients(_ t: SIMD8<Double>) -> (x: SIMD8<Double>, z: SIMD8<Double>) {
        (LaneMath.muladd(lanes.xSlope, t, lanes.xOffset), LaneMath.muladd(lanes.zSlope, t, lanes.zOffset))
    }
}
