import Foundation
@testable import Integrators
import Testing

@Suite("Hermitian eigenvalues")
struct HermitianEigenvaluesTests {
    /// A = U D U† with U a product of random complex Givens rotations and phases: the eigenvalues are D.
    static func conjugated(_ d: [Double], seed: UInt64) -> (re: [Double], im: [Double]) {
        let n = d.count
        var re = [Double](repeating: 0, count: n * n), im = re
        for i in 0..<n { re[i * n + i] = d[i] }
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1p-53
        }
        // Columns: A ← G A G† for random rotations G acting on rows/columns (p, q).
        for _ in 0..<(4 * n * n) {
            let p = Int(uniform() * Double(n)), q = Int(uniform() * Double(n))
            if p == q { continue }
            let theta = 2 * Double.pi * uniform(), phi = 2 * Double.pi * uniform()
            let c = cos(theta), s = sin(theta), sr = s * cos(phi), si = s * sin(phi)
            // Rows: row_p' = c row_p + (sr + i si) row_q, row_q' = −(sr − i si) row_p + c row_q.
            for j in 0..<n {
                let apr = re[p * n + j], api = im[p * n + j], aqr = re[q * n + j], aqi = im[q * n + j]
                re[p * n + j] = c * apr + sr * aqr - si * aqi
                im[p * n + j] = c * api + sr * aqi + si * aqr
                re[q * n + j] = -(sr * apr + si * api) + c * aqr
                im[q * n + j] = -(sr * api - si * apr) + c * aqi
            }
            // Columns with the conjugate coefficients.
            for i in 0..<n {
                let apr = re[i * n + p], api = im[i * n + p], aqr = re[i * n + q], aqi = im[i * n + q]
                re[i * n + p] = c * apr + sr * aqr + si * aqi
                im[i * n + p] = c * api + sr * aqi - si * aqr
                re[i * n + q] = -(sr * apr - si * api) + c * aqr
                im[i * n + q] = -(sr * api + si * apr) + c * aqi
            }
        }
        return (re, im)
    }

    @Test("eigenvalues of U·diag(d)·U† are d, for n = 1…60 (1e-12 relative to the spread)")
    func knownSpectrum() throws {
        for n in [1, 2, 3, 5, 17, 60] {
            var d: [Double] = []
            for k in 0..<n { d.append(0.37 * Double(k * k % 7) - 1.1 + 0.01 * Double(k)) }
            var (re, im) = Self.conjugated(d, seed: UInt64(n))
            var hermitianError = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let e: Double = abs(re[i * n + j] - re[j * n + i]) + abs(im[i * n + j] + im[j * n + i])
                    hermitianError = max(hermitianError, e)
                }
            }
            #expect(hermitianError < 1e-12)
            let computed = try #require(HermitianEigenvalues.compute(n: n, real: &re, imaginary: &im))
            let tolerance: Double = 3e-12  // the spread of d is ~2.3
            for (a, b) in zip(computed, d.sorted()) { #expect(abs(a - b) < tolerance, "n \(n): \(a) vs \(b)") }
        }
    }
}
