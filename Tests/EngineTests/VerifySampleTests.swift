@testable import Engine
import Models
import Testing

@Suite("quench verify: the sample and the comparison")
struct VerifySampleTests {
    @Test("the sample is deterministic, sorted, holds the first and last point and one point per stretch of the interior")
    func spreadOut() {
        for (count, size) in [(1024, 16), (1000, 3), (17, 16), (5_000_000, 64)] {
            let sample = VerifySample.points(pointCount: count, size: size, seed: 0x7381_4c4c_3ee9_b0c2)
            #expect(sample == VerifySample.points(pointCount: count, size: size, seed: 0x7381_4c4c_3ee9_b0c2))
            #expect(sample.count == size && sample.first == 0 && sample.last == count - 1)
            #expect(zip(sample, sample.dropFirst()).allSatisfy { $0 < $1 })
            let interior = count - 2, draws = size - 2
            for (stretch, point) in sample.dropFirst().dropLast().enumerated() {
                #expect((1 + stretch * interior / draws)..<(1 + (stretch + 1) * interior / draws) ~= point)
            }
        }
        #expect(VerifySample.points(pointCount: 1024, size: 16, seed: 1) != VerifySample.points(pointCount: 1024, size: 16, seed: 2))
    }

    @Test("K ≥ points gives every point; K = 1 the first, K = 2 the first and the last")
    func smallScans() {
        #expect(VerifySample.points(pointCount: 12, size: 16, seed: 3) == Array(0..<12))
        #expect(VerifySample.points(pointCount: 12, size: 12, seed: 3) == Array(0..<12))
        #expect(VerifySample.points(pointCount: 1, size: 16, seed: 3) == [0])
        #expect(VerifySample.points(pointCount: 100, size: 1, seed: 3) == [0])
        #expect(VerifySample.points(pointCount: 100, size: 2, seed: 3) == [0, 99])
    }

    @Test("bounds: absolute, relative with its floor, exact to 1e-12 of the value; nan equals nan, a lone nan or inf exceeds")
    func bounds() {
        #expect(Accuracy.absolute.bound(tolerance: 1e-8, value: 5) == 1e-8)
        #expect(Accuracy.relative(floor: 1).bound(tolerance: 1e-8, value: 0.5) == 1e-8)
        #expect(Accuracy.relative(floor: 1).bound(tolerance: 1e-8, value: -30) == 3e-7)
        #expect(Accuracy.unstated.bound(tolerance: 1e-8, value: 1) == nil && Accuracy.diagnostic.bound(tolerance: 1e-8, value: 1) == nil)
        var check = ObservableCheck(name: "p", accuracy: .absolute)
        check.add(point: 3, stored: 0.5, recomputed: 0.5 + 5e-9, tolerance: 1e-8)
        check.add(point: 4, stored: .nan, recomputed: .nan, tolerance: 1e-8)
        #expect(check.point == 3 && abs(check.worstRatio! - 0.5) < 1e-6)
        check.add(point: 7, stored: .nan, recomputed: 0.5, tolerance: 1e-8)
        #expect(check.point == 7 && check.worstRatio == .infinity)
        var exact = ObservableCheck(name: "p_lz", accuracy: .exact)
        exact.add(point: 0, stored: 0.25, recomputed: 0.25, tolerance: 1e-8)
        #expect(exact.worstRatio == 0)
        exact.add(point: 1, stored: 0.25 + 1e-9, recomputed: 0.25, tolerance: 1e-8)
        #expect(exact.point == 1 && exact.worstRatio! > 1)
    }
}

@Suite("quench verify: the line a figure shows")
struct VerificationNoteTests {
    /// verify.json as `VerifyReport.json` writes it, with one judged and one unstated observable.
    func json(ratio: Any, compared: Int) -> [String: Any] {
        [
            "job": ["method": "auto", "tolerance": 1e-9, "points": 1024, "fingerprint": "00ff"],
            "recomputation": ["method": "auto", "tolerance": 1e-11, "factor": 100],
            "sample": ["points": Array(0..<16), "compared": compared],
            "passed": compared > 0, "run": ["date": "2026-12-08T00:00:00Z"],
            "observables": [
                ["name": "p_stay", "accuracy": "absolute", "judged": true, "worst_ratio": ratio, "worst_difference": 2.8e-10,
                 "bound": 1e-9, "point": 721, "parameters": ["v": 2.5, "delta": 1]],
                ["name": "p_adiabatic", "accuracy": "unstated", "judged": false, "worst_difference": 2.5e-10, "point": 721],
            ],
        ]
    }

    @Test("verified with the worst ratio, the count and the recomputation; NOT verified with the point when a ratio exceeds 1 (or is inf); nothing for an unjudged or unknown observable")
    func notes() throws {
        let passed = try #require(Verification(json: json(ratio: 0.28, compared: 16), axes: ["v", "delta"]))
        #expect(passed.note(for: "p_stay") == "verified: worst |Δ|/bound 0.28 on 16 points (auto at 1e-11)")
        #expect(passed.note(for: "p_adiabatic") == nil && passed.note(for: "n_exc") == nil)
        #expect(passed.observable("p_stay")?.parameters == "v = 2.5, delta = 1")
        let failed = try #require(Verification(json: json(ratio: 1.2e4, compared: 15), axes: ["v"]))
        #expect(failed.note(for: "p_stay") == "NOT verified: worst |Δ|/bound 1.2e+04 at point 721 on 15 points (auto at 1e-11)")
        let infinite = try #require(Verification(json: json(ratio: "inf", compared: 15), axes: ["v"]))
        #expect(infinite.note(for: "p_stay")?.hasPrefix("NOT verified: worst |Δ|/bound inf") == true)
        let none = try #require(Verification(json: json(ratio: 0, compared: 0), axes: ["v"]))
        #expect(none.note(for: "p_stay") == "NOT verified: quench verify could compare no sampled point (auto at 1e-11)")
        #expect(Verification(json: ["job": [:]], axes: []) == nil)
    }
}
