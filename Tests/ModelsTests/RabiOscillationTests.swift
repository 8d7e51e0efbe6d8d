import Foundation
@testable import Models
import Testing

/// The example model against its closed form, over seeded random points of its domain.
@Suite("example.rabi")
struct RabiOscillationTests {
    @Test("p_flip is within the tolerance of Ω²/(Ω²+Δ²) sin²(√(Ω²+Δ²)T/2)", arguments: [1e-6, 1e-9])
    func agreesWithClosedForm(tolerance: Double) {
        var generator = SplitMix64(seed: 12)
        let points = (0..<200).map { _ in
            RabiOscillation.Point(rabi: pow(10, -1 + 2 * generator.nextUnitInterval()), detuning: 2 * generator.nextUnitInterval(),
                                  duration: pow(10, -1 + 3 * generator.nextUnitInterval()))
        }
        let model = RabiOscillation(ModelConfiguration(method: .rk4, tolerance: tolerance))
        var worst = 0.0
        for (point, result) in zip(points, model.evaluate(points)) {
            guard let o = result.observables else { Issue.record("point failed: \(point)"); continue }
            let s = sin((point.rabi * point.rabi + point.detuning * point.detuning).squareRoot() * point.duration / 2)
            let exact = point.rabi * point.rabi / (point.rabi * point.rabi + point.detuning * point.detuning) * s * s
            #expect(abs(o.pFlipExact - exact) <= 1e-13 * exact, "reference column \(o.pFlipExact) vs \(exact)")  // rounding only
            worst = max(worst, abs(o.pFlip - exact))
        }
        #expect(worst <= tolerance, "worst |p_flip − exact| = \(worst)")
        #expect(worst > tolerance * 1e-4, "the step rule is far too cautious: worst \(worst)")
    }

    @Test("check refuses more than 10⁵ Rabi periods, naming the parameters")
    func checkRefusesLongDrives() {
        let model = RabiOscillation(ModelConfiguration(method: .rk4, tolerance: 1e-8))
        #expect(model.check(.init(rabi: 1, detuning: 0, duration: 1e5)) == nil)
        let violation = model.check(.init(rabi: 100, detuning: 0, duration: 1e5))
        #expect(violation?.parameters == ["omega", "detuning", "T"])
        #expect(violation?.rule.contains("at most 100000.0") == true)
    }

    @Test("the description is derived from the declarations")
    func descriptionFromDeclarations() {
        let d = RabiOscillation.description
        #expect(d.parameters.map(\.name) == ["omega", "detuning", "T"])
        #expect(d.parameters.map(\.defaultValue) == [.real(1), .real(0), .real(10)])
        #expect(d.observables.map(\.name) == ["p_flip", "p_flip_exact"])
        #expect(d.methods == ["rk4"])
    }

    @Test("untyped points decode by declaration; values of the wrong kind are refused, not trapped")
    func runnerDecodes() throws {
        let runner = try RabiOscillation.runner(settings: IntegratorSettings(method: "rk4", tolerance: 1e-8))
        let good = runner.evaluate([PointParameters([.real(1), .real(0), .real(.pi)])])[0]
        guard case .finished(let values) = good.outcome else { Issue.record("\(good.outcome)"); return }
        #expect(abs(values[0] - 1) <= 1e-8)
        let bad = runner.evaluate([PointParameters([.text("x"), .real(0), .real(1)])])[0]
        #expect(bad.outcome == .failed(reason: "internal error: parameter omega = x does not fit the model's declaration"))
        #expect(throws: UnknownMethod.self) { try RabiOscillation.runner(settings: IntegratorSettings(method: "euler", tolerance: 1e-8)) }
    }
}
