import Foundation
import Integrators

/// The many-body Landau–Zener sweep of the BCS model, exact quantum dynamics (PHYSICS.md §1.1–1.4, 1.7):
/// H(t) = Σ_j 2ε_j s_j^z − G(t) S⁺S⁻, G = 1/(νt), from t₀ (coupling effectively infinite) to T, then the
/// first-order interaction-picture tail (T, ∞) with E₁ (PHYSICS.md §1.3), so the observables are the
/// t → ∞ ones.
///
/// - `protocol = "fixed-M"`: the M-pair sector (dimension C(N, M)) from the symmetric Dicke state, the
///   infinite-coupling ground state (error O(t₀)).
/// - `protocol = "product"`: the mean-field ground state at infinite coupling, every pseudospin along +x,
///   i.e. every sector m = 0…N with weight C(N, m)/2^N, each evolved on its own (2^N amplitudes in all).
///
/// Propagation: commutator-free Magnus-4 with Lanczos exponentials on the sparse H (S⁺S⁻ applied as two
/// gathers through the (M−1)-sector), in s = ln t up to t_switch = ½/max|ε_j| (the 1/t coupling becomes a
/// constant there) and in t after it, with step-doubling control of the error per unit step, so that
/// ‖δψ(T)‖ stays within `tolerance` over the whole sweep: n_j and p_ground are then absolute, |error| ≤
/// tolerance (the t → ∞ tail is first order in 1/(νωT) whatever the tolerance: choose T large).
/// Method `asymptotic` evaluates the exact t → ∞ answer (q-binomial ensemble) instead of integrating.
public struct BCSQuantum: Model {
    public enum Method: String, ModelMethod {
        case magnus4Lanczos = "magnus4-lanczos"
        case asymptotic
    }

    /// The state at t₀ (job-file parameter `protocol`).
    public enum InitialState: String, ParameterChoice {
        /// The Dicke state of M pairs.
        case fixedM = "fixed-M"
        /// All pseudospins along +x: every sector m = 0…N.
        case product
    }

    public struct Point: ModelPoint {
        public var sweep: PairingSweepParameters
        public var initialState: InitialState

        public init() { self.init(PairingSweepParameters(levelCount: 8, end: 2e4)) }
        public init(_ sweep: PairingSweepParameters, initialState: InitialState = .fixedM) {
            self.sweep = sweep
            self.initialState = initialState
        }

        public static let parameters: [Parameter<Point>] =
            PairingSweepParameters.parameters(maximumLevels: 4096, defaultLevels: 8, defaultEnd: 2e4).lifted(into: \.sweep) + [
                .choice("protocol", \.initialState, default: .fixedM, unit: "",
                        meaning: "fixed-M: Dicke state of M pairs; product: all pseudospins along +x (every M)"),
            ]
    }

    public struct Observables: ModelObservables {
        public var nLowest: Double
        public var nBelow: Double
        public var nAbove: Double
        public var nHighest: Double
        public var pGround: Double
        public var pGroundExact: Double
        public var fockEntropy: Double
        public var maxConfigError: Double
        public var maxOccupationError: Double
        public var maxDevClassical: Double
        public var entanglementAtEnd: Double
        public var normError: Double
        public var nu: Double
        public var steps: Double

        public static let columns: [Observable<Observables>] = [
            Observable("n_lowest", \.nLowest, "⟨n_j⟩ at t → ∞ of the lowest level (rank 0)", .absolute),
            Observable("n_below", \.nBelow, "⟨n_j⟩ of rank M−1 (just below the Fermi level; product: M = N/2)", .absolute),
            Observable("n_above", \.nAbove, "⟨n_j⟩ of rank M", .absolute),
            Observable("n_highest", \.nHighest, "⟨n_j⟩ of rank N−1", .absolute),
            Observable("p_ground", \.pGround, "probability of the ground configuration (lowest M levels; product: summed over sectors)", .absolute),
            Observable("p_ground_exact", \.pGroundExact, "the same from the exact q-binomial ensemble (PHYSICS.md §1.4)", .exact),
            Observable("fock_entropy", \.fockEntropy, "−Σ P ln P over the final Fock configurations"),
            Observable("max_config_error", \.maxConfigError, "max over configurations |P − P_exact|", .diagnostic),
            Observable("max_occupation_error", \.maxOccupationError, "max_j |n_j − n_j exact|", .diagnostic),
            Observable("max_dev_classical", \.maxDevClassical, "max_j |n_j − n_j classical| against the mean-field answer (PHYSICS.md §1.5)"),
            Observable("S_ent_T", \.entanglementAtEnd, "half-system entanglement entropy at T (lowest ⌊N/2⌋ levels vs the rest)"),
            Observable("norm_error", \.normError, "|‖ψ‖² − 1| at T", .diagnostic),
            Observable("nu", \.nu, "the ν used: G(t) = 1/(νt)", .exact),
            Observable("steps", \.steps, "accepted Magnus steps (all sectors)", .diagnostic),
        ]
    }

    public static let description = ModelDescription(
        of: Self.self, name: "bcs.quantum",
        summary: "BCS many-body Landau–Zener sweep G = 1/(νt), exact Schrödinger evolution in pair-number sectors (Magnus–Lanczos + E₁ tail)",
        defaultTolerance: 1e-9,
        naturalPlot: (x: "N", y: "max_dev_classical"), batchSize: 1,
        series: [
            SeriesSpec("S_ent", coordinate: "t", "half-system entanglement entropy at log-spaced times"),
            SeriesSpec("S_ent_early", coordinate: "t", "reference: S_ent of the finite-N early-time (one-axis twisting) state, τ = (N/ν) ln(t/t₀)"),
            SeriesSpec("S_ent_limit", coordinate: "t", "reference: the N → ∞ early-time formula (Zabalo et al. Eq. 110) at τ = (N/ν) ln(t/t₀)"),
            SeriesSpec("loschmidt_echo", coordinate: "t", "|⟨ψ(t₀)|ψ(t)⟩|² at log-spaced times"),
            SeriesSpec("n_profile", coordinate: "j", "⟨n_j⟩ at t → ∞ for every level rank j"),
            SeriesSpec("n_profile_classical", coordinate: "j", "reference: the mean-field n_j at t → ∞ (PHYSICS.md §1.5) at the same ν and M"),
        ], references: ["p_ground": ["p_ground_exact"], "S_ent": ["S_ent_early", "S_ent_limit"], "n_profile": ["n_profile_classical"]])

    public let configuration: ModelConfiguration<Method>

    public init(_ configuration: ModelConfiguration<Method>) {
        self.configuration = configuration
    }

    /// The shared sweep rules (`PairingSweepParameters.violation`), then the integrator's size limits:
    /// 2^N amplitudes need N ≤ 22 for the product protocol, and a sector of at most 3·10⁶ configurations
    /// (N ≤ 30) for fixed M. Method `asymptotic` has any N.
    public func check(_ point: Point) -> ConstraintViolation? {
        if let violation = point.sweep.violation() { return violation }
        switch configuration.method {
        case .asymptotic:
            return nil
        case .magnus4Lanczos:
            let n = point.sweep.levelCount, m = point.sweep.resolvedPairs
            switch point.initialState {
            case .product:
                guard n > 22 else { return nil }
                return ConstraintViolation(["protocol", "N"],
                                           "product protocol: 2^N amplitudes need N ≤ 22 (N = \(n)); method \"asymptotic\" has any N")
            case .fixedM:
                guard n > 30 || binomial(n, m) > 3e6 else { return nil }
                return ConstraintViolation(["N", "M"],
                                           "sector dimension C(\(n), \(m)) is above 3·10⁶ (N = 24, M = 12 is the largest half filling); method \"asymptotic\" has any N")
            }
        }
    }

    /// Work ∝ amplitudes × (N + 1) gathers per H·x × Magnus steps: about 5 per unit of ln t up to
    /// t_switch = ½/max|ε|, then (T − t_switch)·ω_max/π with ω_max = 2(ε_max − ε_min) (measured: 76 steps for
    /// N = 20 to T = 2, 13 127 for N = 12 to T = 2e4).
    public func estimatedCost(_ point: Point) -> Double {
        guard let sweep = try? PairingSweep(point.sweep) else { return 1 }
        let n = sweep.levelCount
        switch configuration.method {
        case .asymptotic: return Double(n * n)
        case .magnus4Lanczos: break
        }
        let product = point.initialState == .product
        let states = product ? pow(2, Double(n)) : binomial(n, sweep.pairs)
        let largest = sweep.levels.map(abs).max() ?? 1, omega = 2 * ((sweep.levels.last ?? 0) - (sweep.levels.first ?? 0))
        let switchTime = min(sweep.end, 0.5 / max(largest, 1e-300))
        let steps = 5 * max(0, log(switchTime / sweep.start)) + max(0, sweep.end - switchTime) * omega / .pi + 1
        return (states * Double(n + 1) + 3000) * steps  // 3000: a Krylov step's fixed work (small eigenproblems)
    }

    public func evaluate(_ points: [Point]) -> [PointResult<Observables>] {
        points.map { point in
            // The Engine checks every point first; this keeps a direct call from tripping PairSector's preconditions.
            if let violation = check(point) { return .failed(.constraint(violation)) }
            let sweep: PairingSweep
            do throws(ConstraintViolation) { sweep = try PairingSweep(point.sweep) } catch { return .failed(.constraint(error)) }
            return BCSQuantumRun(sweep: sweep, product: point.initialState == .product, configuration: configuration).run()
        }
    }
}

func binomial(_ n: Int, _ k: Int) -> Double {
    (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) }
}

/// One point of `bcs.quantum`: the sectors, their propagation, the series and the observables.
struct BCSQuantumRun {
    let sweep: PairingSweep
    let product: Bool
    let configuration: ModelConfiguration<BCSQuantum.Method>
    var record: RecordRequest { configuration.record }

    /// A sector with its amplitudes (normalised within the sector) and its weight C(N, m)/2^N in ψ.
    final class Evolving {
        let hamiltonian: PairingHamiltonian
        let integrator: MagnusLanczos<PairingHamiltonian>
        var real: [Double], imaginary: [Double]
        let weight: Double
        init(sector: PairSector, levels: [Double], nu: Double, weight: Double) {
            hamiltonian = PairingHamiltonian(sector: sector, levels: levels, nu: nu, logTime: true)
            integrator = MagnusLanczos(hamiltonian, maxKrylovDimension: 30, reorthogonalize: false)
            real = [Double](repeating: 1 / Double(sector.dimension).squareRoot(), count: sector.dimension)
            imaginary = [Double](repeating: 0, count: sector.dimension)
            self.weight = weight
        }
        var sector: PairSector { hamiltonian.sector }
    }

    func run() -> PointResult<BCSQuantum.Observables> {
        let n = sweep.levelCount, m = product ? n / 2 : sweep.pairs
        let pairCounts = product ? Array(0...n) : [sweep.pairs]
        let exact = pairCounts.map { AsymptoticOccupations.Quantum(levelCount: n, pairs: $0, nu: sweep.nu) }
        let weights = pairCounts.map { product ? binomial(n, $0) / pow(2, Double(n)) : 1 }
        var exactOccupations = [Double](repeating: 0, count: n)
        for (q, w) in zip(exact, weights) { for j in 0..<n { exactOccupations[j] += w * q.occupations[j] } }
        let pGroundExact = zip(exact, weights).reduce(0.0) { $0 + $1.1 * $1.0.groundProbability }
        switch configuration.method {
        case .asymptotic:
            let entropy = zip(exact, weights).reduce(0.0) { $0 + $1.1 * ($1.0.entropy - log($1.1)) }
            return .finished(observables(exactOccupations, m: m, pGround: pGroundExact, pGroundExact: pGroundExact, entropy: entropy,
                                         configError: 0, occupationError: 0, entanglement: .nan, normError: 0, steps: 0),
                             series: profiles(exactOccupations, m: m))
        case .magnus4Lanczos:
            break
        }
        let sectors = zip(pairCounts, weights).map {
            Evolving(sector: PairSector(levels: n, pairs: $0), levels: sweep.levels, nu: sweep.nu, weight: $1)
        }
        let times = sampleTimes()
        let switchTime = min(sweep.end, 0.5 / (sweep.levels.map(abs).max() ?? 1))
        var entanglement: [Double] = [], echo: [Double] = []
        var steps = 0
        var now = sweep.start
        for target in times {
            for evolving in sectors {
                if let failure = advance(evolving, from: now, to: target, switchTime: switchTime, steps: &steps) {
                    return .failed(.integration(failure, context: "sector M = \(evolving.sector.pairs)"))
                }
            }
            now = target
            if record.wants("S_ent") { entanglement.append(halfSystemEntropy(sectors)) }
            if record.wants("loschmidt_echo") { echo.append(loschmidtEcho(sectors)) }
        }
        let entanglementAtEnd = record.wants("S_ent") ? entanglement.last! : halfSystemEntropy(sectors)
        var norm = 0.0
        for s in sectors { norm += s.weight * zip(s.real, s.imaginary).reduce(0.0) { $0 + $1.0 * $1.0 + $1.1 * $1.1 } }

        // t → ∞: the tail correction, then probabilities.
        var occupations = [Double](repeating: 0, count: n)
        var pGround = 0.0, entropy = 0.0, configError = 0.0
        for (k, s) in sectors.enumerated() {
            let probabilities = tailCorrectedProbabilities(s)
            let q = exact[k]
            for (a, mask) in s.sector.masks.enumerated() {
                let p = probabilities[a]
                var bits = mask, occupied: [Int] = []
                while bits != 0 {
                    let j = bits.trailingZeroBitCount
                    occupied.append(j)
                    occupations[j] += s.weight * p
                    bits &= bits - 1
                }
                if p > 0 { entropy -= s.weight * p * log(s.weight * p) }
                configError = max(configError, s.weight * abs(p - q.probability(occupied: occupied)))
            }
            pGround += s.weight * probabilities[0]  // mask index 0 is the lowest configuration
        }
        let occupationError = zip(occupations, exactOccupations).map { abs($0 - $1) }.max() ?? 0
        var series: [SeriesData] = []
        if record.wants("S_ent") { series.append(SeriesData(name: "S_ent", coordinates: times, values: entanglement)) }
        let taus = times.map { Double(n) / sweep.nu * log($0 / sweep.start) }
        if record.wants("S_ent_early") {
            series.append(SeriesData(name: "S_ent_early", coordinates: times, values: taus.map { EarlyTimeEntanglement.finiteN(levels: n, tau: $0) }))
        }
        if record.wants("S_ent_limit") {
            series.append(SeriesData(name: "S_ent_limit", coordinates: times, values: taus.map(EarlyTimeEntanglement.thermodynamicLimit)))
        }
        if record.wants("loschmidt_echo") { series.append(SeriesData(name: "loschmidt_echo", coordinates: times, values: echo)) }
        series += profiles(occupations, m: m)
        return .finished(observables(occupations, m: m, pGround: pGround, pGroundExact: pGroundExact, entropy: entropy,
                                     configError: configError, occupationError: occupationError, entanglement: entanglementAtEnd,
                                     normError: abs(norm - 1), steps: steps), series: series)
    }

    func observables(_ n: [Double], m: Int, pGround: Double, pGroundExact: Double, entropy: Double, configError: Double,
                     occupationError: Double, entanglement: Double, normError: Double, steps: Int) -> BCSQuantum.Observables {
        let count = n.count
        let classical = AsymptoticOccupations.Classical(levelCount: count, pairs: m, nu: sweep.nu)
        let deviation = zip(n, classical.occupations).map { abs($0 - $1) }.max() ?? 0
        return BCSQuantum.Observables(
            nLowest: n[0], nBelow: n[max(m - 1, 0)], nAbove: n[min(m, count - 1)], nHighest: n[count - 1], pGround: pGround,
            pGroundExact: pGroundExact, fockEntropy: entropy, maxConfigError: configError, maxOccupationError: occupationError,
            maxDevClassical: deviation, entanglementAtEnd: entanglement, normError: normError, nu: sweep.nu, steps: Double(steps))
    }

    /// The n_j profile and its mean-field reference, as asked for.
    func profiles(_ occupations: [Double], m: Int) -> [SeriesData] {
        let ranks = occupations.indices.map(Double.init)
        var series: [SeriesData] = []
        if record.wants("n_profile") { series.append(SeriesData(name: "n_profile", coordinates: ranks, values: occupations)) }
        if record.wants("n_profile_classical") {
            let classical = AsymptoticOccupations.Classical(levelCount: occupations.count, pairs: m, nu: sweep.nu).occupations
            series.append(SeriesData(name: "n_profile_classical", coordinates: ranks, values: classical))
        }
        return series
    }

    /// `samples` log-spaced times from t₀ to T (T exactly last) when a time series is asked for, else [T].
    func sampleTimes() -> [Double] {
        let timeSeries = BCSQuantum.description.series.filter { $0.coordinate == "t" }.map(\.name)
        guard timeSeries.contains(where: record.wants), record.samples > 1 else { return [sweep.end] }
        let a = log(sweep.start), b = log(sweep.end), count = record.samples
        return (1...count).map { $0 == count ? sweep.end : exp(a + (b - a) * Double($0) / Double(count)) }
    }

    /// Propagates one sector from t to t' (log time below the switch, linear time above). The tolerance
    /// bounds ‖δψ‖ over the whole sweep [t₀, T]: half of it for ln t ∈ [ln t₀, ln t_switch], half for
    /// t ∈ [t_switch, T] (all of it for the log part when T ≤ t_switch), each spread per unit step.
    func advance(_ s: Evolving, from t: Double, to target: Double, switchTime: Double, steps: inout Int) -> IntegrationFailure? {
        var t = t
        let linearWindow = sweep.end - switchTime, logWindow = log(switchTime / sweep.start)
        let logTolerance = linearWindow > 0 ? configuration.tolerance / 2 : configuration.tolerance
        if t < switchTime {
            let stop = min(target, switchTime)
            s.hamiltonian.logTime = true
            let report = s.integrator.integrate(&s.real, &s.imaginary, from: log(t), to: log(stop),
                                                control: .adaptive(tolerance: logTolerance, initialStep: 0.05, window: logWindow))
            steps += report.acceptedSteps
            if let failure = report.failure { return failure }
            t = stop
        }
        if t < target {
            s.hamiltonian.logTime = false
            // Steps resolve the fastest hop frequency ω = 2(ε_max − ε_min) (h·ω ≤ π): beyond that the Gauss
            // nodes alias the interaction-picture oscillations and step doubling can no longer see the error.
            let omega = 2 * ((sweep.levels.last ?? 0) - (sweep.levels.first ?? 0))
            let report = s.integrator.integrate(&s.real, &s.imaginary, from: t, to: target,
                                                control: .adaptive(tolerance: configuration.tolerance / 2, initialStep: 0.05 * t, window: linearWindow),
                                                maxStep: omega > 0 ? Double.pi / omega : .infinity)
            steps += report.acceptedSteps
            if let failure = report.failure { return failure }
        }
        return nil
    }

    /// |ψ_a(∞)|² from ψ(T): in the interaction picture ψ_I = e^{iH₀T}ψ, first order in G over (T, ∞):
    /// ψ_I,a(∞) = ψ_I,a(T) + (i/ν) Σ_b V_ab E₁(−iω_ab T) ψ_I,b(T), ω_ab = E_a − E_b, over the hops b → a
    /// (one pair moved from level k to level j: ω = 2(ε_j − ε_k)); the diagonal of V is a global phase.
    /// The first-order step keeps the norm only to first order, so the probabilities are divided by
    /// their sum: they add to 1 and every occupation lies in [0, 1] (norm_error reports ‖ψ(T)‖²).
    func tailCorrectedProbabilities(_ s: Evolving) -> [Double] {
        let sector = s.sector, n = sweep.levelCount, T = sweep.end
        let energies = s.hamiltonian.diagonal
        var ir = [Double](repeating: 0, count: sector.dimension), ii = ir
        for a in 0..<sector.dimension {
            let phase = energies[a] * T
            let c = cos(phase), sn = sin(phase)
            ir[a] = c * s.real[a] - sn * s.imaginary[a]
            ii[a] = c * s.imaginary[a] + sn * s.real[a]
        }
        // E₁(−iωT)/ν for every ordered pair (j, k), j ≠ k.
        var tail = [ComplexNumber](repeating: ComplexNumber(re: 0, im: 0), count: n * n)
        for j in 0..<n {
            for k in 0..<n where k != j {
                let x = 2 * (sweep.levels[j] - sweep.levels[k]) * T
                guard x != 0 else { continue }
                // E₁(−ix) for x < 0 is conj(E₁(−i|x|)) (E₁(z̄) = conj E₁(z)).
                let e = ExponentialIntegral.e1(ComplexNumber(re: 0, im: -abs(x)))
                tail[j * n + k] = (1 / sweep.nu) * (x > 0 ? e : e.conjugate)
            }
        }
        // Hops b → a through the (M−1)-sector tables: c = a without its i-th pair (level j), b = c with its
        // h-th hole (level k) filled; k = j gives b = a, the diagonal, which is skipped.
        let m = sector.pairs, holesPerLower = n - m + 1
        let all = n == 32 ? UInt32.max : (UInt32(1) << UInt32(n)) - 1
        var probabilities = [Double](repeating: 0, count: sector.dimension)
        for (a, mask) in sector.masks.enumerated() {
            var dr = 0.0, di = 0.0
            var occupied = mask, i = 0
            while occupied != 0 {
                let j = occupied.trailingZeroBitCount
                occupied &= occupied - 1
                let c = Int(sector.removed[a * m + i])
                i += 1
                var holes = ~(mask & ~(UInt32(1) << UInt32(j))) & all, h = 0
                while holes != 0 {
                    let k = holes.trailingZeroBitCount
                    holes &= holes - 1
                    defer { h += 1 }
                    guard k != j else { continue }
                    let b = Int(sector.added[c * holesPerLower + h])
                    let w = tail[j * n + k]
                    dr += w.re * ir[b] - w.im * ii[b]
                    di += w.re * ii[b] + w.im * ir[b]
                }
            }
            // ψ_I(∞) = ψ_I(T) + i·(dr + i di)
            let re = ir[a] - di, im = ii[a] + dr
            probabilities[a] = re * re + im * im
        }
        let total = probabilities.reduce(0, +)
        return probabilities.map { $0 / total }
    }

    func halfSystemEntropy(_ sectors: [Evolving]) -> Double {
        let n = sweep.levelCount
        return PairEntanglement.entropy(levelCount: n, subsystemLevels: n / 2, components: sectors.map {
            PairEntanglement.Component(sector: $0.sector, real: $0.real, imaginary: $0.imaginary, scale: $0.weight.squareRoot())
        })
    }

    /// |⟨ψ(t₀)|ψ(t)⟩|² with ψ(t₀) the (weighted) Dicke states.
    func loschmidtEcho(_ sectors: [Evolving]) -> Double {
        var re = 0.0, im = 0.0
        for s in sectors {
            let amplitude = 1 / Double(s.sector.dimension).squareRoot()
            re += s.weight * amplitude * s.real.reduce(0, +)
            im += s.weight * amplitude * s.imaginary.reduce(0, +)
        }
        return re * re + im * im
    }
}
