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
    /// The gap and number equations are solved to rounding; the tolerance is unused.
    public enum Method: String, ModelMethod { case newton }

    public struct Point: ModelPoint {
        /// N: number of pair levels.
        public var levelCount = 1000
        public var spectrum = PairingSpectrum.zabalo
        /// W: band width of the levels.
        public var width = 1.0
        public var seed = 1
        /// The levels for spectrum = "given" (empty: not given).
        public var levels: [Double] = []
        /// M: mean pair number; 0 means half filling ⌊N/2⌋.
        public var pairs = 0
        /// λ = gρ, ρ = N/W.
        public var lambda = 0.2
        /// T/T_c.
        public var reducedTemperature = 0.0

        public init() {}
        public init(levelCount: Int, spectrum: PairingSpectrum = .zabalo, width: Double = 1, seed: Int = 1, levels: [Double] = [],
                    pairs: Int = 0, lambda: Double = 0.2, reducedTemperature: Double = 0) {
            self.levelCount = levelCount
            self.spectrum = spectrum
            self.width = width
            self.seed = seed
            self.levels = levels
            self.pairs = pairs
            self.lambda = lambda
            self.reducedTemperature = reducedTemperature
        }

        public static let parameters: [Parameter<Point>] = [
            .integer("N", \.levelCount, 2...10_000_000, default: 1000, unit: "levels", meaning: "number of pair levels"),
            .choice("spectrum", \.spectrum, default: .zabalo, unit: "",
                    meaning: "levels ε_j: equal (−W/2…W/2, ends included), zabalo (spacing W/N, midpoints of [−W/2, W/2]), random (uniform, seeded), given (the list `levels`)"),
            .real("width", \.width, lower: 0, upper: 1e6, lowerIsOpen: true, default: 1, unit: "energy",
                  meaning: "band width of the levels; sets ρ = N/W"),
            .integer("seed", \.seed, 0...Int.max, default: 1, unit: "", meaning: "seed of the random spectrum"),
            .list("levels", \.levels, count: 2...10_000_000, default: [], unit: "energy",
                  meaning: "the levels for spectrum = given (N distinct entries)"),
            .integer("M", \.pairs, 0...10_000_000, default: 0, unit: "pairs",
                     meaning: "mean pair number, 0 < M < N; 0 means half filling ⌊N/2⌋"),
            .real("lambda", \.lambda, lower: 0, upper: 1e9, lowerIsOpen: true, default: 0.2, unit: "",
                  meaning: "dimensionless coupling λ = gρ, ρ = N/W (g = λW/N)"),
            .real("t_over_tc", \.reducedTemperature, lower: 0, upper: 1e3, default: 0, unit: "",
                  meaning: "temperature in units of this point's T_c (T = 0 if there is no T_c)"),
        ]

        /// M with 0 resolved to half filling ⌊N/2⌋.
        public var resolvedPairs: Int { pairs == 0 ? levelCount / 2 : pairs }
    }

    public struct Observables: ModelObservables {
        public var gap: Double
        public var mu: Double
        public var temperature: Double
        public var coupling: Double
        public var criticalTemperature: Double
        public var gap0: Double
        public var gapRatio: Double
        public var gap0OverTc: Double
        public var glCoefficient: Double
        public var gap0Continuum: Double
        public var condensationEnergy: Double
        public var condensationRatio: Double

        public static let columns: [Observable<Observables>] = [
            Observable("gap", \.gap, "Δ(T) (energy; 0 at and above T_c)", .exact),
            Observable("mu", \.mu, "chemical potential μ(T) (energy)", .exact),
            Observable("T", \.temperature, "temperature T = t_over_tc·T_c (energy, k_B = 1)", .exact),
            Observable("g", \.coupling, "pairing coupling g = λW/N (energy)", .exact),
            Observable("T_c", \.criticalTemperature, "critical temperature (energy; 0 if the coupling is below the discrete threshold)", .exact),
            Observable("gap0", \.gap0, "Δ₀, the T = 0 gap (energy; 0 below the threshold coupling)", .exact),
            Observable("gap_ratio", \.gapRatio, "Δ(T)/Δ₀ (nan without a gap)", .exact),
            Observable("gap0_over_tc", \.gap0OverTc, "Δ₀/T_c, → π e^{−γ_E} = 1.763877 as λ → 0 (nan without a gap)", .exact),
            Observable("gl_coefficient", \.glCoefficient, "Δ/(T_c √(1 − T/T_c)), → 3.0633 as T → T_c and λ → 0 (nan for T ≥ T_c or without a gap)", .exact),
            Observable("gap0_continuum", \.gap0Continuum, "(W/2)/sinh(1/λ), Δ₀ of a flat band of density N/W on [−W/2, W/2] (energy)", .exact),
            Observable("condensation_energy", \.condensationEnergy, "E(Δ₀) − E(normal) at T = 0, pseudospin mean-field energies (energy)", .exact),
            Observable("condensation_ratio", \.condensationRatio, "condensation energy / (−ρΔ₀²/2), → 1 for a dense flat band as λ → 0", .exact),
        ]
    }

    public static let description = ModelDescription(
        of: Self.self, name: "bcs.gap",
        summary: "BCS gap equation on N discrete pair levels at fixed mean pair number: Δ₀, T_c and Δ(T)",
        defaultTolerance: 1e-12,
        naturalPlot: (x: "t_over_tc", y: "gap_ratio"), batchSize: 1)

    /// The tolerance is unused: the gap and number equations are solved to rounding.
    public let configuration: ModelConfiguration<Method>

    public init(_ configuration: ModelConfiguration<Method>) {
        self.configuration = configuration
    }

    /// 0 < M < N (with M = 0 read as ⌊N/2⌋, so only M ≥ N breaks it), then the `levels` rules of
    /// `PairingLevels.violation`.
    public func check(_ point: Point) -> ConstraintViolation? {
        let n = point.levelCount, pairs = point.resolvedPairs
        guard pairs > 0 && pairs < n else {
            return ConstraintViolation(["M", "N"], "M = \(pairs) pairs on N = \(n) levels: need 0 < M < N")
        }
        return PairingLevels.violation(kind: point.spectrum, count: n, given: point.levels)
    }

    public func estimatedCost(_ point: Point) -> Double {
        Double(point.levelCount)
    }

    public func evaluate(_ points: [Point]) -> [PointResult<Observables>] {
        points.map(evaluate)
    }

    func evaluate(_ point: Point) -> PointResult<Observables> {
        // The Engine checks every point first; this keeps a direct call from reaching GapEquation's preconditions.
        if let violation = check(point) { return .failed(.constraint(violation)) }
        let n = point.levelCount, width = point.width, lambda = point.lambda, reducedTemperature = point.reducedTemperature
        let pairs = point.resolvedPairs
        let levels: [Double]
        switch PairingLevels.make(kind: point.spectrum, count: n, width: width, seed: point.seed, given: point.levels) {
        case .success(let made): levels = made
        case .failure(let violation): return .failed(.constraint(violation))
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
        let values = Observables(
            gap: gap, mu: mu, temperature: temperature, coupling: g, criticalTemperature: criticalTemperature, gap0: gap0,
            gapRatio: gap0 > 0 ? gap / gap0 : .nan,
            gap0OverTc: gap0 > 0 && criticalTemperature > 0 ? gap0 / criticalTemperature : .nan,
            glCoefficient: glCoefficient,
            gap0Continuum: width / 2 / sinh(1 / lambda),
            condensationEnergy: condensation,
            condensationRatio: gap0 > 0 ? condensation / (-density * gap0 * gap0 / 2) : .nan)
        return values.gap.isFinite && values.mu.isFinite ? .finished(values) : .failed(.nonFinite("non-finite gap or chemical potential"))
    }
}
