import Foundation
@testable import Models
import Testing

/// bcs.quantum's accuracy contract (issue 13): `tolerance` bounds the integration from t₀ to T, so the
/// occupations n_j and p_ground are absolute, |error| ≤ tolerance, against the same sweep integrated at
/// 1e-13 (the t → ∞ tail, first order in 1/(νωT), is the same in both; the q-binomial ensemble tests in
/// BCSQuantumTests bound it to 1e-6 at T = 2e4).
@Suite("bcs.quantum accuracy contract")
struct BCSQuantumAccuracyTests {
    /// N, M, η, spectrum, T, protocol: small and mid sizes, weak and strong coupling, both protocols, a
    /// sweep that ends before the log-to-linear switch.
    static let points: [BCSQuantum.Point] = [
        .init(PairingSweepParameters(levelCount: 2, pairs: 1, eta: 1, end: 2e4)),
        .init(PairingSweepParameters(levelCount: 6, pairs: 3, eta: 1, end: 2e4)),
        .init(PairingSweepParameters(levelCount: 6, pairs: 2, eta: 4, spectrum: .random, width: 2, seed: 3, end: 2e3)),
        .init(PairingSweepParameters(levelCount: 10, pairs: 5, eta: 4, end: 2e3)),
        .init(PairingSweepParameters(levelCount: 8, eta: 1, end: 0.4)),
        .init(PairingSweepParameters(levelCount: 6, eta: 2, end: 200), initialState: .product),
    ]

    static func evaluate(_ point: BCSQuantum.Point, tolerance: Double) -> BCSQuantum.Observables? {
        BCSQuantum(ModelConfiguration(method: .magnus4Lanczos, tolerance: tolerance)).evaluate([point])[0].observables
    }

    static func bounded(_ o: BCSQuantum.Observables) -> [Double] { [o.nLowest, o.nBelow, o.nAbove, o.nHighest, o.pGround] }

    @Test("n_lowest, n_below, n_above, n_highest and p_ground within the tolerance at 1e-6, 1e-8 and 1e-10")
    func contract() throws {
        let references = try Self.points.map { try #require(Self.evaluate($0, tolerance: 1e-13)) }
        for tolerance in [1e-6, 1e-8, 1e-10] {
            var worst = 0.0
            for (point, reference) in zip(Self.points, references) {
                guard let o = Self.evaluate(point, tolerance: tolerance) else { Issue.record("failed at \(point)"); continue }
                let ratio = zip(Self.bounded(o), Self.bounded(reference)).map { abs($0 - $1) / tolerance }.max()!
                #expect(ratio <= 1, "\(point), tolerance \(tolerance): worst error/tolerance \(ratio)")
                worst = max(worst, ratio)
            }
            print("bcs.quantum magnus4-lanczos, tolerance \(tolerance): worst error/tolerance \(worst)")
        }
    }
}
