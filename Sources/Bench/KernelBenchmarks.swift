import Foundation
import Integrators

/// One line of `quench bench`.
package struct BenchResult: Sendable {
    package let name: String
    /// Work items per second per core (derivative evaluations, lane-steps, state-steps ...).
    package let rate: Double
    package let unit: String
    /// GFLOP/s, when the kernel's flop count is known.
    package let gflops: Double?
    /// Memory traffic in GB/s, for kernels bound by memory rather than arithmetic.
    package var gigabytesPerSecond: Double? = nil
    package let note: String
}

/// Throughput of the integrator kernels on one core, with the measured peak in the same run.
package enum KernelBenchmarks {
    /// LZ sweeps with different rates, as the RK4 and Magnus kernels see them.
    static func sweeps(count: Int, steps: Int) -> [TwoLevelProblem] {
        (0..<count).map { i in
            let v = 0.1 + 0.01 * Double(i)
            return TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: 0, zSlope: v / 2, xOffset: 0.5, xSlope: 0),
                                   initialState: .up, start: -20, end: 20, steps: steps)
        }
    }

    package static func run() -> [BenchResult] {
        var results: [BenchResult] = []
        let problems = sweeps(count: 256, steps: 4000)
        let derivatives = Double(problems.count * 4000 * 4)

        for (name, lanes) in [("rk4 two-level lanes, SIMD16", 16), ("rk4 two-level lanes, SIMD8", 8)] {
            let time = Measurement.best {
                blackHole(TwoLevelRK4.solve(problems, width: lanes == 16 ? .sixteen : .eight))
            }
            let rate = derivatives / time.seconds
            results.append(BenchResult(name: name, rate: rate, unit: "RHS/s", gflops: rate * TwoLevelRK4.flopsPerDerivative * 1e-9,
                                       note: "256 sweeps × 4000 steps"))
        }
        let few = Array(problems.prefix(16))
        let scalar = Measurement.best { blackHole(few.map(TwoLevelRK4.solveScalar)) }
        let scalarRate = Double(few.count * 4000 * 4) / scalar.seconds
        results.append(BenchResult(name: "rk4 two-level scalar reference", rate: scalarRate, unit: "RHS/s",
                                   gflops: scalarRate * TwoLevelRK4.flopsPerDerivative * 1e-9, note: "same arithmetic, one problem at a time"))

        let magnusProblems = sweeps(count: 256, steps: 1000)
        let magnus = Measurement.best { blackHole(TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, magnusProblems, control: .fixed(steps: 1000))) }
        results.append(BenchResult(name: "cfm4 two-level lanes, SIMD8", rate: Double(256 * 1000) / magnus.seconds, unit: "lane-steps/s",
                                   gflops: nil, note: "2 exact exponentials per step"))

        for method in [ExplicitMethod.dormandPrince54, .extrapolation8] {
            let steps = method == .extrapolation8 ? 200 : 1000
            let time = Measurement.best {
                blackHole(LaneIntegrator.integrate(LinearTwoLevelODE.self, magnusProblems, method: method, control: .fixed(steps: steps)))
            }
            // Fixed steps evaluate f(t, y) afresh each step: 7 per Dormand–Prince step (no FSAL reuse), 17 per extrapolation step.
            let perStep = method == .extrapolation8 ? 17 : 7
            let rate = Double(256 * steps * perStep) / time.seconds
            results.append(BenchResult(name: "\(method.rawValue) two-level lanes, SIMD8", rate: rate, unit: "RHS/s",
                                       gflops: nil, note: "generic lane integrator, fixed steps"))
        }
        return results
    }
}
