@testable import Engine
import Foundation
import Models
import Testing

@Suite("bcs.gap job")
struct BCSGapJobTests {
    /// Weak-coupling (λ → 0) BCS: y = Δ(T)/Δ₀ at t = T/T_c solves ln(1/y) = 2∫₀^∞ du/(e^{Δ cosh u/T} + 1)
    /// (ξ = Δ sinh u in 2∫dξ f(E)/E), with Δ/T = y·π e^{−γ_E}/t; trapezoids in u, bisection in y.
    static func universalGapRatio(_ t: Double) -> Double {
        let ratioAtZero = Double.pi * exp(-0.57721566490153286)
        func excess(_ y: Double) -> Double {
            let a = y * ratioAtZero / t, du = 1e-3
            let end = acosh(max(1, 50 / a)) + 1
            var integral = 0.5 * du / (exp(a) + 1)
            var u = du
            while u < end {
                integral += du / (exp(a * cosh(u)) + 1)
                u += du
            }
            return log(1 / y) - 2 * integral
        }
        var lo = 1e-12, hi = 1.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if excess(mid) > 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    @Test("jobs/bcs-gap.toml: Δ/Δ₀ follows the weak-coupling BCS curve (3e-5 at λ = 0.2; measured 1.1e-5), 1 at T = 0 and 0 from T_c on; Δ₀ and Δ₀/T_c as in PHYSICS.md §5")
    func shippedJob() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../jobs").standardized
        let job = try JobLoader.load(path: folder.appendingPathComponent("bcs-gap.toml").path)
        #expect(job.model.description.name == "bcs.gap")
        let runner = job.runner
        let names = job.model.description.observables.map(\.name)
        let tIndex = try #require(job.model.description.parameterIndex("t_over_tc"))
        for index in [0, 10, 20, 30, 36, 40, 48] {
            let point = job.point(index)
            #expect(runner.violation(point) == nil)
            guard case .finished(let values) = runner.evaluate([point])[0].outcome else {
                Issue.record("point \(index) failed")
                continue
            }
            let value = Dictionary(uniqueKeysWithValues: zip(names, values))
            let t = try #require(point.values[tIndex].real)
            #expect(abs(value["gap0"]! / 0.0134765058306 - 1) < 1e-11)
            #expect(abs(value["gap0_over_tc"]! - 1.763957) < 1e-6)
            if t == 0 {
                #expect(value["gap_ratio"]! == 1)
            } else if t >= 1 {
                #expect(value["gap"]! == 0)
            } else {
                let universal = Self.universalGapRatio(t)
                #expect(abs(value["gap_ratio"]! - universal) < 3e-5, "T/T_c = \(t): \(value["gap_ratio"]!) vs \(universal)")
            }
        }
    }
}
