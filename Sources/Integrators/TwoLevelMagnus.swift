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

    @usableFromInline static let node1 = 0.5 - 3.0.squareRoot() / 6
    @usableFromInline static let node2 = 0.5 + 3.0.squareRoot() / 6
    @usableFromInline static let alpha1 = (3 - 2 * 3.0.squareRoot()) / 12
    @usableFromInline static let alpha2 = (3 + 2 * 3.0.squareRoot()) / 12

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
        let (x1, z1) = hamiltonian.coefficients(LaneMath.muladd(h, H.Lanes(repeating: node1), t))
        let (x2, z2) = hamiltonian.coefficients(LaneMath.muladd(h, H.Lanes(repeating: node2), t))
        let a1 = H.Lanes(repeating: alpha1), a2 = H.Lanes(repeating: alpha2)
        rotate(&ar, &ai, &br, &bi, x: LaneMath.muladd(a2, x1, a1 * x2), z: LaneMath.muladd(a2, z1, a1 * z2), theta: h)
        rotate(&ar, &ai, &br, &bi, x: LaneMath.muladd(a1, x1, a2 * x2), z: LaneMath.muladd(a1, z1, a2 * z2), theta: h)
    }

    /// Integrates every problem from its start to its end; results in the order of `problems`.
    /// `.fixed(steps:)` takes equal steps; `.adaptive` bounds the local error of the amplitudes.
    @inlinable
    public static func integrate<H: TwoLevelLaneHamiltonian>(_: H.Type, _ problems: [H.Problem], control: StepControl) -> [LaneOutcome] {
        typealias V = H.Lanes
        let laneCount = V.scalarCount
        var outcomes = [LaneOutcome](repeating: LaneOutcome(state: [], acceptedSteps: 0, rejectedSteps: 0, failure: nil),
                                     count: problems.count)
        var hamiltonian = H()
        var ar = V(), ai = V(), br = V(), bi = V()
        var t = V(), h = V(), start = V(), end = V(), stepIndex = V()
        var owner = [Int](repeating: -1, count: laneCount)
        var accepted = [Int](repeating: 0, count: laneCount)
        var rejected = [Int](repeating: 0, count: laneCount)
        var next = 0

        func finish(_ lane: Int, _ failure: IntegrationFailure?) {
            outcomes[owner[lane]] = LaneOutcome(state: [ar[lane], ai[lane], br[lane], bi[lane]], acceptedSteps: accepted[lane],
                                                rejectedSteps: rejected[lane], failure: failure)
            owner[lane] = -1
            h[lane] = 0
        }

        while true {
            for lane in 0..<laneCount where owner[lane] < 0 && next < problems.count {
                let begin = hamiltonian.load(problems[next], lane: lane)
                ar[lane] = begin.state[0]; ai[lane] = begin.state[1]; br[lane] = begin.state[2]; bi[lane] = begin.state[3]
                t[lane] = begin.start; start[lane] = begin.start; end[lane] = begin.end; stepIndex[lane] = 0
                accepted[lane] = 0; rejected[lane] = 0
                switch control {
                case .fixed(let steps): h[lane] = (begin.end - begin.start) / Double(steps)
                case .adaptive: h[lane] = min(1e-2, begin.end - begin.start)
                }
                owner[lane] = next
                next += 1
            }
            guard owner.contains(where: { $0 >= 0 }) else { break }

            switch control {
            case .fixed(let steps):
                step(hamiltonian, LaneMath.muladd(stepIndex, h, start), h, &ar, &ai, &br, &bi)
                stepIndex += 1
                for lane in 0..<laneCount where owner[lane] >= 0 {
                    accepted[lane] += 1
                    if accepted[lane] == steps { finish(lane, nil) }
                }

            case .adaptive(let relative, let absolute, let maxSteps):
                let remaining = end - t
                let (x0, z0) = hamiltonian.coefficients(t)
                let (x1, z1) = hamiltonian.coefficients(t + h)
                let size = pointwiseMax(LaneMath.muladd(x0, x0, z0 * z0), LaneMath.muladd(x1, x1, z1 * z1)).squareRoot()
                let largest = V(repeating: maxRotation) / size
                let bounded = h.replacing(with: largest, where: h .> largest)
                let last = bounded .>= remaining
                let full = bounded.replacing(with: remaining, where: last)
                let half = 0.5 * full
                var (cr, ci, dr, di) = (ar, ai, br, bi)
                step(hamiltonian, t, full, &cr, &ci, &dr, &di)
                var (fr, fi, gr, gi) = (ar, ai, br, bi)
                step(hamiltonian, t, half, &fr, &fi, &gr, &gi)
                step(hamiltonian, t + half, half, &fr, &fi, &gr, &gi)
                // Richardson: the two half steps are better by 2⁴; their error is (fine − coarse)/15.
                let inverseScale = 1 / (15 * (V(repeating: absolute) + V(repeating: relative)))
                let e1 = (fr - cr) * inverseScale, e2 = (fi - ci) * inverseScale
                let e3 = (gr - dr) * inverseScale, e4 = (gi - di) * inverseScale
                let error = (0.25 * LaneMath.muladd(e1, e1, LaneMath.muladd(e2, e2, LaneMath.muladd(e3, e3, e4 * e4)))).squareRoot()
                for lane in 0..<laneCount where owner[lane] >= 0 {
                    let e = error[lane]
                    if e <= 1 {
                        accepted[lane] += 1
                        ar[lane] = fr[lane]; ai[lane] = fi[lane]; br[lane] = gr[lane]; bi[lane] = gi[lane]
                        t[lane] = last[lane] ? end[lane] : t[lane] + full[lane]
                        h[lane] = full[lane] * (e == 0 ? 5 : min(5, max(0.2, 0.9 * pow(e, -0.2))))
                        if last[lane] { finish(lane, nil); continue }
                    } else {
                        rejected[lane] += 1
                        h[lane] = full[lane] * (e.isFinite ? max(0.2, 0.9 * pow(e, -0.2)) : 0.1)
                    }
                    if h[lane] < 1e-14 * max(abs(t[lane]), end[lane] - start[lane]) {
                        finish(lane, .stepSizeUnderflow(step: h[lane], time: t[lane]))
                    } else if accepted[lane] + rejected[lane] >= maxSteps {
                        finish(lane, .stepLimit(maxSteps: maxSteps, end: end[lane]))
                    }
                }
            }
        }
        return outcomes
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
