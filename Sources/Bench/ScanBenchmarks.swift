import Foundation
import Integrators
import Models

/// Time to solution of standard scans on one core, with their accuracy checked in the same run.
package enum ScanBenchmarks {
    package struct ScanResult: Sendable {
        package let name: String
        package let points: Int
        package let seconds: Double
        package let note: String
    }

    typealias LZ = TwoLevelLandauZener

    static func lzPoints(count: Int, halfWindow: Double) -> [LZ.Point] {
        (0..<count).map { LZ.Point(rate: pow(10, -1 + 2 * Double($0) / Double(count - 1)), gap: 1, halfWindow: halfWindow) }
    }

    static func pStay(_ result: PointResult<LZ.Observables>) -> Double { result.observables?.pStay ?? .nan }

    /// Evaluates points in chunks of 64, as a worker thread would.
    static func timed(_ model: LZ, _ points: [LZ.Point]) -> (seconds: Double, outcomes: [PointResult<LZ.Observables>]) {
        let start = DispatchTime.now().uptimeNanoseconds
        var outcomes: [PointResult<LZ.Observables>] = []
        for chunk in stride(from: 0, to: points.count, by: 64) {
            outcomes += model.evaluate(Array(points[chunk..<min(chunk + 64, points.count)]))
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, outcomes)
    }

    package static func run() -> [ScanResult] {
        var results: [ScanResult] = []
        let long = lzPoints(count: 1024, halfWindow: 200)
        let auto = LZ(ModelConfiguration(method: .auto, tolerance: 1e-6))
        let autoRun = (0..<3).map { _ in timed(auto, long) }.min { $0.seconds < $1.seconds }!

        // Accuracy: every 64th point against fixed-step CFM4 with h = 5e-4 (converged to ~1e-9).
        let sample = Array(stride(from: 0, to: long.count, by: 64))
        let references = TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, sample.map { i in
            let v = long[i].rate
            return TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: 0, zSlope: v / 2, xOffset: 0.5, xSlope: 0),
                                   initialState: .up, start: -200, end: 200, steps: 800_000)
        }, control: .fixed(steps: 800_000))
        let worst = zip(sample, references).map { i, r in abs(pStay(autoRun.outcomes[i]) - (r.state[0] * r.state[0] + r.state[1] * r.state[1])) }.max()!
        results.append(ScanResult(name: "LZ T=200, auto (Magnus + adiabatic tails), tol 1e-6", points: 1024, seconds: autoRun.seconds,
                                  note: String(format: "max error %.1e on %d points vs CFM4 h=5e-4", worst, sample.count)))

        // Brute force for comparison: RK4 with its step rule, timed on every 32nd point.
        let rk4 = LZ(ModelConfiguration(method: .rk4, tolerance: 1e-6))
        let subset = Array(stride(from: 0, to: long.count, by: 32)).map { long[$0] }
        let rk4Run = timed(rk4, subset)
        results.append(ScanResult(name: "LZ T=200, rk4 (brute force), tol 1e-6", points: 1024, seconds: rk4Run.seconds * 32,
                                  note: "extrapolated from \(subset.count) evenly spread points"))

        let shipped = LZ(ModelConfiguration(method: .auto, tolerance: 1e-9))
        let shippedRun = timed(shipped, lzPoints(count: 1024, halfWindow: 50))
        results.append(ScanResult(name: "jobs/lz-two-level.toml (T=50, auto, tol 1e-9)", points: 1024, seconds: shippedRun.seconds,
                                  note: "the shipped job, one core"))
        let shippedRK4 = timed(LZ(ModelConfiguration(method: .rk4, tolerance: 1e-9)), lzPoints(count: 1024, halfWindow: 50))
        results.append(ScanResult(name: "the same with rk4 (brute force), tol 1e-9", points: 1024, seconds: shippedRK4.seconds,
                                  note: "one core"))
        return results
    }
}
