import Foundation

/// The many-body Landau–Zener sweep of the BCS pairing model (PHYSICS.md §1): H(t) = Σ_j 2ε_j s_j^z −
/// G(t) Σ_{j,k} s_j^+ s_k^-, G(t) = 1/(ν t), from the infinite-coupling ground state at t₀ → 0⁺ to t → ∞.
/// Built from the parameters shared by `bcs.quantum` and `bcs.classical` (`PairingSweepParameters`).
public struct PairingSweep: Sendable, Equatable {
    /// Levels ε_j, sorted ascending (rank j = 0…N−1).
    public let levels: [Double]
    /// Number of pairs M (up pseudospins), 0 < M < N.
    public let pairs: Int
    /// G(t) = 1/(ν t).
    public let nu: Double
    public let start: Double
    public let end: Double

    public var levelCount: Int { levels.count }
    /// G(t) = 1/(νt).
    public func coupling(at t: Double) -> Double { 1 / (nu * t) }

    /// The sweep of a point's shared parameters, or the rule they break (`PairingSweepParameters.violation`).
    public init(_ parameters: PairingSweepParameters) throws(ConstraintViolation) {
        if let violation = parameters.violation() { throw violation }
        let p = parameters
        switch PairingLevels.make(kind: p.spectrum, count: p.levelCount, width: p.width, seed: p.seed, given: p.levels) {
        case .success(let levels): self.levels = levels
        case .failure(let violation): throw violation
        }
        pairs = p.resolvedPairs
        nu = p.resolvedNu
        start = p.start
        end = p.end
    }
}

/// The parameters shared by `bcs.quantum` and `bcs.classical`, in this order at the start of each
/// model's parameter list (`parameters(maximumLevels:defaultLevels:defaultEnd:)`, lifted into each
/// model's `Point`): N, M, eta, nu, spectrum, width, seed, levels, t0, T.
public struct PairingSweepParameters: Sendable, Hashable {
    /// N: number of pair levels.
    public var levelCount: Int
    /// M: number of pairs; 0 means half filling N/2 (N even).
    public var pairs: Int
    /// η: G(t) = η/(N t) when `nu` = 0.
    public var eta: Double
    /// ν as given: G(t) = 1/(ν t); 0 means ν = N/η.
    public var nu: Double
    public var spectrum: PairingSpectrum
    /// W: band width of the level set.
    public var width: Double
    public var seed: Int
    /// The levels for spectrum = "given" (empty: not given).
    public var levels: [Double]
    /// t₀ and T.
    public var start: Double
    public var end: Double

    public init(levelCount: Int, pairs: Int = 0, eta: Double = 1, nu: Double = 0, spectrum: PairingSpectrum = .equal,
                width: Double = 1, seed: Int = 1, levels: [Double] = [], start: Double = 1e-7, end: Double) {
        self.levelCount = levelCount
        self.pairs = pairs
        self.eta = eta
        self.nu = nu
        self.spectrum = spectrum
        self.width = width
        self.seed = seed
        self.levels = levels
        self.start = start
        self.end = end
    }

    /// The parameters, in order: N, M, eta, nu, spectrum, width, seed, levels, t0, T.
    public static func parameters(maximumLevels: Int, defaultLevels: Int, defaultEnd: Double) -> [Parameter<PairingSweepParameters>] {
        [
            .integer("N", \.levelCount, 2...maximumLevels, default: defaultLevels, unit: "levels",
                     meaning: "number of pair levels (pseudospins)"),
            .integer("M", \.pairs, 0...maximumLevels, default: 0, unit: "pairs",
                     meaning: "number of pairs, 0 < M < N; 0 means half filling N/2 (N even)"),
            .real("eta", \.eta, lower: 0, upper: 1e6, lowerIsOpen: true, default: 1, unit: "",
                  meaning: "G(t) = η/(N t), i.e. ν = N/η (Zabalo et al.); used when nu = 0"),
            .real("nu", \.nu, lower: 0, upper: 1e6, default: 0, unit: "",
                  meaning: "G(t) = 1/(ν t) (Yuzbashyan 2018); 0: take ν = N/η"),
            .choice("spectrum", \.spectrum, default: .equal, unit: "",
                    meaning: "levels: equal (−W/2…W/2), zabalo (spacing W/N), random (seeded uniform in ±W/2), given"),
            .real("width", \.width, lower: 0, upper: 1e6, lowerIsOpen: true, default: 1, unit: "energy",
                  meaning: "band width W of the level set"),
            .integer("seed", \.seed, 0...Int.max, default: 1, unit: "", meaning: "seed of the random spectrum"),
            .list("levels", \.levels, count: 2...maximumLevels, default: [], unit: "energy",
                  meaning: "the levels ε_j for spectrum = \"given\" (N distinct numbers)"),
            .real("t0", \.start, lower: 0, upper: 1, lowerIsOpen: true, default: 1e-7, unit: "1/energy",
                  meaning: "start time (the coupling 1/(ν t₀) is effectively infinite)"),
            .real("T", \.end, lower: 0, upper: 1e9, lowerIsOpen: true, default: defaultEnd, unit: "1/energy",
                  meaning: "end time of the integration (the model corrects or bounds the tail to t → ∞)"),
        ]
    }

    /// M with 0 resolved to half filling N/2.
    public var resolvedPairs: Int { pairs == 0 ? levelCount / 2 : pairs }

    /// The ν of G(t) = 1/(νt): `nu` if given, else N/η.
    public var resolvedNu: Double { nu > 0 ? nu : Double(levelCount) / eta }

    /// The first joint rule these values break (each is already in its own domain), without building
    /// the levels: M = 0 needs an even N, M < N, T > t0, and the `levels` rules of `PairingLevels.violation`.
    public func violation() -> ConstraintViolation? {
        let n = levelCount
        if pairs == 0 && n % 2 != 0 {
            return ConstraintViolation(["M", "N"], "M = 0 means half filling, which needs an even N (N = \(n)); give M explicitly, 0 < M < N")
        }
        let m = resolvedPairs
        guard m < n else { return ConstraintViolation(["M", "N"], "M = \(m) pairs on N = \(n) levels: need 0 < M < N") }
        guard end > start else { return ConstraintViolation(["T", "t0"], "T = \(end) must be later than t0 = \(start)") }
        return PairingLevels.violation(kind: spectrum, count: n, given: levels)
    }
}
