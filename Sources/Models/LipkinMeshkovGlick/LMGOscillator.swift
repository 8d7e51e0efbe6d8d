import Foundation
import Integrators

/// u″ = −Ω(t)²u with Ω² = q₂t² + q₁t + q₀ per lane, u = (re, im), state (u re, u im, u′ re, u′ im).
struct ModeFunctionODE: LaneODE {
    typealias State = LaneState<4, SIMD8<Double>>
    struct Problem {
        var q2: Double, q1: Double, q0: Double
        var start: Double, end: Double
        var u: ComplexNumber, du: ComplexNumber
    }
    var q2 = SIMD8<Double>(), q1 = SIMD8<Double>(), q0 = SIMD8<Double>()

    mutating func load(_ problem: Problem, lane: Int) -> LaneStart {
        q2[lane] = problem.q2
        q1[lane] = problem.q1
        q0[lane] = problem.q0
        return LaneStart(state: [problem.u.re, problem.u.im, problem.du.re, problem.du.im], start: problem.start, end: problem.end)
    }

    func derivative(_ t: SIMD8<Double>, _ y: State) -> State {
        let omegaSquared = LaneMath.muladd(LaneMath.muladd(q2, t, q1), t, q0)
        var d = State.zero
        d[0] = y[2]
        d[1] = y[3]
        d[2] = -(omegaSquared * y[0])
        d[3] = -(omegaSquared * y[1])
        return d
    }
}

/// The LMG Kibble–Zurek ramp in the Holstein–Primakoff oscillator picture (PHYSICS.md §2.3–2.4):
/// the Ermakov–Milne width ξ = |u| with u″ + Ω²u = 0, from the ground state at the start.
///
/// - `form = "finite-n"`: physical time, h(t) = 1 − δt from h = 2 at t = −1/δ, with the finite-N gap
///   Ω² = 4h(h−1) + N^{−2/3} (h > 1), 4(1−h²) + N^{−2/3} (h < 1), as Defenu et al. computed Fig. 2(c).
/// - `form = "scaled"`: Eq. 10, Ω(s)² = −4s + Λ^{−2/3} (s < 0), 8s + Λ^{−2/3} (s > 0), s ∈ [−S, S or 0].
///
/// Full ramp: to h = 0 (s = S); half ramp: to the critical point h = 1 (s = 0). Observables at the end:
/// n_exc = [ξ′² + (Ωξ − 1/(2ξ))²]/(2Ω), fidelity (1 + n_exc)^{−1/2}, heat Q = Ω·n_exc, and two
/// references from Airy functions: `n_airy`, the exact value for the same window (scaled form; nan for
/// finite-n, whose Ω² is not piecewise linear), and `n_scaling`, the scaling limit at Λ (or Λ = Nδ):
/// S → ∞ for the full ramp (→ 0.3512071920 as Λ → ∞), s = 0 for the half ramp.
public struct LMGOscillator: Model {
    public static let description = ModelDescription(
        name: "lmg.oscillator",
        summary: "LMG Kibble–Zurek ramp as the Holstein–Primakoff oscillator (Ermakov–Milne), finite-N gap or scaling form",
        parameters: [
            ParameterSpec("form", .choice(["finite-n", "scaled"]), default: .text("finite-n"), unit: "",
                          meaning: "finite-n: physical time and the finite-N gap; scaled: Eq. 10 in s = δ^{1/3}t"),
            ParameterSpec("ramp", .choice(["full", "half"]), default: .text("full"), unit: "",
                          meaning: "full: h from 2 to 0; half: h from 2 to the critical point 1"),
            ParameterSpec("N", .integer(2...1_000_000_000), default: .integer(500), unit: "spins", meaning: "system size (finite-n)"),
            ParameterSpec("delta", .real(lower: 0, upper: 1, lowerIsOpen: true), default: .real(0.01), unit: "J",
                          meaning: "ramp rate δ of h(t) = 1 − δt (finite-n)"),
            ParameterSpec("Lambda", .real(lower: 0, upper: 1e12, lowerIsOpen: true), default: .real(1), unit: "",
                          meaning: "scaling variable Λ = Nδ (scaled)"),
            ParameterSpec("S", .real(lower: 0, upper: 1e5, lowerIsOpen: true), default: .real(200), unit: "",
                          meaning: "scaled window: s from −S to S (full) or 0 (half) (scaled)"),
        ],
        observables: [
            ObservableSpec("n_exc", "excitation number of the oscillator at the end of the ramp"),
            ObservableSpec("fidelity", "overlap (1 + n_exc)^(−1/2) with the instantaneous ground state"),
            ObservableSpec("heat", "Q = Ω·n_exc at the end (J; scaled units for the scaled form)"),
            ObservableSpec("n_airy", "exact n_exc for the same window from Airy functions (scaled form; nan for finite-n)"),
            ObservableSpec("n_scaling", "scaling-limit n_exc at Λ (= Nδ for finite-n): S → ∞ (full) or s = 0 (half)"),
        ],
        methods: ["extrapolation8", "dormand-prince"],
        defaultTolerance: 1e-8,
        naturalPlot: (x: "delta", y: "n_exc"), references: ["n_exc": ["n_airy", "n_scaling"]])

    public let settings: IntegratorSettings

    public init(settings: IntegratorSettings) {
        self.settings = settings
    }

    /// One point as two branches of a quadratic Ω²(t), left of and right of the critical point t = 0.
    struct Ramp {
        let scaled: Bool
        let full: Bool
        let lambda: Double
        /// (q₂, q₁, q₀) for t < 0 and t > 0.
        let left: (Double, Double, Double)
        let right: (Double, Double, Double)
        let start: Double
        let end: Double

        init(_ point: PointParameters) {
            guard case .text(let form) = point[0], case .text(let ramp) = point[1], case .integer(let n) = point[2] else {
                preconditionFailure("form, ramp and N are a choice, a choice and an integer")
            }
            scaled = form == "scaled"
            full = ramp == "full"
            let delta = point.real(3)
            if scaled {
                lambda = point.real(4)
                let c = pow(lambda, -2.0 / 3), window = point.real(5)
                left = (0, -4, c)
                right = (0, 8, c)
                start = -window
                end = full ? window : 0
            } else {
                lambda = Double(n) * delta
                let c = pow(Double(n), -2.0 / 3)
                left = (4 * delta * delta, -4 * delta, c)     // 4h(h−1) + c with h = 1 − δt
                right = (-4 * delta * delta, 8 * delta, c)    // 4(1−h²) + c
                start = -1 / delta
                end = full ? 1 / delta : 0
            }
        }

        func omegaSquared(_ t: Double) -> Double {
            let (q2, q1, q0) = t < 0 ? left : right
            return (q2 * t + q1) * t + q0
        }

        func problem(_ branch: (Double, Double, Double), from: Double, to: Double, _ u: ComplexNumber, _ du: ComplexNumber) -> ModeFunctionODE.Problem {
            ModeFunctionODE.Problem(q2: branch.0, q1: branch.1, q0: branch.2, start: from, end: to, u: u, du: du)
        }
    }

    public func estimatedCost(_ point: PointParameters) -> Double {
        let ramp = Ramp(point)
        // Oscillation periods in the window, about Ω·(end − start).
        return (ramp.end - ramp.start) * max(ramp.omegaSquared(ramp.start), ramp.omegaSquared(ramp.end)).squareRoot() + 10
    }

    public func evaluate(_ points: [PointParameters]) -> [PointOutcome] {
        let ramps = points.map(Ramp.init)
        let method: ExplicitMethod = settings.method == "dormand-prince" ? .dormandPrince54 : .extrapolation8
        // Local tolerance for a global n_exc error below tolerance·max(1, n_exc) (tests: against the exact Airy value).
        let local = settings.tolerance * 1e-2
        // Slow ramps span up to ~10⁶ oscillation periods; allow the steps that takes.
        let control = StepControl.adaptive(relative: local, absolute: local, maxSteps: 200_000_000)
        let starts = ramps.map { HolsteinPrimakoffOscillator.groundState(omega: $0.omegaSquared($0.start).squareRoot()) }
        let leftOutcomes = LaneIntegrator.integrate(ModeFunctionODE.self, zip(ramps, starts).map { ramp, s in
            ramp.problem(ramp.left, from: ramp.start, to: 0, s.u, s.du)
        }, method: method, control: control)
        let rightIndices = ramps.indices.filter { ramps[$0].end > 0 && leftOutcomes[$0].failure == nil }
        let rightOutcomes = LaneIntegrator.integrate(ModeFunctionODE.self, rightIndices.map { i in
            let y = leftOutcomes[i].state
            return ramps[i].problem(ramps[i].right, from: 0, to: ramps[i].end, ComplexNumber(re: y[0], im: y[1]), ComplexNumber(re: y[2], im: y[3]))
        }, method: method, control: control)
        var finals = leftOutcomes
        for (i, outcome) in zip(rightIndices, rightOutcomes) { finals[i] = outcome }

        return ramps.indices.map { i in
            let ramp = ramps[i]
            if let failure = finals[i].failure { return .failed(reason: failure) }
            let y = finals[i].state
            let omega = ramp.omegaSquared(ramp.end).squareRoot()
            let n = HolsteinPrimakoffOscillator.excitation(u: ComplexNumber(re: y[0], im: y[1]), derivative: ComplexNumber(re: y[2], im: y[3]),
                                                           omega: omega)
            let reference = HolsteinPrimakoffOscillator.ScaledRamp(lambda: ramp.lambda)
            let airy = ramp.scaled ? reference.exactExcitation(start: ramp.start, end: ramp.end) : .nan
            let values = [n, 1 / (1 + n).squareRoot(), omega * n, airy, reference.scalingLimit(full: ramp.full)]
            return values[0].isFinite ? .finished(values) : .failed(reason: "non-finite mode function")
        }
    }
}
