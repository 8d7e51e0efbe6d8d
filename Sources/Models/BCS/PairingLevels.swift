import Foundation

/// The spectra a job can ask for (`spectrum` parameter); see `PairingLevels.make`.
public enum PairingSpectrum: String, ParameterChoice {
    case equal, zabalo, random, given
}

/// Single-particle levels ε_j of the pairing (BCS / Richardson–Gaudin) models, in energy units of
/// the job, sorted ascending (the exact asymptotic answers of PHYSICS.md §1.4–1.5 use the rank j).
public enum PairingLevels {
    /// The rule a request breaks, if any, without building the levels: `given` must have N distinct
    /// entries for spectrum = "given" (the other spectra ignore it). `count`, `kind` and `given` are
    /// the job-file parameters N, spectrum and levels.
    public static func violation(kind: PairingSpectrum, count n: Int, given: [Double]) -> ConstraintViolation? {
        switch kind {
        case .equal, .zabalo, .random:
            return nil
        case .given:
            guard given.count == n else {
                return ConstraintViolation(["levels", "N", "spectrum"],
                                           "spectrum = \"given\" needs levels with N = \(n) entries, got \(given.count)")
            }
            let sorted = given.sorted()
            for j in 1..<max(sorted.count, 1) where sorted[j] == sorted[j - 1] {
                return ConstraintViolation(["levels", "spectrum"],
                                           "spectrum = \"given\": level \(sorted[j]) appears twice; levels must be distinct")
            }
            return nil
        }
    }

    /// The levels of one point.
    /// - `equal`: ε_j = W·(j − (N−1)/2)/(N−1), i.e. N levels from −W/2 to W/2 (PHYSICS.md's "equal").
    /// - `zabalo`: ε_j = W·(j − (N−1)/2)/N, spacing W/N and band W(1 − 1/N) (Zabalo et al. with W = 1).
    /// - `random`: N independent uniform draws in [−W/2, W/2] from `seed` (SplitMix64), sorted.
    /// - `given`: `given` itself (sorted), which must have N distinct entries.
    /// Returns the broken rule (`violation`) for an impossible request.
    public static func make(kind: PairingSpectrum, count: Int, width: Double, seed: Int, given: [Double]) -> Result<[Double], ConstraintViolation> {
        if let violation = violation(kind: kind, count: count, given: given) { return .failure(violation) }
        let n = count
        switch kind {
        case .equal:
            guard n >= 2 else { return .success([0]) }
            return .success((0..<n).map { width * (Double($0) - Double(n - 1) / 2) / Double(n - 1) })
        case .zabalo:
            return .success((0..<n).map { width * (Double($0) - Double(n - 1) / 2) / Double(n) })
        case .random:
            var generator = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
            return .success((0..<n).map { _ in width * (generator.nextUnitInterval() - 0.5) }.sorted())
        case .given:
            return .success(given.sorted())
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small seeded generator whose stream is fixed by the seed on
/// every platform, so a random spectrum is reproducible from the job file.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUnitInterval() -> Double { Double(next() >> 11) * 0x1p-53 }
}
