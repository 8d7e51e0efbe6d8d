import Foundation
import Integrators
import Models

/// The exact BCS sweep (`bcs.quantum`): the sparse pairing operator S⁺S⁻ applied through the (M−1)-sector
/// (two gathers with Int32 index tables), and whole points at N = 16 and 20.
package enum PairingBenchmarks {
    /// H·x in the half-filled sector of N levels: applications per second and streamed bytes.
    package static func operatorRates() -> [BenchResult] {
        [16, 20].map { n in
            let levels = (0..<n).map { (Double($0) - Double(n - 1) / 2) / Double(n - 1) }
            let h = PairingHamiltonian(levels: levels, pairs: n / 2, nu: Double(n))
            var x = (0..<h.dimension).map { sin(Double($0)) }, y = [Double](repeating: 0, count: h.dimension)
            let c = [1.0, -0.1]
            let m = Measurement.best {
                c.withUnsafeBufferPointer { c in
                    x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { y in h.apply(c, x, into: y) } }
                }
                x[0] = y[1]
            }
            blackHole(y)
            let rate = 1 / m.seconds
            return BenchResult(name: "bcs.quantum H·x, N=\(n) M=\(n / 2) (dim \(h.dimension))", rate: rate, unit: "apply/s", gflops: nil,
                                gigabytesPerSecond: Double(h.bytesPerApplication) * rate / 1e9,
                                note: String(format: "%.2f ms per H·x, %.1f MB streamed", m.seconds * 1e3, Double(h.bytesPerApplication) / 1e6))
        }
    }

    /// Whole points of the model (one core), with the accuracy the window allows.
    package static func points() -> [ScanBenchmarks.ScanResult] {
        let cases: [(n: Int, end: Double)] = [(16, 200), (20, 2)]
        return cases.map { n, end in
            let point = BCSQuantum.Point(PairingSweepParameters(levelCount: n, pairs: n / 2, eta: 1, nu: 0, spectrum: .equal, width: 1, seed: 1,
                                                                levels: [], start: 1e-7, end: end), initialState: .fixedM)
            let model = BCSQuantum(ModelConfiguration(method: .magnus4Lanczos, tolerance: 1e-9))
            let start = DispatchTime.now().uptimeNanoseconds
            let result = model.evaluate([point])[0]
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            let steps: String = if let values = result.observables { String(format: "%.0f", values.steps) } else { "failed" }
            return ScanBenchmarks.ScanResult(name: "bcs.quantum N=\(n) M=\(n / 2), t₀=1e-7 → T=\(end)", points: 1, seconds: seconds,
                                             note: "\(steps) Magnus steps; the t-phase costs ~6 H·x·m per step, steps ≤ π/(2W)")
        }
    }
}
