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
/// Both take h = min(c·t, h_max) with c and h_max·max|ε| ∝ tolerance^{1/4} (`stepRule`).
public struct BCSClassical: Model {
    public static let description = ModelDescription(
        name: "bcs.classical",
        summary: "BCS Landau–Zener sweep G = 1/(νt), mean field (classical pseudospins), vs the exact asymptotic occupations",
        parameters: PairingSweep.parameters(maximumLevels: 4_000_000, defaultLevels: 10, defaultEnd: 1e4),
        observables: [
            ObservableSpec("n_lowest", "n_0 = s_0^z + ½ at T, lowest level"),
            ObservableSpec("n_below", "n_{M−1} at T, the level just below the Fermi level"),
            ObservableSpec("n_above", "n_M at T, the level just above the Fermi level"),
            ObservableSpec("n_highest", "n_{N−1} at T, highest level"),
            ObservableSpec("max_error", "max_j |n_j(T) − n_j(∞)| against the exact classical answer (PHYSICS.md §1.5)"),
            ObservableSpec("exact_below", "exact n_{M−1}(∞) of the classical formula"),
            ObservableSpec("mu", "chemical potential μ of the classical formula (level-index units; N/2 at half filling)"),
            ObservableSpec("energy_drift", "|E(T) − E(t₀) − ∫∂H/∂t dt| / max(|E(t₀)|, |E(T)|), ∂H/∂t = −Ġ(J_x² + J_y²)"),
            ObservableSpec("spin_length_drift", "max_j ||s_j(T)| − ½|"),
            ObservableSpec("jz_drift", "|J_z(T) − J_z(t₀)|"),
            ObservableSpec("gap", "|Δ(T)| = G(T)|J_⊥(T)| (energy)"),
            ObservableSpec("steps", "integration steps taken"),
        ],
        methods: ["split4", "rk4"],
        defaultTolerance: 1e-7,
        naturalPlot: (x: "nu", y: "n_below"),
        batchSize: 1,
        series: [
            SeriesSpec("n_profile", coordinate: "j", "n_j = s_j^z + ½ at T for every level rank j"),
            SeriesSpec("gap", coordinate: "t", "|Δ(t)| = G(t)|J_⊥(t)| at the first step end after each of `samples` log-spaced times in [t₀, T]"),
        ], references: ["n_below": ["exact_below"]])

    public let settings: IntegratorSettings
    public let record: RecordRequest

    public init(settings: IntegratorSettings) {
        self.init(settings: settings, record: .none)
    }

    public init(settings: IntegratorSettings, record: RecordRequest) {
        self.settings = settings
        self.record = record
    }

    /// Steps for a method and tolerance: h = min(c·t, h_max) with (both methods are of order 4, s = (tol/10⁻⁷)^{1/4})
    /// c = c₀·s/max(1, N/(2ν)) — the H₁ rotation per unit ln t is 2G|J|t ≤ N/ν — and h_max = κ₀·s/max|ε|.
    /// c₀, κ₀ = 0.015, 0.2 (split4) and 0.004, 0.05 (rk4) were measured on N = 10–100, ν = 1–50, t₀ = 10⁻⁷,
    /// T = 10⁴ against runs with 20× smaller steps: the integration error of every n_j was 0.3–0.8·tol at
    /// tol = 10⁻⁷ (README, "bcs.classical").
    public static func stepRule(method: String, tolerance: Double, levelCount: Int, nu: Double, largestLevel: Double) -> MeanFieldStepRule {
        let scale = pow(tolerance / 1e-7, 0.25)
        let (c0, kappa0) = method == "rk4" ? (0.004, 0.05) : (0.015, 0.2)
        let coupling = max(1, Double(levelCount) / (2 * nu))
        return MeanFieldStepRule(relative: min(c0 * scale, 0.5) / coupling, maximum: min(kappa0 * scale, 0.5) / max(largestLevel, 1e-300))
    }

    public func estimatedCost(_ point: PointParameters) -> Double {
        guard case .success(let sweep) = PairingSweep.from(point) else { return 1 }
        let largest = sweep.levels.reduce(0) { max($0, abs($1)) }
        let rule = Self.stepRule(method: settings.method, tolerance: settings.tolerance, levelCount: sweep.levelCount, nu: sweep.nu,
                                 largestLevel: largest)
        return Double(sweep.levelCount) * Double(rule.stepCount(from: sweep.start, to: sweep.end))
    }

    public func evaluate(_ points: [PointParameters]) -> [PointOutcome] {
        points.map { evaluate($0, series: false).outcome }
    }

    public func evaluateWithSeries(_ points: [PointParameters]) -> [(outcome: PointOutcome, series: [SeriesData])] {
        points.map { evaluate($0, series: true) }
    }

    func evaluate(_ point: PointParameters, series wantsSeries: Bool) -> (outcome: PointOutcome, series: [SeriesData]) {
        let sweep: PairingSweep
        switch PairingSweep.from(point) {
        case .success(let s): sweep = s
        case .failure(let error): return (.failed(reason: error.description), [])
        }
        let n = sweep.levelCount, m = sweep.pairs
        guard let initial = GapEquation.groundState(levels: sweep.levels, coupling: sweep.coupling(at: sweep.start), pairs: m)?.spins else {
            return (.failed(reason: "no mean-field ground state with Δ > 0 at t0 = \(sweep.start) (G = \(sweep.coupling(at: sweep.start)) is below the critical coupling); use a smaller t0"), [])
        }
        let spins = MeanFieldSpins(levels: sweep.levels, spins: initial)
        let coupling = { (t: Double) in sweep.coupling(at: t) }
        let couplingRate = { (t: Double) in -1 / (sweep.nu * t * t) }
        let startEnergy = spins.energy(coupling: coupling(sweep.start)), startJz = spins.total.z

        let sampleTimes: [Double]
        if wantsSeries && record.wants("gap") {
            let count = max(record.samples, 2), ratio = sweep.end / sweep.start
            sampleTimes = (0..<count).map { $0 == count - 1 ? sweep.end : sweep.start * pow(ratio, Double($0) / Double(count - 1)) }
        } else {
            sampleTimes = []
        }
        let rule = Self.stepRule(method: settings.method, tolerance: settings.tolerance, levelCount: n, nu: sweep.nu,
                                 largestLevel: spins.largestLevel)
        let report = settings.method == "rk4"
            ? spins.integrateRK4(from: sweep.start, to: sweep.end, rule: rule, coupling: coupling, couplingRate: couplingRate,
                                 sampleTimes: sampleTimes)
            : spins.integrateSplitting(from: sweep.start, to: sweep.end, rule: rule, coupling: coupling, couplingRate: couplingRate,
                                       sampleTimes: sampleTimes, tabulateRotations: true)

        let occupations = (0..<n).map { spins.spin($0).z + 0.5 }
        let exact = AsymptoticOccupations.Classical(levelCount: n, pairs: m, nu: sweep.nu)
        let maxError = zip(occupations, exact.occupations).reduce(0) { max($0, abs($1.0 - $1.1)) }
        let total = spins.total
        let endEnergy = spins.energy(coupling: coupling(sweep.end))
        let energyDrift = abs(endEnergy - startEnergy - report.work) / max(abs(startEnergy), abs(endEnergy), .leastNormalMagnitude)
        let gap = coupling(sweep.end) * (total.x * total.x + total.y * total.y).squareRoot()
        let outcome = PointOutcome.finished([
            occupations[0], occupations[m - 1], occupations[m], occupations[n - 1], maxError, exact.occupations[m - 1],
            exact.chemicalPotential, energyDrift, spins.spinLengthError, abs(total.z - startJz), gap, Double(report.steps),
        ])
        guard wantsSeries else { return (outcome, []) }
        var series: [SeriesData] = []
        if record.wants("n_profile") {
            series.append(SeriesData(name: "n_profile", coordinates: (0..<n).map(Double.init), values: occupations))
        }
        if record.wants("gap") {
            series.append(SeriesData(name: "gap", coordinates: report.samples.map(\.time), values: report.samples.map {
                coupling($0.time) * ($0.total.x * $0.total.x + $0.total.y * $0.total.y).squareRoot()
            }))
        }
        return (outcome, series)
    }
}
