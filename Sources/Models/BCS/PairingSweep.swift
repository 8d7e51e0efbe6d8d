import Foundation

/// The many-body Landau–Zener sweep of the BCS pairing model (PHYSICS.md §1): H(t) = Σ_j 2ε_j s_j^z −
/// G(t) Σ_{j,k} s_j^+ s_k^-, G(t) = 1/(ν t), from the infinite-coupling ground state at t₀ → 0⁺ to t → ∞.
/// The parameters shared by `bcs.quantum` and `bcs.classical`, in this order at the start of each
/// model's parameter list.
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

    /// The parameter specs, in order: N, M, eta, nu, spectrum, width, seed, levels, t0, T.
    public static func parameters(maximumLevels: Int, defaultLevels: Int, defaultEnd: Double) -> [ParameterSpec] {
        [
            ParameterSpec("N", .integer(2...maximumLevels), default: .integer(defaultLevels), unit: "levels",
                          meaning: "number of pair levels (pseudospins)"),
            ParameterSpec("M", .integer(0...maximumLevels), default: .integer(0), unit: "pairs",
                          meaning: "number of pairs, 0 < M < N; 0 means half filling N/2 (N even)"),
            ParameterSpec("eta", .real(lower: 0, upper: 1e6, lowerIsOpen: true), default: .real(1), unit: "",
                          meaning: "G(t) = η/(N t), i.e. ν = N/η (Zabalo et al.); used when nu = 0"),
            ParameterSpec("nu", .real(lower: 0, upper: 1e6), default: .real(0), unit: "",
                          meaning: "G(t) = 1/(ν t) (Yuzbashyan 2018); 0: take ν = N/η"),
            ParameterSpec("spectrum", .choice(PairingLevels.kinds), default: .text("equal"), unit: "",
                          meaning: "levels: equal (−W/2…W/2), zabalo (spacing W/N), random (seeded uniform in ±W/2), given"),
            ParameterSpec("width", .real(lower: 0, upper: 1e6, lowerIsOpen: true), default: .real(1), unit: "energy",
                          meaning: "band width W of the level set"),
            ParameterSpec("seed", .integer(0...Int.max), default: .integer(1), unit: "", meaning: "seed of the random spectrum"),
            ParameterSpec("levels", .realList(count: 2...maximumLevels), default: .list([]), unit: "energy",
                          meaning: "the levels ε_j for spectrum = \"given\" (N distinct numbers)"),
            ParameterSpec("t0", .real(lower: 0, upper: 1, lowerIsOpen: true), default: .real(1e-7), unit: "1/energy",
                          meaning: "start time (the coupling 1/(ν t₀) is effectively infinite)"),
            ParameterSpec("T", .real(lower: 0, upper: 1e9, lowerIsOpen: true), default: .real(defaultEnd), unit: "1/energy",
                          meaning: "end time of the integration (the model corrects or bounds the tail to t → ∞)"),
        ]
    }

    /// Number of shared parameters at the start of each model's list.
    public static let parameterCount = 10

    /// The sweep of a point, or the reason it is not a valid one.
    public static func from(_ point: PointParameters) -> Result<PairingSweep, PairingLevels.LevelError> {
        guard case .integer(let n) = point[0], case .integer(let m0) = point[1], case .text(let kind) = point[4],
              case .integer(let seed) = point[6] else {
            preconditionFailure("BCS sweep parameters out of order")
        }
        let given: [Double]
        if case .list(let xs) = point[7] { given = xs } else { given = [] }
        let eta = point.real(2), nuGiven = point.real(3), width = point.real(5), start = point.real(8), end = point.real(9)
        if m0 == 0 && n % 2 != 0 {
            return .failure(.init("M = 0 means half filling, which needs an even N (N = \(n)); give M explicitly"))
        }
        let m = m0 == 0 ? n / 2 : m0
        guard m < n else { return .failure(.init("M = \(m) pairs on N = \(n) levels: need 0 < M < N")) }
        guard end > start else { return .failure(.init("T = \(end) must be later than t0 = \(start)")) }
        let nu = nuGiven > 0 ? nuGiven : Double(n) / eta
        return PairingLevels.make(kind: kind, count: n, width: width, seed: seed, given: given).map {
            PairingSweep(levels: $0, pairs: m, nu: nu, start: start, end: end)
        }
    }
}
