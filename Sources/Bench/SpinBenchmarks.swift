import Foundation
import Integrators
import Models

/// The classical-spin kernels of bcs.classical (`MeanFieldSpins` on `SpinArrays`) in their fixed-step phase: spin-steps per
/// second for N = 10⁴ (in cache) and 10⁶ (32 MB of x, y, z, ω: memory), the 4th-order splitting with per-spin
/// sin/cos evaluated or tabulated, and plain RK4, with flops and bytes per spin-step counted from the kernels.
package enum SpinBenchmarks {
    /// A kernel's nominal cost per spin-step (fused multiply-add = 2 flops; bytes read + written, no write-allocate).
    struct Cost {
        let flops: Double
        let bytes: Double
    }

    /// Splitting: 3 passes of a 3×3 matrix (15), three shears (6) and the J sums (3); evaluated rotations add
    /// sin/cos of the half angle (46) and the shear coefficients (4). Each pass reads x, y, z and ω (or the two
    /// tabulated coefficients) and writes x, y, z.
    static let splitEvaluated = Cost(flops: 3 * 74, bytes: 3 * 7 * 8)
    static let splitTabulated = Cost(flops: 3 * 24, bytes: 3 * 8 * 8)
    /// RK4: 4 stages of b × u (10), stage and sum updates and J sums (about 13); 55 doubles moved per spin-step
    /// (state, stage, sum buffers and ω).
    static let rk4 = Cost(flops: 91, bytes: 55 * 8)

    package static func run() -> [BenchResult] {
        var results: [BenchResult] = []
        for (count, steps) in [(10_000, 1000), (1_000_000, 60)] {
            let levels = (0..<count).map { Double($0) / Double(count - 1) - 0.5 }
            let spins = (0..<count).map { j in SIMD3(0.4 * cos(Double(j)), 0.4 * sin(Double(j)), 0.3) }
            let nu = Double(count)
            let rule = ProportionalStepRule(relative: 1e9, maximum: 0.4)
            let start = 100.0, end = start + Double(steps) * rule.maximum
            let g = { (t: Double) in 1 / (nu * t) }, rate = { (t: Double) in -1 / (nu * t * t) }
            for (name, cost) in [("split4, sin/cos per spin", splitEvaluated), ("split4, tabulated rotations", splitTabulated), ("rk4", rk4)] {
                let state = MeanFieldSpins(levels: levels, spins: spins)
                let time = Measurement.best(repetitions: 3, minimumSeconds: 0.3) {
                    let report = name == "rk4"
                        ? state.integrateRK4(from: start, to: end, rule: rule, coupling: g, couplingRate: rate)
                        : state.integrateSplitting(from: start, to: end, rule: rule, coupling: g, couplingRate: rate,
                                                   tabulateRotations: name.contains("tabulated"))
                    blackHole(report.steps)
                }
                let spinSteps = Double(count * steps) / time.seconds
                results.append(BenchResult(name: "\(name), N = \(count == 10_000 ? "10^4" : "10^6")", rate: spinSteps, unit: "spin-steps/s",
                                           gflops: spinSteps * cost.flops * 1e-9, gigabytesPerSecond: spinSteps * cost.bytes * 1e-9,
                                           note: String(format: "%.0f flops, %.0f B per spin-step; %.1f GB/s; %d steps", cost.flops, cost.bytes,
                                                        spinSteps * cost.bytes * 1e-9, steps)))
            }
        }
        return results
    }
}
