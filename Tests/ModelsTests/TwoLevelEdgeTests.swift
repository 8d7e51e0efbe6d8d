import Foundation
@testable import Models
import TestSupport
import Testing

/// lz.two-level at the edges of its domain, for every method (issue 13). Without a gap H(t) = (vt/2)σz
/// is diagonal, so ψ(T) = e^{−iφ}|↑⟩ exactly: p_stay = 1 and p_adiabatic = 0 (the ground state at +T is
/// |↓⟩), whatever v and T.
@Suite("lz.two-level at the edges of its domain")
struct TwoLevelEdgeTests {
    static let methods: [TwoLevelLandauZener.Method] = [.auto, .magnus4, .rk4]
    /// (v, T): the slowest, a middling and the fastest rates, the shortest and long windows.
    static let zeroGapSweeps: [(Double, Double)] = [(1e-6, 50), (1e-3, 1e4), (0.5, 10), (10, 50), (1e3, 2), (1e6, 0.01), (1, 1e-6)]

    func evaluate(_ method: TwoLevelLandauZener.Method, tolerance: Double, _ points: [TwoLevelLandauZener.Point]) -> [TwoLevelLandauZener.Observables] {
        let model = TwoLevelLandauZener(ModelConfiguration(method: method, tolerance: tolerance))
        return model.evaluate(points).compactMap { result in
            guard let o = result.observables else { Issue.record("\(method): point failed: \(result)"); return nil }
            return o
        }
    }

    @Test("without a gap nothing happens: p_stay = 1 and p_adiabatic = 0 to the tolerance, every method",
          arguments: methods, [1e-6, 1e-10])
    func zeroGap(method: TwoLevelLandauZener.Method, tolerance: Double) {
        let points = Self.zeroGapSweeps.map { TwoLevelLandauZener.Point(rate: $0.0, gap: 0, halfWindow: $0.1) }
        for (point, o) in zip(points, evaluate(method, tolerance: tolerance, points)) {
            #expect(abs(o.pStay - 1) <= tolerance, "\(method) v = \(point.rate), T = \(point.halfWindow): p_stay = \(o.pStay)")
            #expect(o.pAdiabatic <= tolerance, "\(method) v = \(point.rate), T = \(point.halfWindow): p_adiabatic = \(o.pAdiabatic)")
        }
    }

    @Test("a vanishing gap is continuous with no gap: Δ = 1e-300 and 1e-12 give p_stay = 1 to the tolerance",
          arguments: methods)
    func vanishingGap(method: TwoLevelLandauZener.Method) {
        let tolerance = 1e-9
        let points = [1e-300, 1e-12].flatMap { gap in [0.01, 1, 100].map { TwoLevelLandauZener.Point(rate: $0, gap: gap, halfWindow: 20) } }
        for (point, o) in zip(points, evaluate(method, tolerance: tolerance, points)) {
            // The exact p_stay is 1 − O(πΔ²/2v) ≥ 1 − 2e-22 here.
            #expect(abs(o.pStay - 1) <= tolerance, "\(method) Δ = \(point.gap), v = \(point.rate): p_stay = \(o.pStay)")
        }
    }

    @Test("rk4 meets its tolerance on p_stay against an independent Magnus integration: slow to fast sweeps, short to long windows",
          arguments: [1e-6, 1e-9, 1e-11])
    func rk4AgainstReference(tolerance: Double) {
        var points: [TwoLevelLandauZener.Point] = []
        for v in [0.01, 0.1, 1, 10] { for gap in [0.3, 1, 3] { for T in [2.0, 5, 20] { points.append(.init(rate: v, gap: gap, halfWindow: T)) } } }
        var worst = 0.0
        for (point, o) in zip(points, evaluate(.rk4, tolerance: tolerance, points)) {
            let reference = IndependentTwoLevelReference.converged(rate: point.rate, gap: point.gap, halfWindow: point.halfWindow,
                                                                   step: (tolerance < 1e-10 ? 2.5e-4 : 1e-3) / max(1, point.rate))
            #expect(reference.errorEstimate < tolerance / 10, "the reference is not converged at \(point)")
            let error = abs(o.pStay - reference.value)
            worst = max(worst, error / tolerance)
            #expect(error <= tolerance, "v = \(point.rate), Δ = \(point.gap), T = \(point.halfWindow): |Δp_stay| = \(error), \(error / tolerance)× the tolerance")
        }
        print("rk4 at tolerance \(tolerance): worst error \(worst)× the tolerance over \(points.count) points")
    }
}
