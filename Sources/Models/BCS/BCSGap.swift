import Foundation

/// The BCS gap equation on N discrete pair levels (PHYSICS.md §5): T = 0 gap Δ₀, critical temperature
/// T_c and the gap Δ(T) at T = (T/T_c)·T_c, all at a fixed mean number of M pairs through μ, for
/// H = Σ_j 2ε_j s_j^z − g Σ_{j,k} s_j^+ s_k^- with levels from `PairingLevels`.
///
/// Coupling: λ = gρ with ρ = N/W levels per unit energy, so g = λW/N. For a dense flat band the
/// weak-coupling results are Δ₀ = (W/2)/sinh(1/λ) (textbook 2ω_D e^{−1/N(0)V}, ω_D = W/2),
/// Δ₀/T_c → π e^{−γ_E} = 1.763877 and Δ → 3.0633 T_c √(1 − T/T_c) near T_c (λ → 0); the condensation
/// energy tends to −ρΔ₀²/2. The solver is `GapEquation` (number equation and method there).
public struct BCSGap: Model {
    public static let description = ModelDescription(
        name: "bcs.gap",
        summary: "BCS gap equation on N discrete pair levels at fixed mean pair number: Δ₀, T_c and Δ(T)",
        parameters: [
            ParameterSpec("N", .integer(2...10_000_000), default: .integer(1000), unit: "levels", meaning: "number of pair levels"),
            ParameterSpec("spectrum", .choice(PairingLevels.kinds), default: .text("zabalo"), unit: "",
                          meaning: "levels ε_j: equal (−W/2…W/2, ends included), zabalo (spacing W/N, midpoints of [−W/2, W/2]), random (uniform, seeded), given (the list `levels`)"),
            ParameterSpec("width", .real(lower: 0, upper: 1e6, lowerIsOpen: true), default: .real(1), unit: "energy",
                          meaning: "band width of the levels; sets ρ = N/W"),
            ParameterSpec("seed", .integer(0...Int.max), default: .integer(1), unit: "", meaning: "seed of the random spectrum"),
            ParameterSpec("levels", .realList(count: 2...10_000_000), default: .list([]), unit: "energy",
                          meaning: "the levels for spectrum = given (N distinct entries)"),
            ParameterSpec("M", .integer(0...10_000_000), default: .integer(0), unit: "pairs",
                          meaning: "mean pair number, 0 < M < N; 0 means half filling ⌊N/2⌋"),
            ParameterSpec("lambda", .real(lower: 0, upper: 1e9, lowerIsOpen: true), default: .real(0.2), unit: "",
                          meaning: "dimensionless coupling λ = gρ, ρ = N/W (g = λW/N)"),
            ParameterSpec("t_over_tc", .real(lower: 0, upper: 1e3), default: .real(0), unit: "",
                          meaning: "temperature in units of this point's T_c (T = 0 if there is no T_c)"),
        ],
        observables: [
            ObservableSpec("gap", "Δ(T) (energy; 0 at and above T_c)"),
            ObservableSpec("mu", "chemical potential μ(T) (energy)"),
            ObservableSpec("T", "temperature T = t_over_tc·T_c (energy, k_B = 1)"),
            ObservableSpec("g", "pairing coupling g = λW/N (energy)"),
            ObservableSpec("T_c", "critical temperature (energy; 0 if the coupling is below the discrete threshold)"),
            ObservableSpec("gap0", "Δ₀, the T = 0 gap (energy; 0 below the threshold coupling)"),
            ObservableSpec("gap_ratio", "Δ(T)/Δ₀ (nan without a gap)"),
            ObservableSpec("gap0_over_tc", "Δ₀/T_c, → π e^{−γ_E} = 1.763877 as λ → 0 (nan without a gap)"),
            ObservableSpec("gl_coefficient", "Δ/(T_c √(1 − T/T_c)), → 3.0633 as T → T_c and λ → 0 (nan for T ≥ T_c or without a gap)"),
            ObservableSpec("gap0_continuum", "(W/2)/sinh(1/λ), Δ₀ of a flat band of density N/W on [−W/2, W/2] (energy)"),
            ObservableSpec("condensation_energy", "E(Δ₀) − E(normal) at T = 0, pseudospin mean-field energies (energy)"),
            ObservableSpec("condensation_ratio", "condensation energy / (−ρΔ₀²/2), → 1 for a dense flat band as λ → 0"),
        ],
        methods: ["newton"],
        defaultTolerance: 1e-12,
        naturalPlot: (x: "t_over_tc", y: "gap_ratio"), batchSize: 1)

    /// Unused: the gap and number equations are solved to rounding.
    public let settings: IntegratorSettings

    public init(settings: IntegratorSettings) {
        self.settings = settings
    }

    public func estimatedCost(_ point: PointParameters) -> Double {
        guard case .integer(let n) = point[0] else { return 1 }
        return Double(n)
    }

    public func evaluate(_ points: [PointParameters]) -> [PointOutcome] {
        points.map(evaluate)
    }

    func evaluate(_ point: PointParameters) -> PointOutcome {
        guard case .integer(let n) = point[0], case .text(let kind) = point[1], case .integer(let seed) = point[3],
              case .list(let given) = point[4], case .integer(let requestedPairs) = point[5] else {
            preconditionFailure("N, spectrum, seed, levels and M are an integer, a choice, an integer, a list and an integer")
        }
        let width = point.real(2), lambda = point.real(6), reducedTemperature = point.real(7)
        let pairs = requestedPairs == 0 ? n / 2 : requestedPairs
        guard pairs > 0 && pairs < n else { return .failed(reason: "M = \(pairs) pairs on N = \(n) levels; need 0 < M < N") }
        let levels: [Double]
        switch PairingLevels.make(kind: kind, count: n, width: width, seed: seed, given: given) {
        case .success(let made): levels = made
        case .failure(let error): return .failed(reason: error.description)
        }
        let density = Double(n) / width, g = lambda / density

        let criticalTemperature = GapEquation.criticalTemperature(levels: levels, coupling: g, pairs: pairs)
        let ground = GapEquation.groundState(levels: levels, coupling: g, pairs: pairs)
        let gap0 = ground?.gap ?? 0
        let mu0 = ground?.chemicalPotential ?? GapEquation.gap(levels: levels, coupling: g, pairs: pairs, temperature: 0).chemicalPotential
        let temperature = reducedTemperature * criticalTemperature
        var (gap, mu) = temperature == 0 ? (gap0, mu0) : GapEquation.gap(levels: levels, coupling: g, pairs: pairs, temperature: temperature)
        // At T = T_c itself the gap function at Δ → 0 is 1 to rounding; Δ = 0 there by definition.
        if reducedTemperature >= 1 { gap = 0 }

        let condensation = ground.map { GapEquation.condensationEnergy(levels: levels, coupling: g, pairs: pairs, ground: $0) } ?? 0
        let glCoefficient = reducedTemperature < 1 && criticalTemperature > 0
            ? gap / (criticalTemperature * (1 - reducedTemperature).squareRoot()) : .nan
        let values = [
            gap, mu, temperature, g, criticalTemperature, gap0,
            gap0 > 0 ? gap / gap0 : .nan,
            gap0 > 0 && criticalTemperature > 0 ? gap0 / criticalTemperature : .nan,
            glCoefficient,
            width / 2 / sinh(1 / lambda),
            condensation,
            gap0 > 0 ? condensation / (-density * gap0 * gap0 / 2) : .nan,
        ]
        return values[0].isFinite && values[1].isFinite ? .finished(values) : .failed(reason: "non-finite gap or chemical potential")
    }
}
