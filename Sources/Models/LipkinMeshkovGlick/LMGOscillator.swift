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
    public enum Method: String, ModelMethod {
        case extrapolation8
        case dormandPrince = "dormand-prince"
    }

    /// Which equation of motion a point integrates.
    public enum Form: String, ParameterChoice {
        case finiteN = "finite-n"
        case scaled
    }

    /// One ramp: N and δ for the finite-n form, Λ and S for the scaled form.
    public struct Point: ModelPoint {
        public var form = Form.finiteN
        public var ramp = LMGRamp.full
        public var spins = 500
        public var delta = 0.01
        public var lambda = 1.0
        public var window = 200.0
        public init() {}
        public init(form: Form, ramp: LMGRamp, spins: Int, delta: Double, lambda: Double, window: Double) {
            self.form = form
            self.ramp = ramp
            self.spins = spins
            self.delta = delta
            self.lambda = lambda
            self.window = window
        }
        public static let parameters: [Parameter<Point>] = [
            .choice("form", \.form, default: .finiteN,
                    meaning: "finite-n: physical time and the finite-N gap; scaled: Eq. 10 in s = δ^{1/3}t"),
            LMGRamp.parameter(\.ramp),
            .integer("N", \.spins, 2...1_000_000_000, default: 500, unit: "spins", meaning: "system size (finite-n)"),
            .real("delta", \.delta, lower: 0, upper: 1, lowerIsOpen: true, default: 0.01, unit: "J",
                  meaning: "ramp rate δ of h(t) = 1 − δt (finite-n)"),
            .real("Lambda", \.lambda, lower: 0, upper: 1e12, lowerIsOpen: true, default: 1, unit: "",
                  meaning: "scaling variable Λ = Nδ (scaled)"),
            .real("S", \.window, lower: 0, upper: 1e5, lowerIsOpen: true, default: 200, unit: "",
                  meaning: "scaled window: s from −S to S (full) or 0 (half) (scaled)"),
        ]
    }

    public struct Observables: ModelObservables {
        public var nExc: Double
        public var fidelity: Double
        public var heat: Double
        public var nAiry: Double
        public var nScaling: Double
        public static let columns: [Observable<Observables>] = [
            Observable("n_exc", \.nExc, "excitation number of the oscillator at the end of the ramp", .relative(floor: 1)),
            // |Δfidelity| = |Δn|/(2(1 + n)^{3/2}) ≤ tol·max(1, n)/(2(1 + n)^{3/2}) ≤ tol/2: absolute follows from n_exc's.
            Observable("fidelity", \.fidelity, "overlap (1 + n_exc)^(−1/2) with the instantaneous ground state", .absolute),
            // |ΔQ| = Ω|Δn| ≤ tol·max(Ω, Q): a floor that varies with the point, which `Accuracy` cannot state.
            Observable("heat", \.heat, "Q = Ω·n_exc at the end (J; scaled units for the scaled form); |error| ≤ tol·max(Ω, Q) from n_exc's"),
            Observable("n_airy", \.nAiry, "exact n_exc for the same window from Airy functions (scaled form; nan for finite-n)", .exact),
            Observable("n_scaling", \.nScaling, "scaling-limit n_exc at Λ (= Nδ for finite-n): S → ∞ (full) or s = 0 (half)", .exact),
        ]
    }

    public static let description = ModelDescription(
        of: Self.self, name: "lmg.oscillator",
        summary: "LMG Kibble–Zurek ramp as the Holstein–Primakoff oscillator (Ermakov–Milne), finite-N gap or scaling form",
        defaultTolerance: 1e-8,
        naturalPlot: (x: "delta", y: "n_exc"), references: ["n_exc": ["n_airy", "n_scaling"]])

    public let configuration: ModelConfiguration<Method>

    public init(_ configuration: ModelConfiguration<Method>) {
        self.configuration = configuration
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

        init(_ point: Point) {
            full = switch point.ramp {
            case .full: true
            case .half: false
            }
            let delta = point.delta
            switch point.form {
            case .scaled:
                scaled = true
                lambda = point.lambda
                let c = pow(lambda, -2.0 / 3), window = point.window
                left = (0, -4, c)
                right = (0, 8, c)
                start = -window
                end = full ? window : 0
            case .finiteN:
                scaled = false
                let n = point.spins
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

    public func estimatedCost(_ point: Point) -> Double {
        let ramp = Ramp(point)
        // Oscillation periods in the window, about Ω·(end − start).
        return (ramp.end - ramp.start) * max(ramp.omegaSquared(ramp.start), ramp.omegaSquared(ramp.end)).squareRoot() + 10
    }

    public func evaluate(_ points: [Point]) -> [PointResult<Observables>] {
        let ramps = points.map(Ramp.init)
        let method: ExplicitMethod = switch configuration.method {
        case .extrapolation8: .extrapolation8
        case .dormandPrince: .dormandPrince54
        }
        // The local tolerance, per method, for a global n_exc error below tolerance·max(1, n_exc). The
        // error that adds up over the many steps of a slow ramp is each step's amplitude error, which
        // the Wronskian normalisation below removes; what remains stays below 0.1 of the bound at these
        // factors (LMGOscillatorAccuracyTests: scaled form against the exact Airy value, finite-n
        // against a 1e-13 reference; README, lmg.oscillator).
        let local = configuration.tolerance * (configuration.method == .extrapolation8 ? 1 : 0.1)
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
            if let failure = finals[i].failure { return .failed(.integration(failure)) }
            let y = finals[i].state
            let omega = ramp.omegaSquared(ramp.end).squareRoot()
            // With u = αu₊ + βu₋ (positive and negative frequency), Im(u*u′) = −(|α|² − |β|²)/2 is exactly
            // −½, and n_exc = |β|²/(|α|² − |β|²). A Runge–Kutta step, a polynomial in the frozen generator,
            // scales α and β alike by its amplitude error, a drift that adds up over ~10⁶ periods but
            // leaves that ratio alone: rescale u to |Im(u*u′)| = ½ and the drift drops out of n_exc.
            let wronskian = y[0] * y[3] - y[1] * y[2]
            let scale = 1 / (2 * abs(wronskian)).squareRoot()
            let n = HolsteinPrimakoffOscillator.excitation(u: ComplexNumber(re: scale * y[0], im: scale * y[1]),
                                                           derivative: ComplexNumber(re: scale * y[2], im: scale * y[3]), omega: omega)
            let reference = HolsteinPrimakoffOscillator.ScaledRamp(lambda: ramp.lambda)
            let airy = ramp.scaled ? reference.exactExcitation(start: ramp.start, end: ramp.end) : .nan
            let values = Observables(nExc: n, fidelity: 1 / (1 + n).squareRoot(), heat: omega * n, nAiry: airy,
                                     nScaling: reference.scalingLimit(full: ramp.full))
            return n.isFinite ? .finished(values) : .failed(.nonFinite("non-finite mode function"))
        }
    }
}
