import Foundation
@testable import Integrators
import Testing

/// H(t) = f₀(t) S_z + f₁(t) S_x for spin j in the S_z basis m = j, j−1, …, −j; f₀ = v t, f₁ = Δ.
struct SpinSweep: TermwiseHamiltonian {
    let spin: Int
    let rate: Double
    let gap: Double
    var dimension: Int { 2 * spin + 1 }
    var termCount: Int { 2 }

    func coefficient(_ term: Int, at t: Double) -> Double { term == 0 ? rate * t : gap }

    func m(_ i: Int) -> Double { Double(spin - i) }

    /// ⟨m+1|S_x|m⟩ = ½√(j(j+1) − m(m+1)), coupling index i (m) and i−1 (m+1).
    func ladder(_ i: Int) -> Double {
        let j = Double(spin), mm = m(i)
        return 0.5 * (j * (j + 1) - mm * (mm + 1)).squareRoot()
    }

    func apply(_ c: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        for i in 0..<n {
            var value = c[0] * m(i) * x[i]
            if i > 0 { value += c[1] * ladder(i) * x[i - 1] }
            if i < n - 1 { value += c[1] * ladder(i + 1) * x[i + 1] }
            y[i] = value
        }
    }

    /// Majorana: from |j, j⟩ each of 2j spins-½ stays up with probability p, so P(m) = C(2j, j+m) p^{j+m} (1−p)^{j−m}.
    func populations(stayUp p: Double) -> [Double] {
        (0..<dimension).map { i in
            let up = spin - i + spin  // j + m
            return binomial(2 * spin, up) * pow(p, Double(up)) * pow(1 - p, Double(2 * spin - up))
        }
    }

    func binomial(_ n: Int, _ k: Int) -> Double { exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))) }
}

@Suite("Large-state integrators")
struct LargeStateTests {
    @Test("QL eigen-decomposition of tridiag(−1, 2, −1): eigenvalues 2 − 2cos(kπ/(n+1)), orthonormal eigenvectors")
    func tridiagonal() {
        let n = 30
        var d = [Double](repeating: 2, count: n), e = [Double](repeating: -1, count: n), z = [Double](repeating: 0, count: n * n)
        let ok = d.withUnsafeMutableBufferPointer { d in e.withUnsafeMutableBufferPointer { e in
            z.withUnsafeMutableBufferPointer { z in SymmetricTridiagonal.decompose(diagonal: d, offDiagonal: e, vectors: z, size: n) } } }
        #expect(ok)
        let expected = (1...n).map { 2 - 2 * cos(Double($0) * .pi / Double(n + 1)) }.sorted()
        for (a, b) in zip(d.sorted(), expected) { #expect(abs(a - b) < 1e-13) }
        for k in 0..<n {
            var norm = 0.0, residual = 0.0
            for i in 0..<n {
                norm += z[i * n + k] * z[i * n + k]
                let av = 2 * z[i * n + k] - (i > 0 ? z[(i - 1) * n + k] : 0) - (i < n - 1 ? z[(i + 1) * n + k] : 0)
                residual = max(residual, abs(av - d[k] * z[i * n + k]))
            }
            #expect(abs(norm - 1) < 1e-13 && residual < 1e-12)
        }
    }

    @Test("Krylov exponential: exp(−iθS_x)|j, j⟩ gives binomial populations with p = cos²(θ/2), to the tolerance")
    func krylovRotation() {
        let spin = SpinSweep(spin: 20, rate: 0, gap: 1)
        let krylov = KrylovExponential(dimension: spin.dimension)
        var re = [Double](repeating: 0, count: spin.dimension), im = re
        re[0] = 1
        let theta = 0.7
        let c = [0.0, 1.0]
        let result = c.withUnsafeBufferPointer { c in
            krylov.apply(tau: theta, real: &re, imaginary: &im, tolerance: 1e-12) { x, y in spin.apply(c, x, into: y) }
        }
        let exact = spin.populations(stayUp: cos(theta / 2) * cos(theta / 2))
        for i in 0..<spin.dimension { #expect(abs(re[i] * re[i] + im[i] * im[i] - exact[i]) < 1e-11) }
        #expect(result.errorEstimate <= 1e-12 && result.krylovDimension < spin.dimension)
    }

    /// Spin-25 LZ sweep over [−6, 6]; the two-level reference from fixed-step CFM4 lanes with 200 000 steps.
    let sweep = SpinSweep(spin: 25, rate: 2, gap: 1)
    var exactPopulations: [Double] {
        let problem = TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: 0, zSlope: 1, xOffset: 0.5, xSlope: 0),
                                      initialState: .up, start: -6, end: 6, steps: 1)
        let psi = TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, [problem], control: .fixed(steps: 200_000))[0].state
        return sweep.populations(stayUp: psi[0] * psi[0] + psi[1] * psi[1])
    }

    func run(_ control: MagnusLanczos<SpinSweep>.Control) -> (error: Double, norm: Double, report: MagnusLanczos<SpinSweep>.Report) {
        let integrator = MagnusLanczos(sweep)
        var re = [Double](repeating: 0, count: sweep.dimension), im = re
        re[0] = 1
        let report = integrator.integrate(&re, &im, from: -6, to: 6, control: control)
        let exact = exactPopulations
        var error = 0.0
        for i in 0..<sweep.dimension {
            let probability: Double = re[i] * re[i] + im[i] * im[i]
            error = max(error, abs(probability - exact[i]))
        }
        var norm = 0.0
        for i in 0..<sweep.dimension { norm += re[i] * re[i] + im[i] * im[i] }
        return (error, norm, report)
    }

    @Test("Magnus–Lanczos: spin-25 sweep matches Majorana's binomial law; fourth order on halving the step")
    func magnusOrder() {
        let coarse = run(.fixed(steps: 300)), fine = run(.fixed(steps: 600))
        let order = log2(coarse.error / fine.error)
        #expect(abs(order - 4) < 0.6, "order \(order) (errors \(coarse.error), \(fine.error))")
        #expect(fine.error < 1e-6)
    }

    @Test("Magnus–Lanczos adaptive: within 10·tolerance of the exact populations; unitary to 1e-12")
    func magnusAdaptive() {
        for tolerance in [1e-6, 1e-9] {
            let result = run(.adaptive(tolerance: tolerance, initialStep: 0.01, window: 12))
            #expect(result.report.failure == nil)
            #expect(result.error <= 10 * tolerance, "error \(result.error) at tolerance \(tolerance)")
            #expect(abs(result.norm - 1) < 1e-12, "norm \(result.norm)")
        }
    }

    @Test("Magnus–Lanczos with huge steps stays unitary to round-off")
    func unitarity() {
        let result = run(.fixed(steps: 7))
        #expect(abs(result.norm - 1) < 1e-12)
    }
}

/// x_i' = p_i, p_i' = −ω_i² x_i for 500 oscillators in one buffer (x then p).
struct OscillatorBank: LargeODE {
    let omegas = (0..<500).map { 0.5 + 0.01 * Double($0) }
    var dimension: Int { 1000 }

    func derivative(_ t: Double, _ y: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<500 {
            d[i] = y[500 + i]
            d[500 + i] = -omegas[i] * omegas[i] * y[i]
        }
    }

    func rmsError(_ y: [Double], at t: Double) -> Double {
        var sum = 0.0
        for i in 0..<500 {
            let w: Double = omegas[i]
            let dx: Double = y[i] - cos(w * t), dp: Double = y[500 + i] + w * sin(w * t)
            sum += dx * dx + dp * dp
        }
        return (sum / 1000).squareRoot()
    }

    var start: [Double] { [Double](repeating: 1, count: 500) + [Double](repeating: 0, count: 500) }

    func error(_ y: [Double], at t: Double) -> Double {
        var worst = 0.0
        for i in 0..<500 {
            let w: Double = omegas[i]
            let position: Double = abs(y[i] - cos(w * t))
            let momentum: Double = abs(y[500 + i] + w * sin(w * t)) / w
            worst = max(worst, position, momentum)
        }
        return worst
    }
}

@Suite("Large-state Runge–Kutta")
struct LargeStateRKTests {
    let bank = OscillatorBank()

    @Test("RK4 on a buffer: fourth order on halving the step")
    func rk4Order() {
        let rk = LargeStateRK(dimension: bank.dimension)
        func error(_ steps: Int) -> Double {
            var y = bank.start
            rk.rk4(bank, &y, from: 0, to: 5, steps: steps)
            return bank.error(y, at: 5)
        }
        let order = log2(error(100) / error(200))
        #expect(abs(order - 4) < 0.3, "order \(order)")
    }

    @Test("Dormand–Prince on a buffer: RMS error over the components (the norm the controller bounds) within 20·tol")
    func dormandPrince() {
        let rk = LargeStateRK(dimension: bank.dimension)
        for tolerance in [1e-5, 1e-7, 1e-9] {
            var y = bank.start
            let report = rk.dormandPrince(bank, &y, from: 0, to: 5, relative: tolerance, absolute: tolerance)
            #expect(report.failure == nil)
            #expect(bank.rmsError(y, at: 5) < 20 * tolerance, "tolerance \(tolerance): RMS error \(bank.rmsError(y, at: 5))")
        }
    }
}
