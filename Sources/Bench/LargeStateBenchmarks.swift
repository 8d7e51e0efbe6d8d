import Foundation
import Integrators

/// x′ = p, p′ = −ω²x for 2·10⁶ oscillators: a state of 4·10⁶ doubles (8 buffers of 32 MB), streamed from memory.
struct OscillatorBankODE: LargeODE {
    let count: Int
    let omegaSquared: [Double]
    var dimension: Int { 2 * count }

    init(count: Int) {
        self.count = count
        omegaSquared = (0..<count).map { let w = 0.5 + Double($0) / Double(count); return w * w }
    }

    func derivative(_ t: Double, _ y: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>) {
        omegaSquared.withUnsafeBufferPointer { w in
            for i in 0..<count {
                d[i] = y[count + i]
                d[count + i] = -w[i] * y[i]
            }
        }
    }
}

/// H(t) = v t S_z + Δ S_x for spin j in the S_z basis: tridiagonal, the shape of the LMG Hamiltonian.
struct SpinSweepHamiltonian: TermwiseHamiltonian {
    let diagonal: [Double]
    let ladder: [Double]
    let rate: Double
    let gap: Double
    var dimension: Int { diagonal.count }
    var termCount: Int { 2 }

    init(spin: Int, rate: Double, gap: Double) {
        let j = Double(spin)
        diagonal = (0...(2 * spin)).map { j - Double($0) }
        ladder = (0...(2 * spin)).map { i in let m = j - Double(i); return 0.5 * max(0, j * (j + 1) - m * (m + 1)).squareRoot() }
        self.rate = rate
        self.gap = gap
    }

    func coefficient(_ term: Int, at t: Double) -> Double { term == 0 ? rate * t : gap }

    func apply(_ c: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = dimension, z = c[0], s = c[1]
        diagonal.withUnsafeBufferPointer { d in
            ladder.withUnsafeBufferPointer { l in
                y[0] = z * d[0] * x[0] + s * l[1] * x[1]
                for i in 1..<(n - 1) { y[i] = z * d[i] * x[i] + s * (l[i] * x[i - 1] + l[i + 1] * x[i + 1]) }
                y[n - 1] = z * d[n - 1] * x[n - 1] + s * l[n - 1] * x[n - 2]
            }
        }
    }
}

package enum LargeStateBenchmarks {
    package static func run() -> [BenchResult] {
        var results: [BenchResult] = []
        let bank = OscillatorBankODE(count: 2_000_000)
        let rk = LargeStateRK(dimension: bank.dimension)
        var y = [Double](repeating: 1, count: bank.dimension)
        let steps = 4
        let time = Measurement.best(minimumSeconds: 0.3) { rk.rk4(bank, &y, from: 0, to: 0.01, steps: steps) }
        let elementSteps = Double(steps * bank.dimension) / time.seconds
        // Per step and element: 4 derivative passes and 3 stage combinations plus the update, about 26 doubles moved.
        results.append(BenchResult(name: "rk4 large state, 4·10^6 doubles", rate: elementSteps, unit: "elem-steps/s", gflops: nil,
                                   gigabytesPerSecond: elementSteps * 26 * 8e-9,
                                   note: String(format: "%.0f GB/s moved (26 doubles per element-step)", elementSteps * 26 * 8e-9)))

        let spin = SpinSweepHamiltonian(spin: 2048, rate: 1, gap: 1)
        let magnus = MagnusLanczos(spin, maxKrylovDimension: 30)
        var re = [Double](repeating: 0, count: spin.dimension), im = re
        re[0] = 1
        var report = MagnusLanczos<SpinSweepHamiltonian>.Report()
        let magnusTime = Measurement.best(minimumSeconds: 0.3) { report = magnus.integrate(&re, &im, from: -1, to: -0.99, control: .fixed(steps: 10)) }
        results.append(BenchResult(name: "magnus4-lanczos, dimension 4097", rate: 10 / magnusTime.seconds, unit: "steps/s", gflops: nil,
                                   note: "tridiagonal H(t), Krylov size up to \(report.largestKrylovDimension), tol 1e-12"))
        return results
    }
}
