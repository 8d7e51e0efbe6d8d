import Foundation
import Integrators

/// Kibble–Zurek ramp of the transverse-field Ising ring, H = −Σₙ [g(t) σₙˣ + σₙᶻσₙ₊₁ᶻ], J = 1,
/// g(t) = −t/τ_Q from g₀ down to g_f (PHYSICS.md §3; Dziarmaga, PRL 95, 245701 (2005)).
///
/// After Jordan–Wigner and Fourier transformation each k = (2m−1)π/L, m = 1…L/2 (even-parity ring)
/// is an independent two-level problem, i d/dt(u, v) = 2[(g − cos k)σz + sin k σx](u, v), with
/// energies ±ε_k, ε_k = 2√((g − cos k)² + sin²k). It starts in the positive-energy state at g₀, and
/// p_k is its weight on the negative-energy state at g_f. In s = t + τ_Q cos k and after the
/// unitary σx ↦ relabelling, mode k is the LZ sweep (v s/2)σz + (Δ/2)σx with v = 4/τ_Q, Δ = 4 sin k,
/// over s ∈ [τ_Q(cos k − g₀), τ_Q(cos k − g_f)], solved by `LinearSweepSolver` (all modes of a
/// point share the SIMD lanes). Then
///   n = (2/L) Σ_m p_k  (kink density at g_f = 0, quasiparticle density otherwise),
///   e_res = (2/L) Σ_m ε_k(g_f) p_k  (energy above the ground state per site; = 2n at g_f = 0),
/// and the KZ prediction n_KZ = 1/(2π√(2τ_Q)) for slow ramps.
///
/// Accuracy: n and e_res are absolute, |error| ≤ tolerance (per site; e_res in units of J). The
/// modes are solved to tolerance/(1 + g_f): ε_k ≤ 2(1 + g_f), so each p_k enters e_res with a weight
/// (2/L)ε_k that sums to at most 2(1 + g_f), and the p_k errors, a fraction of the mode tolerance
/// and of both signs, stay inside it (IsingAccuracyTests, against an independent integration).
/// `magnus4` resolves every mode's dynamical phase, about τ_Q(g₀ + 1)² for the modes near k = π;
/// `check` refuses ramps whose modes would need more than 5·10⁶ steps (use `auto`).
public struct IsingKibbleZurek: Model {
    public enum Method: String, ModelMethod { case auto, magnus4 }

    /// One ramp: quench time τ_Q, ring length L and the fields g₀ → g_f (J = 1).
    public struct Point: ModelPoint {
        public var quenchTime = 16.0
        public var sites = 1000
        public var initialField = 4.0
        public var finalField = 0.0
        public init() {}
        public init(quenchTime: Double, sites: Int, initialField: Double, finalField: Double) {
            self.quenchTime = quenchTime
            self.sites = sites
            self.initialField = initialField
            self.finalField = finalField
        }
        public static let parameters: [Parameter<Point>] = [
            .real("tau_q", \.quenchTime, lower: 0, upper: 1e6, lowerIsOpen: true, default: 16,
                  unit: "1/J", meaning: "quench time τ_Q: the field falls by 1 in time τ_Q"),
            .integer("L", \.sites, 2...10_000_000, default: 1000, unit: "sites",
                     meaning: "ring length (even; modes k = (2m−1)π/L)"),
            .real("g0", \.initialField, lower: 0, upper: 1e3, lowerIsOpen: true, default: 4,
                  unit: "J", meaning: "initial field (start in the ground state there)"),
            .real("g_final", \.finalField, lower: 0, upper: 1e3, default: 0,
                  unit: "J", meaning: "final field (below g0)"),
        ]
    }

    public struct Observables: ModelObservables {
        public var n: Double
        public var eRes: Double
        public var nKZ: Double
        public static let columns: [Observable<Observables>] = [
            Observable("n", \.n, "density of excitations per site at g_final (kinks at g_final = 0)", .absolute),
            Observable("e_res", \.eRes, "residual energy per site above the ground state at g_final", .absolute),
            Observable("n_kz", \.nKZ, "Kibble–Zurek prediction 1/(2π√(2τ_Q)) (reference)", .exact),
        ]
    }

    public static let description = ModelDescription(
        of: Self.self, name: "ising.kz",
        summary: "Transverse-field Ising ring of L sites ramped g(t) = −t/τ_Q from g0 to g_final through the critical point g = 1",
        defaultTolerance: 1e-8,
        naturalPlot: (x: "tau_q", y: "n"), batchSize: 1, references: ["n": ["n_kz"]])

    public let configuration: ModelConfiguration<Method>

    public init(_ configuration: ModelConfiguration<Method>) {
        self.configuration = configuration
    }

    /// Whether the configured method propagates the tails |s| > t₁ analytically.
    var tails: Bool {
        switch configuration.method {
        case .auto: true
        case .magnus4: false
        }
    }

    public func check(_ point: Point) -> ConstraintViolation? {
        if point.sites % 2 != 0 {
            return ConstraintViolation(["L"], "L = \(point.sites) must be even (modes k = (2m−1)π/L, m = 1…L/2)")
        }
        if point.finalField >= point.initialField {
            return ConstraintViolation(["g0", "g_final"], "g_final = \(point.finalField) must be below g0 = \(point.initialField)")
        }
        if !tails {
            let ramp = Ramp(point)
            // The phase grows with g₀ − cos k: the last mode, next to k = π, has the most.
            let steps = LinearSweepSolver.rotationSteps(ramp.sweep(ramp.modes[ramp.modes.count - 1]), tolerance: modeTolerance(point), tails: false)
            if steps > LinearSweepSolver.rotationStepLimit {
                return ConstraintViolation(["tau_q", "g0", "g_final"],
                    "magnus4 resolves each mode's dynamical phase and would need ≥ \(String(format: "%.1e", steps)) steps for the mode next to k = π " +
                    "(more than \(String(format: "%.0e", LinearSweepSolver.rotationStepLimit)); about τ_Q·(g0 + 1)² > 1e7): use method auto, whose analytic tails do not")
            }
        }
        return nil
    }

    /// The tolerance of each mode's p_k: tolerance/(1 + g_f), so that e_res = (2/L)Σ ε_k p_k with
    /// ε_k ≤ 2(1 + g_f) meets the tolerance as n does.
    func modeTolerance(_ point: Point) -> Double {
        configuration.tolerance / (1 + point.finalField)
    }

    struct Ramp {
        let quenchTime: Double
        let sites: Int
        let initialField: Double
        let finalField: Double

        init(_ point: Point) {
            quenchTime = point.quenchTime
            sites = point.sites
            initialField = point.initialField
            finalField = point.finalField
        }

        var modes: [Double] { (1...(sites / 2)).map { Double(2 * $0 - 1) * .pi / Double(sites) } }

        /// Mode k as an LZ sweep, starting in the positive-energy adiabatic state.
        func sweep(_ k: Double) -> LinearSweep {
            let rate = 4 / quenchTime, gap = 4 * sin(k)
            let start = quenchTime * (cos(k) - initialField)
            let end = quenchTime * (cos(k) - finalField)
            let (c, s) = AdiabaticFrame(rate: rate, gap: gap).halfAngle(start)
            return LinearSweep(rate: rate, gap: gap, start: start, end: end,
                               initial: TwoLevelState(upReal: c, upImaginary: 0, downReal: s, downImaginary: 0))
        }

        /// Weight on the negative-energy state (−sin θ/2, cos θ/2) at the end of a mode's sweep.
        func excitation(_ sweep: LinearSweep, _ psi: TwoLevelState) -> Double {
            let (c, s) = sweep.frame.halfAngle(sweep.end)
            let re = -s * psi.upReal + c * psi.downReal, im = -s * psi.upImaginary + c * psi.downImaginary
            return re * re + im * im
        }

        func energy(_ k: Double) -> Double {
            let a = finalField - cos(k), b = sin(k)
            return 2 * (a * a + b * b).squareRoot()
        }
    }

    public func estimatedCost(_ point: Point) -> Double {
        let ramp = Ramp(point)
        // Numerical window of the slowest-crossing mode, in units of its crossing time, per mode.
        // With magnus4, at least the steps that resolve the phase of the middle mode, k = π/2.
        let probe = ramp.sweep(.pi / Double(ramp.sites)), tolerance = modeTolerance(point)
        let span = LinearSweepSolver.numericalSpan(probe, tolerance: tolerance, tails: tails)
        let rotations = tails ? 0 : LinearSweepSolver.rotationSteps(ramp.sweep(.pi / 2), tolerance: tolerance, tails: false)
        return Double(ramp.sites / 2) * max(max(span * probe.rate.squareRoot(), 1) * 40, 6 * rotations)
    }

    public func evaluate(_ points: [Point]) -> [PointResult<Observables>] {
        points.map { point in
            let ramp = Ramp(point)
            let modes = ramp.modes
            let sweeps = modes.map(ramp.sweep)
            let finals = LinearSweepSolver.solve(sweeps, tolerance: modeTolerance(point), tails: tails)
            var density = 0.0, energy = 0.0
            for (k, (sweep, final)) in zip(modes, zip(sweeps, finals)) {
                switch final {
                case .failure(let failure):
                    return .failed(.integration(failure, context: "the Magnus integrator could not finish mode k = \(k)"))
                case .success(let psi):
                    let p = ramp.excitation(sweep, psi)
                    density += p
                    energy += ramp.energy(k) * p
                }
            }
            let scale = 2 / Double(ramp.sites)
            return .finished(Observables(n: scale * density, eRes: scale * energy,
                                         nKZ: 1 / (2 * .pi * (2 * ramp.quenchTime).squareRoot())))
        }
    }
}
