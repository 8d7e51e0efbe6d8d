import Foundation

/// ψ ← exp(−iτA)ψ for a real symmetric operator A and a complex ψ (split into real and imaginary
/// buffers), by the Lanczos process: with the orthonormal Krylov basis V_m of ψ and the tridiagonal
/// T_m = V_mᵀAV_m, exp(−iτA)ψ ≈ ‖ψ‖ V_m exp(−iτT_m) e₁. The basis grows until the a-posteriori
/// error estimate ‖ψ‖·β_m·|[exp(−iτT_m)e₁]_m| (Saad 1992; Hochbruck & Lubich 1997) is below the
/// tolerance, up to `maxDimension` (the estimate is reliable once m exceeds about τ‖A‖, which the
/// step control of its callers ensures). Since A is real, the Lanczos coefficients are real and the
/// real and imaginary parts share them. The basis is fully reorthogonalized, so the result is unitary
/// to round-off at any Krylov size; this costs O(m·n) per iteration besides the operator. Workspace
/// is allocated once.
public final class KrylovExponential {
    public let dimension: Int
    public let maxDimension: Int
    /// Full reorthogonalization of the basis (default). Without it the result stays unitary to about
    /// 1e-13 per exponential while the basis is small (m ≲ 15) and each Lanczos step is ~2× cheaper.
    public let reorthogonalize: Bool
    /// (maxDimension + 1) basis vectors, real parts then imaginary parts, one allocation.
    private let basis: UnsafeMutablePointer<Double>
    private var alpha: [Double], beta: [Double]
    private var eigenvalues: [Double], offDiagonal: [Double], eigenvectors: [Double]
    private var coefficientsReal: [Double], coefficientsImaginary: [Double]

    public init(dimension: Int, maxDimension: Int = 40, reorthogonalize: Bool = true) {
        self.dimension = dimension
        self.reorthogonalize = reorthogonalize
        self.maxDimension = max(2, min(maxDimension, dimension))
        let m = self.maxDimension
        basis = .allocate(capacity: 2 * (m + 1) * dimension)
        basis.initialize(repeating: 0, count: 2 * (m + 1) * dimension)
        alpha = [Double](repeating: 0, count: m)
        beta = [Double](repeating: 0, count: m)
        eigenvalues = [Double](repeating: 0, count: m)
        offDiagonal = [Double](repeating: 0, count: m)
        eigenvectors = [Double](repeating: 0, count: m * m)
        coefficientsReal = [Double](repeating: 0, count: m)
        coefficientsImaginary = [Double](repeating: 0, count: m)
    }

    deinit { basis.deallocate() }

    /// Real and imaginary parts of basis vector k, as buffers (bounds-checked in debug builds).
    private func re(_ k: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(start: basis + k * dimension, count: dimension)
    }
    private func im(_ k: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(start: basis + (maxDimension + 1 + k) * dimension, count: dimension)
    }

    /// The outcome of one exponential.
    public struct Result: Sendable {
        /// Estimated 2-norm error of the result.
        public var errorEstimate: Double
        /// Krylov dimension used.
        public var krylovDimension: Int
    }

    /// Applies exp(−iτA) to (real, imaginary) in place. `apply(x, y)` must write y = A·x.
    public func apply(tau: Double, real: inout [Double], imaginary: inout [Double], tolerance: Double,
                      operator apply: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) -> Result {
        let n = dimension
        precondition(real.count == n && imaginary.count == n, "state of \(real.count) for a Krylov space of \(n)")
        var norm = 0.0
        for i in 0..<n { norm += real[i] * real[i] + imaginary[i] * imaginary[i] }
        norm = norm.squareRoot()
        guard norm > 0 else { return Result(errorEstimate: 0, krylovDimension: 0) }
        let (v0r, v0i) = (re(0), im(0))
        for i in 0..<n {
            v0r[i] = real[i] / norm
            v0i[i] = imaginary[i] / norm
        }
        var used = 0
        var error = Double.infinity
        for j in 0..<maxDimension {
            // w = A v_j into basis slot j+1, then w −= α_j v_j + β_{j−1} v_{j−1}.
            let (vr, vi, wr, wi) = (re(j), im(j), re(j + 1), im(j + 1))
            apply(UnsafeBufferPointer(vr), wr)
            apply(UnsafeBufferPointer(vi), wi)
            var a = 0.0
            for i in 0..<n { a += vr[i] * wr[i] + vi[i] * wi[i] }
            alpha[j] = a
            let previousBeta = j > 0 ? beta[j - 1] : 0
            let (ur, ui) = j > 0 ? (re(j - 1), im(j - 1)) : (vr, vi)
            for i in 0..<n {
                wr[i] -= a * vr[i] + previousBeta * ur[i]
                wi[i] -= a * vi[i] + previousBeta * ui[i]
            }
            // Full reorthogonalization (one Gram–Schmidt pass, complex coefficients): keeps the basis
            // orthonormal, and so the result unitary, when many Ritz values converge (large τ‖A‖).
            for k in 0...j where reorthogonalize {
                let (kr, ki) = (re(k), im(k))
                var cr = 0.0, ci = 0.0
                for i in 0..<n {
                    cr += kr[i] * wr[i] + ki[i] * wi[i]
                    ci += kr[i] * wi[i] - ki[i] * wr[i]
                }
                for i in 0..<n {
                    wr[i] -= cr * kr[i] - ci * ki[i]
                    wi[i] -= cr * ki[i] + ci * kr[i]
                }
            }
            var b = 0.0
            for i in 0..<n { b += wr[i] * wr[i] + wi[i] * wi[i] }
            b = b.squareRoot()
            beta[j] = b
            used = j + 1
            let breakdown = b <= 1e-14 * max(abs(a), 1)
            if breakdown || used == maxDimension || (used >= 4 && used % 2 == 0) {
                let last = smallExponential(tau: tau, size: used)
                error = breakdown ? 0 : norm * b * last
                if error <= tolerance || breakdown || used == maxDimension { break }
            }
            let inverse = 1 / b
            for i in 0..<n {
                wr[i] *= inverse
                wi[i] *= inverse
            }
        }
        // ψ = ‖ψ‖ Σ_k c_k v_k with c = exp(−iτT)e₁.
        real.withUnsafeMutableBufferPointer { real in
            imaginary.withUnsafeMutableBufferPointer { imaginary in
                for i in 0..<n { real[i] = 0; imaginary[i] = 0 }
                for k in 0..<used {
                    let cr = norm * coefficientsReal[k], ci = norm * coefficientsImaginary[k]
                    let (vr, vi) = (re(k), im(k))
                    for i in 0..<n {
                        real[i] += cr * vr[i] - ci * vi[i]
                        imaginary[i] += cr * vi[i] + ci * vr[i]
                    }
                }
            }
        }
        return Result(errorEstimate: error, krylovDimension: used)
    }

    /// c = exp(−iτT_m)e₁ into the coefficient buffers; returns |c_m|.
    private func smallExponential(tau: Double, size m: Int) -> Double {
        for k in 0..<m {
            eigenvalues[k] = alpha[k]
            offDiagonal[k] = k < m - 1 ? beta[k] : 0
        }
        let converged = eigenvalues.withUnsafeMutableBufferPointer { d in
            offDiagonal.withUnsafeMutableBufferPointer { e in
                eigenvectors.withUnsafeMutableBufferPointer { z in SymmetricTridiagonal.decompose(diagonal: d, offDiagonal: e, vectors: z, size: m) }
            }
        }
        guard converged else { return .infinity }
        for row in 0..<m {
            var re = 0.0, im = 0.0
            for k in 0..<m {
                let weight = eigenvectors[row * m + k] * eigenvectors[k]   // Q[row][k]·Q[0][k]
                re += weight * cos(tau * eigenvalues[k])
                im -= weight * sin(tau * eigenvalues[k])
            }
            coefficientsReal[row] = re
            coefficientsImaginary[row] = im
        }
        return (coefficientsReal[m - 1] * coefficientsReal[m - 1] + coefficientsImaginary[m - 1] * coefficientsImaginary[m - 1]).squareRoot()
    }
}
