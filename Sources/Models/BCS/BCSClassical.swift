import Foundation
import Integrators

/// The mean-field (classical pseudospin) BCS Landau–Zener sweep (PHYSICS.md §1.5): N classical spins |s_j| = ½,
///
///     ds_j/dt = b_j × s_j,   b_j = (−2G(t)J_x, −2G(t)J_y, 2ε_j),   J = Σ_k s_k,   G(t) = 1/(νt),
///
/// i.e. H_cl = Σ_j 2ε_j s_j^z − G(t)(J_x² + J_y²), from the mean-field ground state at t₀ (with J_z = M − N/2)
/// to T. The exact t → ∞ answer n_j = s_j^z + ½ of `AsymptoticOccupations.Classical` (the Fermi function of the
/// level rank averaged over a unit cell, independent of the ε_j) is the reference; at finite T the numerics
/// differ from it by an oscillating O(G(T)/|ε_j − ε_k|) term (§1.5), which a scan over T shows.
///
/// Methods: "split4" (default) — exact H₀ and H₁ rotations composed to 4th order, |s_j| and J_z conserved to
/// round-off (`MeanFieldSpins.integrateSplitting`, with tabulated z rotations in the fixed-step phase: 2–20× faster
/// than per-spin sin/cos at N = 10⁴–10⁶, `quench bench`); "rk4" — plain RK4 on the same equations, PHYSICS.md's reference.
/// Both take h = min(c·t, h_max) (`stepRule`) under a global error control: a point is integrated at step scales 2k
/// and k, and k is halved until max_j |n_j(k) − n_j(2k)|/15 (the k run's error by Richardson, both methods being of
/// order 4) is at most tolerance/4; the k run is returned. The fixed rule with c and h_max·max|ε| ∝ tolerance^{1/4}
/// alone (before issue 13) missed the tolerance by up to 48× (rk4: 147×) at some level sets: its error builds up
/// where the steps turn from ∝ t to fixed, with a size set by the spectrum (clusters of levels, the fraction of
/// pairs far apart), the filling and N/ν, which no constant covers.
public struct BCSClassical: Model {
    public enum Method: String, ModelMethod { case split4, rk4 }

    public struct Point: ModelPoint {
        public var sweep: PairingSweepParameters

        public init() { self.init(PairingSweepParameters(levelCount: 10, end: 1e4)) }
        public init(_ sweep: PairingSweepParameters) { self.sweep = sweep }

        public static let parameters: [Parameter<Point>] =
            PairingSweepParameters.parameters(maximumLevels: 4_000_000, defaultLevels: 10, defaultEnd: 1e4).lifted(into: \.sweep)
    }

    public struct Observables: ModelObservables {
        public var nLowest: Double
        public var nBelow: Double
        public var nAbove: Double
        public var nHighest: Double
        public var maxError: Double
        public var exactBelow: Double
        public var mu: Double
        public var energyDrift: Double
        public var spinLengthDrift: Double
        public var jzDrift: Double
        public var gap: Double
        public var steps: Double

        public static let columns: [Observable<Observables>] = [
            Observable("n_lowest", \.nLowest, "n_0 = s_0^z + ½ at T, lowest level", .absolute),
            Observable("n_below", \.nBelow, "n_{M−1} at T, the level just below the Fermi level", .absolute),
            Observable("n_above", \.nAbove, "n_M at T, the level just above the Fermi level", .absolute),
            Observable("n_highest", \.nHighest, "n_{N−1} at T, highest level", .absolute),
            Observable("max_error", \.maxError, "max_j |n_j(T) − n_j(∞)| against the exact classical answer (PHYSICS.md §1.5)", .diagnostic),
            Observable("exact_below", \.exactBelow, "exact n_{M−1}(∞) of the classical formula", .exact),
            Observable("mu", \.mu, "chemical potential μ of the classical formula (level-index units; N/2 at half filling)", .exact),
            Observable("energy_drift", \.energyDrift, "|E(T) − E(t₀) − ∫∂H/∂t dt| / max(|E(t₀)|, |E(T)|), ∂H/∂t = −Ġ(J_x² + J_y²)", .diagnostic),
            Observable("spin_length_drift", \.spinLengthDrift, "max_j ||s_j(T)| − ½|", .diagnostic),
            Observable("jz_drift", \.jzDrift, "|J_z(T) − J_z(t₀)|", .diagnostic),
            Observable("gap", \.gap, "|Δ(T)| = G(T)|J_⊥(T)| (energy)"),
            Observable("steps", \.steps, "integration steps taken, the runs of the error control included", .diagnostic),
        ]
    }

    public static let description = ModelDescription(
        of: Self.self, name: "bcs.classical",
        summary: "BCS Landau–Zener sweep G = 1/(νt), mean field (classical pseudospins), vs the exact asymptotic occupations",
        defaultTolerance: 1e-7,
        naturalPlot: (x: "nu", y: "n_below"),
        batchSize: 1,
        series: [
            SeriesSpec("n_profile", coordinate: "j", "n_j = s_j^z + ½ at T for every level rank j"),
            SeriesSpec("gap", coordinate: "t", "|Δ(t)| = G(t)|J_⊥(t)| at the first step end after each of `samples` log-spaced times in [t₀, T]"),
        ], references: ["n_below": ["exact_below"]])

    public let configuration: ModelConfiguration<Method>

    public init(_ configuration: ModelConfiguration<Method>) {
        self.configuration = configuration
    }

    /// The shared sweep rules (`PairingSweepParameters.violation`). Whether a mean-field ground state with
    /// Δ > 0 exists at t₀ is left to `evaluate`: it needs the levels and the gap equation's Δ → 0⁺ probe.
    public func check(_ point: Point) -> ConstraintViolation? {
        point.sweep.violation()
    }

    /// The step rule at step scale k: h = min(c·t, h_max), c = c₀k/max(1, N/(2ν)) (the H₁ rotation per unit ln t
    /// is 2G|J|t ≤ N/ν) and h_max = κ₀k/max|ε| (levels measured from their midrange, `evaluate`), with c₀, κ₀ =
    /// 0.015, 0.2 (split4) and 0.004, 0.05 (rk4).
    public static func stepRule(method: Method, scale: Double, levelCount: Int, nu: Double, largestLevel: Double) -> ProportionalStepRule {
        let (c0, kappa0) = constants(method)
        let coupling = max(1, Double(levelCount) / (2 * nu))
        return ProportionalStepRule(relative: c0 * scale / coupling, maximum: kappa0 * scale / max(largestLevel, 1e-300))
    }

    static func constants(_ method: Method) -> (c0: Double, kappa0: Double) {
        switch method {
        case .rk4: (0.004, 0.05)
        case .split4: (0.015, 0.2)
        }
    }

    /// The step scale of the first run at `tolerance`: (tolerance/10⁻⁷)^{1/4} (both methods are of order 4), at
    /// most 1.25 (split4) and 1.5 (rk4), so that the run at 2k for the error estimate is still in the range where
    /// the error falls as k⁴ (measured: both methods' errors stop doing so above k ≈ 2.5–3; split4 at 2.5 turns a
    /// spin by 1 rad per step, inside the shears' stability limit of 1.16 rad).
    public static func initialScale(method: Method, tolerance: Double) -> Double {
        min(pow(tolerance / 1e-7, 0.25), method == .split4 ? 1.25 : 1.5)
    }

    /// The run at scale k is accepted when its error estimate, max_j |n_j(k) − n_j(2k)|/15 over every level (Richardson:
    /// the error falls 16-fold per halving), is at most `acceptance`·tolerance; otherwise k is halved, at most
    /// `maximumHalvings` times, and the point fails with the estimate if that is not enough or if the estimate stops
    /// falling (rounding: seen near 1e-11 after 10⁷ steps).
    static let acceptance = 0.25
    static let maximumHalvings = 6

    public func estimatedCost(_ point: Point) -> Double {
        guard let sweep = try? PairingSweep(point.sweep) else { return 1 }
        let rule = Self.stepRule(method: configuration.method, scale: Self.initialScale(method: configuration.method, tolerance: configuration.tolerance),
                                 levelCount: sweep.levelCount, nu: sweep.nu, largestLevel: (sweep.levels.last! - sweep.levels.first!) / 2)
        return 1.5 * Double(sweep.levelCount) * Double(rule.stepCount(from: sweep.start, to: sweep.end))
    }

    public func evaluate(_ points: [Point]) -> [PointResult<Observables>] {
        points.map(evaluate)
    }

    func evaluate(_ point: Point) -> PointResult<Observables> {
        let sweep: PairingSweep
        do throws(ConstraintViolation) { sweep = try PairingSweep(point.sweep) } catch { return .failed(.constraint(error)) }
        let record = configuration.record
        let n = sweep.levelCount, m = sweep.pairs
        guard let initial = GapEquation.groundState(levels: sweep.levels, coupling: sweep.coupling(at: sweep.start), pairs: m)?.spins else {
            let coupling = point.sweep.nu > 0 ? ["t0", "nu"] : ["t0", "eta", "N"]
            return .failed(.constraint(ConstraintViolation(coupling, "no mean-field ground state with Δ > 0 at t0 = \(sweep.start) (G = \(sweep.coupling(at: sweep.start)) is below the critical coupling); use a smaller t0")))
        }
        // A common shift of the levels turns every spin about z at the same rate, which commutes with H₁ (J_z and
        // |J_⊥| are invariant) and leaves every s_j^z alone: integrate with the levels measured from their midrange.
        let midrange = (sweep.levels[0] + sweep.levels[n - 1]) / 2
        let shifted = sweep.levels.map { $0 - midrange }
        let coupling = { (t: Double) in sweep.coupling(at: t) }
        let couplingRate = { (t: Double) in -1 / (sweep.nu * t * t) }
        let sampleTimes: [Double]
        if record.wants("gap") {
            let count = max(record.samples, 2), ratio = sweep.end / sweep.start
            sampleTimes = (0..<count).map { $0 == count - 1 ? sweep.end : sweep.start * pow(ratio, Double($0) / Double(count - 1)) }
        } else {
            sampleTimes = []
        }
        func integrate(scale: Double) -> (spins: MeanFieldSpins, report: SpinIntegrationReport) {
            let spins = MeanFieldSpins(levels: shifted, spins: initial)
            let rule = Self.stepRule(method: configuration.method, scale: scale, levelCount: n, nu: sweep.nu, largestLevel: spins.largestLevel)
            switch configuration.method {
            case .rk4:
                return (spins, spins.integrateRK4(from: sweep.start, to: sweep.end, rule: rule, coupling: coupling, couplingRate: couplingRate,
                                                  sampleTimes: sampleTimes))
            case .split4:
                return (spins, spins.integrateSplitting(from: sweep.start, to: sweep.end, rule: rule, coupling: coupling,
                                                        couplingRate: couplingRate, sampleTimes: sampleTimes, tabulateRotations: true))
            }
        }
        func occupations(_ spins: MeanFieldSpins) -> [Double] { (0..<n).map { spins.spin($0).z + 0.5 } }

        // Global error control: runs at step scales 2k and k; halve k until the estimate of the k run's error is small.
        var scale = Self.initialScale(method: configuration.method, tolerance: configuration.tolerance)
        let first = integrate(scale: 2 * scale)
        var coarse = occupations(first.spins)
        var (spins, report) = integrate(scale: scale)
        var steps = first.report.steps + report.steps
        var halvings = 0, previous = Double.infinity
        while true {
            let fine = occupations(spins)
            let estimate = zip(fine, coarse).reduce(0) { max($0, abs($1.0 - $1.1)) } / 15
            if estimate <= Self.acceptance * configuration.tolerance { break }
            // Past two halvings the estimate should fall 16-fold per halving; if it no longer halves, rounding dominates.
            let floor = halvings >= 2 && estimate > previous / 2
            guard halvings < Self.maximumHalvings && !floor else {
                return .failed(.outsideMethodDomain("\(configuration.method.rawValue) could not reach tolerance \(configuration.tolerance): "
                    + "estimated integration error \(estimate) after \(steps) steps (\(halvings) halvings of the step"
                    + (floor ? "; the estimate stopped falling: rounding error" : "") + "); raise the tolerance"))
            }
            previous = estimate
            halvings += 1
            scale /= 2
            coarse = fine
            (spins, report) = integrate(scale: scale)
            steps += report.steps
        }
        let start = MeanFieldSpins(levels: sweep.levels, spins: initial)
        let startEnergy = start.energy(coupling: coupling(sweep.start)), startJz = start.total.z

        let occupations = (0..<n).map { spins.spin($0).z + 0.5 }
        let exact = AsymptoticOccupations.Classical(levelCount: n, pairs: m, nu: sweep.nu)
        let maxError = zip(occupations, exact.occupations).reduce(0) { max($0, abs($1.0 - $1.1)) }
        let total = spins.total
        let endEnergy = spins.energy(coupling: coupling(sweep.end)) + 2 * midrange * total.z
        let energyDrift = abs(endEnergy - startEnergy - report.work) / max(abs(startEnergy), abs(endEnergy), .leastNormalMagnitude)
        let gap = coupling(sweep.end) * (total.x * total.x + total.y * total.y).squareRoot()
        let observables = Observables(
            nLowest: occupations[0], nBelow: occupations[m - 1], nAbove: occupations[m], nHighest: occupations[n - 1], maxError: maxError,
            exactBelow: exact.occupations[m - 1], mu: exact.chemicalPotential, energyDrift: energyDrift,
            spinLengthDrift: spins.spinLengthError, jzDrift: abs(total.z - startJz), gap: gap, steps: Double(steps))
        var series: [SeriesData] = []
        if record.wants("n_profile") {
            series.append(SeriesData(name: "n_profile", coordinates: (0..<n).map(Double.init), values: occupations))
        }
        if record.wants("gap") {
            series.append(SeriesData(name: "gap", coordinates: report.samples.map(\.time), values: report.samples.map {
                coupling($0.time) * ($0.total.x * $0.total.x + $0.total.y * $0.total.y).squareRoot()
            }))
        }
        return .finished(observables, series: series)
    }
}
