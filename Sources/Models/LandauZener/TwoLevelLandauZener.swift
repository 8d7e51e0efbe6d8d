import Foundation
import Integrators

/// The two-level Landau–Zener sweep, H(t) = (v t/2) σz + (Δ/2) σx with ħ = 1 (PHYSICS.md §4),
/// started in the diabatic state |↑⟩ at t = −T and integrated to t = +T.
///
/// For T → ∞ the probability to stay in |↑⟩ is P_LZ = exp(−πΔ²/(2v)). At finite T, p_stay differs
/// from P_LZ by an oscillating term bounded by about 2√(P(1−P))·Δ/(vT) (PHYSICS.md §4, window rule).
///
/// Methods (the tolerance bounds the error of p_stay in each):
/// - `auto` (default): fourth-order Magnus with exact exponentials (adaptive) where the dynamics is
///   non-perturbative, and the analytic adiabatic-frame propagation of `AdiabaticFrame` through the
///   tails |t| > t₁ of long windows, t₁ chosen from the tolerance; chosen per point.
/// - `magnus4`: the adaptive Magnus integrator over the whole window. Its steps resolve the whole
///   dynamical phase (at least ≈ vT²/4 of them, `LinearSweepSolver.rotationSteps`), so `check`
///   refuses windows that would need more than 5·10⁶ (about vT² > 2·10⁷): use `auto` there.
/// - `rk4`: fixed-step RK4 with a step count from its norm-loss and phase-error bounds (slow for long windows).
public struct TwoLevelLandauZener: Model {
    public enum Method: String, ModelMethod { case auto, magnus4, rk4 }

    /// One sweep: rate v, gap Δ and half window T (ħ = 1).
    public struct Point: ModelPoint {
        public var rate = 1.0
        public var gap = 1.0
        public var halfWindow = 50.0
        public init() {}
        public init(rate: Double, gap: Double, halfWindow: Double) {
            self.rate = rate
            self.gap = gap
            self.halfWindow = halfWindow
        }
        public static let parameters: [Parameter<Point>] = [
            .real("v", \.rate, lower: 0, upper: 1e6, lowerIsOpen: true, default: 1,
                  unit: "energy/time", meaning: "sweep rate: slope of the diabatic splitting"),
            .real("delta", \.gap, lower: 0, upper: 1e3, default: 1,
                  unit: "energy", meaning: "minimum gap Δ between the adiabatic levels"),
            .real("T", \.halfWindow, lower: 0, upper: 1e4, lowerIsOpen: true, default: 50,
                  unit: "time", meaning: "half-width of the time window [−T, T]"),
        ]
    }

    public struct Observables: ModelObservables {
        public var pStay: Double
        public var pAdiabatic: Double
        public var normError: Double
        public var pLZ: Double
        public static let columns: [Observable<Observables>] = [
            Observable("p_stay", \.pStay, "probability |⟨↑|ψ(T)⟩|² to stay in the initial diabatic state", .absolute),
            Observable("p_adiabatic", \.pAdiabatic, "probability in the instantaneous ground state at +T (adiabatic following)"),
            Observable("norm_error", \.normError, "|‖ψ(T)‖² − 1|, the integrator's loss of unitarity", .diagnostic),
            Observable("p_lz", \.pLZ, "Landau–Zener formula exp(−πΔ²/(2v)) for an infinite window (reference)", .exact),
        ]
    }

    public static let description = ModelDescription(
        of: Self.self, name: "lz.two-level",
        summary: "Two-level Landau–Zener sweep H(t) = (v t/2) σz + (Δ/2) σx from |↑⟩ at t = −T to t = +T",
        defaultTolerance: 1e-9,
        naturalPlot: (x: "v", y: "p_stay"), references: ["p_stay": ["p_lz"]])

    public let configuration: ModelConfiguration<Method>

    public init(_ configuration: ModelConfiguration<Method>) {
        self.configuration = configuration
    }

    /// The sweep of one point.
    struct Sweep {
        let rate: Double
        let gap: Double
        let halfWindow: Double

        init(_ point: Point) {
            rate = point.rate
            gap = point.gap
            halfWindow = point.halfWindow
        }

        /// The sweep from |↑⟩ over [−T, T].
        var linear: LinearSweep { LinearSweep(rate: rate, gap: gap, start: -halfWindow, end: halfWindow, initial: .up) }

        var hamiltonian: LinearTwoLevelHamiltonian {
            LinearTwoLevelHamiltonian(zOffset: 0, zSlope: rate / 2, xOffset: gap / 2, xSlope: 0)
        }

        /// Equal RK4 steps for an error of p_stay below `tolerance`. RK4 multiplies each
        /// eigen-amplitude by R(−iEh), E(t) = ½√((vt)² + Δ²): |R|² = 1 − (Eh)⁶/72 + O((Eh)⁸) (norm
        /// loss, (h⁵/72)∫E⁶dt over the window) and arg R = −Eh + (Eh)⁵/120 + … (a relative phase error
        /// between the two adiabatic states of (h⁴/60)∫E⁵dt, which moves p_stay by at most that much
        /// where it interferes). Each is held to a quarter of the tolerance, which leaves room for the
        /// terms of H's time dependence this frozen-H estimate leaves out (they reach 1.25× the
        /// tolerance at half of it: v = 0.1, Δ = 0.3, T = 2), with ∫E⁵ ≤ (∫E⁶)^{5/6}(2T)^{1/6}
        /// (Hölder). At least 16 steps per unit of the crossing time scale.
        func rk4Steps(tolerance: Double) -> Int {
            let v2 = rate * rate, d2 = gap * gap, t = halfWindow
            let integralE6 = max((v2 * v2 * v2 * pow(t, 7) / 7 + 3 * v2 * v2 * d2 * pow(t, 5) / 5
                + v2 * d2 * d2 * pow(t, 3) + d2 * d2 * d2 * t) / 32, .leastNormalMagnitude)
            let integralE5 = pow(integralE6, 5.0 / 6) * pow(2 * t, 1.0 / 6)
            let lossStep = pow(18 * tolerance / integralE6, 0.2)
            let phaseStep = pow(15 * tolerance / max(integralE5, .leastNormalMagnitude), 0.25)
            let crossingTime = 1 / max(rate.squareRoot(), gap, 1 / halfWindow)
            let step = min(lossStep, phaseStep, crossingTime / 16)
            return max(16, Int((2 * halfWindow / step).rounded(.up)))
        }

        func problem(tolerance: Double) -> TwoLevelProblem {
            TwoLevelProblem(hamiltonian: hamiltonian, initialState: .up, start: -halfWindow, end: halfWindow,
                            steps: rk4Steps(tolerance: tolerance))
        }

        /// Observables of the final state ψ(+T).
        func observables(_ psi: TwoLevelState) -> Observables {
            let pStay = psi.upReal * psi.upReal + psi.upImaginary * psi.upImaginary
            let (hz, hx) = hamiltonian.coefficients(at: halfWindow)
            let ground = Self.groundState(hz: hz, hx: hx)
            let overlapRe = ground.up * psi.upReal + ground.down * psi.downReal
            let overlapIm = ground.up * psi.upImaginary + ground.down * psi.downImaginary
            let pAdiabatic = overlapRe * overlapRe + overlapIm * overlapIm
            let normError = abs(psi.normSquared - 1)
            let pLZ = exp(-Double.pi * gap * gap / (2 * rate))
            return Observables(pStay: pStay, pAdiabatic: pAdiabatic, normError: normError, pLZ: pLZ)
        }

        /// Real normalised ground state of hz σz + hx σx, computed without cancellation.
        static func groundState(hz: Double, hx: Double) -> (up: Double, down: Double) {
            let e = (hz * hz + hx * hx).squareRoot()
            guard e > 0 else { return (1, 0) }
            let (up, down) = hz >= 0 ? (hx, -(hz + e)) : (hz - e, hx)
            let norm = (up * up + down * down).squareRoot()
            return (up / norm, down / norm)
        }
    }

    public func check(_ point: Point) -> ConstraintViolation? {
        guard configuration.method == .magnus4 else { return nil }
        let steps = LinearSweepSolver.rotationSteps(Sweep(point).linear, tolerance: configuration.tolerance, tails: false)
        guard steps > LinearSweepSolver.rotationStepLimit else { return nil }
        return ConstraintViolation(["v", "delta", "T"],
            "magnus4 resolves the dynamical phase of the whole window [−T, T] and would need ≥ \(String(format: "%.1e", steps)) steps " +
            "(more than \(String(format: "%.0e", LinearSweepSolver.rotationStepLimit)); about v·T² > 2e7): use method auto, whose analytic tails do not, or a shorter window")
    }

    public func estimatedCost(_ point: Point) -> Double {
        let sweep = Sweep(point), tolerance = configuration.tolerance
        switch configuration.method {
        case .rk4: return Double(sweep.rk4Steps(tolerance: tolerance))
        case .auto, .magnus4:
            // Magnus steps scale with the non-perturbative part of the window and its crossing time;
            // each costs about as much as 6 RK4 steps.
            // At least the steps that resolve the phase (`rotationSteps`).
            let tails = configuration.method == .auto
            let span = LinearSweepSolver.numericalSpan(sweep.linear, tolerance: tolerance, tails: tails)
            let steps = max(span * max(sweep.rate.squareRoot(), sweep.gap, 1) * pow(1e-6 / tolerance, 0.2) * 20,
                            LinearSweepSolver.rotationSteps(sweep.linear, tolerance: tolerance, tails: tails))
            return 6 * steps
        }
    }

    public func evaluate(_ points: [Point]) -> [PointResult<Observables>] {
        let sweeps = points.map(Sweep.init)
        let finals: [Result<TwoLevelState, IntegrationFailure>]
        switch configuration.method {
        case .rk4: finals = TwoLevelRK4.solve(sweeps.map { $0.problem(tolerance: configuration.tolerance) }).map { .success($0) }
        case .auto: finals = LinearSweepSolver.solve(sweeps.map(\.linear), tolerance: configuration.tolerance, tails: true)
        case .magnus4: finals = LinearSweepSolver.solve(sweeps.map(\.linear), tolerance: configuration.tolerance, tails: false)
        }
        return zip(sweeps, finals).map { sweep, final in
            switch final {
            case .failure(let failure): return .failed(.integration(failure))
            case .success(let psi):
                let values = sweep.observables(psi)
                let finite = [values.pStay, values.pAdiabatic, values.normError, values.pLZ].allSatisfy(\.isFinite)
                return finite ? .finished(values) : .failed(.nonFinite("non-finite state after integration"))
            }
        }
    }
}
