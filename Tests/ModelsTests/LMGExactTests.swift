import Foundation
@testable import Models
import Testing

/// Independent dense reference: the full S = N/2 Dicke space (both parities), H = −(2/N)S_x² − 2hS_z
/// built from S± by matrix products, cyclic Jacobi diagonalisation, and the exponential midpoint
/// rule ψ ← exp(−iΔt H(t + Δt/2))ψ (second order), Richardson-extrapolated from two step sizes.
enum DenseLMG {
    typealias Matrix = [[Double]]

    static func multiply(_ a: Matrix, _ b: Matrix) -> Matrix {
        let n = a.count
        return (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(0) { $0 + a[i][$1] * b[$1][j] } } }
    }

    /// S_z, S_x in the basis m = S, S−1, …, −S.
    static func spin(_ spins: Int) -> (z: Matrix, x: Matrix) {
        let s = Double(spins) / 2, n = spins + 1
        var z = Matrix(repeating: [Double](repeating: 0, count: n), count: n), plus = z
        for i in 0..<n {
            let m = s - Double(i)
            z[i][i] = m
            if i > 0 { plus[i - 1][i] = (s * (s + 1) - m * (m + 1)).squareRoot() }   // ⟨m+1|S₊|m⟩
        }
        let minus = (0..<n).map { i in (0..<n).map { j in plus[j][i] } }
        let x = (0..<n).map { i in (0..<n).map { j in 0.5 * (plus[i][j] + minus[i][j]) } }
        return (z, x)
    }

    static func hamiltonian(_ spins: Int, field h: Double) -> Matrix {
        let (z, x) = spin(spins)
        let x2 = multiply(x, x)
        return (0..<z.count).map { i in (0..<z.count).map { j in -2 / Double(spins) * x2[i][j] - 2 * h * z[i][j] } }
    }

    /// Cyclic Jacobi: eigenvalues and eigenvectors (columns of v).
    static func eigen(_ matrix: Matrix) -> (values: [Double], vectors: Matrix) {
        var a = matrix
        let n = a.count
        var v = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(n, p + 1) where q < n { off += a[p][q] * a[p][q] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where q < n && abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0][$0] }, v)
    }

    /// (residual energy, fidelity with the lowest even state) after the ramp with `steps` midpoint steps.
    static func ramp(spins: Int, delta: Double, full: Bool, steps: Int) -> (residual: Double, fidelity: Double) {
        let n = spins + 1
        let start = eigen(hamiltonian(spins, field: 2))
        let g = start.values.indices.min { start.values[$0] < start.values[$1] }!
        var re = (0..<n).map { start.vectors[$0][g] }, im = [Double](repeating: 0, count: n)
        let t0 = -1 / delta, t1 = full ? 1 / delta : 0
        let dt = (t1 - t0) / Double(steps)
        for k in 0..<steps {
            let e = eigen(hamiltonian(spins, field: 1 - delta * (t0 + (Double(k) + 0.5) * dt)))
            var newRe = [Double](repeating: 0, count: n), newIm = newRe
            for j in 0..<n {
                var cr = 0.0, ci = 0.0
                for i in 0..<n { cr += e.vectors[i][j] * re[i]; ci += e.vectors[i][j] * im[i] }
                let (c, s) = (cos(e.values[j] * dt), -sin(e.values[j] * dt))
                let (pr, pi) = (c * cr - s * ci, c * ci + s * cr)
                for i in 0..<n { newRe[i] += e.vectors[i][j] * pr; newIm[i] += e.vectors[i][j] * pi }
            }
            (re, im) = (newRe, newIm)
        }
        let final = eigen(hamiltonian(spins, field: 1 - delta * t1))
        // Even states: support on m = S, S−2, … only.
        let even = final.values.indices.filter { j in stride(from: 1, to: n, by: 2).allSatisfy { abs(final.vectors[$0][j]) < 1e-9 } }
        let ground = even.min { final.values[$0] < final.values[$1] }!
        var energy = 0.0, fr = 0.0, fi = 0.0
        for j in 0..<n {
            var cr = 0.0, ci = 0.0
            for i in 0..<n { cr += final.vectors[i][j] * re[i]; ci += final.vectors[i][j] * im[i] }
            energy += final.values[j] * (cr * cr + ci * ci)
            if j == ground { (fr, fi) = (cr, ci) }
        }
        return (energy - final.values[ground], fr * fr + fi * fi)
    }
}

@Suite("lmg.exact")
struct LMGExactTests {
    func run(_ spins: Int, _ delta: Double, _ ramp: LMGRamp, method: LMGExact.Method = .magnus4Lanczos) -> LMGExact.Observables {
        let model = LMGExact(ModelConfiguration(method: method, tolerance: 1e-10))
        guard let o = model.evaluate([LMGExact.Point(spins: spins, delta: delta, ramp: ramp)])[0].observables else {
            Issue.record("point failed")
            return LMGExact.Observables(residualEnergy: .nan, fidelity: .nan, nExc: .nan, normError: .nan, lambda: .nan)
        }
        return o
    }

    @Test("the parity block's gap at h = 0 is 2 − 2/N exactly (PHYSICS.md §2.2), to 1e-12", arguments: [8, 64, 256])
    func gapAtZeroField(spins: Int) {
        let spectrum = LMGParityBlock(spins: spins) { _ in 0 }.spectrum(field: 0)
        #expect(abs(spectrum[1].energy - spectrum[0].energy - (2 - 2 / Double(spins))) < 1e-12)
    }

    @Test("eigenpairs of the block satisfy Hv = Ev to 1e-12 and are orthonormal (inverse iteration)")
    func eigenpairs() {
        let block = LMGParityBlock(spins: 40) { _ in 0 }
        let (d, e) = block.matrix(field: 0.7)
        let spectrum = block.spectrum(field: 0.7)
        for (k, state) in spectrum.enumerated() {
            for i in 0..<d.count {
                var hv = d[i] * state.vector[i]
                if i > 0 { hv += e[i - 1] * state.vector[i - 1] }
                if i < d.count - 1 { hv += e[i] * state.vector[i + 1] }
                #expect(abs(hv - state.energy * state.vector[i]) < 1e-12)
            }
            for other in spectrum.prefix(k + 1) {
                let dot = zip(state.vector, other.vector).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(abs(dot - (other.vector == state.vector ? 1 : 0)) < 1e-12)
            }
        }
    }

    @Test("N = 10 ramps agree with dense propagation in the full Dicke space to 1e-7", arguments: [(0.2, LMGRamp.half), (0.1, LMGRamp.full)])
    func againstDense(delta: Double, ramp: LMGRamp) {
        let o = run(10, delta, ramp)
        let coarse = DenseLMG.ramp(spins: 10, delta: delta, full: ramp == .full, steps: 4000)
        let fine = DenseLMG.ramp(spins: 10, delta: delta, full: ramp == .full, steps: 8000)
        let residual = fine.residual + (fine.residual - coarse.residual) / 3
        #expect(abs(o.residualEnergy - residual) < 1e-7, "Q = \(o.residualEnergy), dense \(residual)")
        if ramp == .half {
            let fidelity = fine.fidelity + (fine.fidelity - coarse.fidelity) / 3
            #expect(abs(o.fidelity - fidelity) < 1e-7, "fidelity \(o.fidelity), dense \(fidelity)")
        }
        #expect(o.normError < 1e-12)
    }

    @Test("Λ-collapse of the half ramp at Λ = 2: Q·N^{1/3} = 0.0101–0.0102 for N = 128, 256 (PHYSICS.md §2.5, 2%)")
    func lambdaCollapse() {
        for spins in [128, 256] {
            let q = run(spins, 2 / Double(spins), .half).residualEnergy * pow(Double(spins), 1.0 / 3)
            #expect(q > 0.0101 * 0.98 && q < 0.0102 * 1.02, "N = \(spins): Q·N^{1/3} = \(q)")
        }
    }

    @Test("Magnus–Lanczos and plain Dormand–Prince agree on N = 32, δ = 0.05 to 1e-6")
    func methodsAgree() {
        let magnus = run(32, 0.05, .full), rk = run(32, 0.05, .full, method: .dormandPrince)
        #expect(abs(magnus.nExc - rk.nExc) < 1e-6 && abs(magnus.residualEnergy - rk.residualEnergy) < 1e-6)
    }

    @Test("odd N is a constraint violation naming N, refused before evaluation")
    func oddSpins() {
        let model = LMGExact(ModelConfiguration(method: .magnus4Lanczos, tolerance: 1e-8))
        let violation = model.check(LMGExact.Point(spins: 11, delta: 0.1, ramp: .full))
        #expect(violation?.parameters == ["N"] && violation?.rule.contains("must be even") == true, "\(String(describing: violation))")
        #expect(model.check(LMGExact.Point(spins: 10, delta: 0.1, ramp: .full)) == nil)
    }
}
