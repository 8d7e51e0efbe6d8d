import Foundation

/// Eigenvalues of a dense complex Hermitian matrix: Householder reduction to a real symmetric
/// tridiagonal matrix (the complex off-diagonal entries keep only their modulus, a unitary diagonal
/// similarity), then implicit QL (`SymmetricTridiagonal`). O(n³); for reduced density matrices of a
/// few thousand states at most.
public enum HermitianEigenvalues {
    /// The eigenvalues, ascending, of the n×n Hermitian matrix with row-major real and imaginary parts
    /// (only the lower triangle is read). The arrays are overwritten. Nil if QL did not converge.
    public static func compute(n: Int, real: inout [Double], imaginary: inout [Double]) -> [Double]? {
        precondition(real.count == n * n && imaginary.count == n * n, "a \(n)×\(n) matrix")
        if n == 0 { return [] }
        var diagonal = [Double](repeating: 0, count: n), offDiagonal = [Double](repeating: 0, count: n)
        var vr = [Double](repeating: 0, count: n), vi = [Double](repeating: 0, count: n)
        var pr = [Double](repeating: 0, count: n), pi = [Double](repeating: 0, count: n)
        real.withUnsafeMutableBufferPointer { ar in
            imaginary.withUnsafeMutableBufferPointer { ai in
                // Make the matrix exactly Hermitian from its lower triangle.
                for i in 0..<n {
                    ai[i * n + i] = 0
                    for j in 0..<i {
                        ar[j * n + i] = ar[i * n + j]
                        ai[j * n + i] = -ai[i * n + j]
                    }
                }
                for k in 0..<max(n - 2, 0) {
                    // Column k below the diagonal: x = A[k+1..., k], scaled by its largest component so that
                    // squares neither underflow nor overflow (the reflection does not depend on the scale).
                    var scale = 0.0
                    for i in (k + 1)..<n { scale = max(scale, abs(ar[i * n + k]), abs(ai[i * n + k])) }
                    diagonal[k] = ar[k * n + k]
                    offDiagonal[k] = 0
                    if scale == 0 { continue }
                    var norm = 0.0
                    for i in (k + 1)..<n {
                        vr[i] = ar[i * n + k] / scale
                        vi[i] = ai[i * n + k] / scale
                        norm += vr[i] * vr[i] + vi[i] * vi[i]
                    }
                    norm = norm.squareRoot()
                    offDiagonal[k] = scale * norm
                    // v = x + e^{iθ}‖x‖e₁ (θ the phase of x₀), so that Hx = −e^{iθ}‖x‖e₁ without cancellation.
                    let x0 = (vr[k + 1] * vr[k + 1] + vi[k + 1] * vi[k + 1]).squareRoot()
                    let (cr, ci) = x0 > 0 ? (vr[k + 1] / x0, vi[k + 1] / x0) : (1.0, 0.0)
                    vr[k + 1] += cr * norm
                    vi[k + 1] += ci * norm
                    var vNorm = 0.0
                    for i in (k + 1)..<n { vNorm += vr[i] * vr[i] + vi[i] * vi[i] }
                    let tau = 2 / vNorm
                    // p = A₂₂v, vp = v†p (real for Hermitian A₂₂).
                    var vp = 0.0
                    for i in (k + 1)..<n {
                        var sr = 0.0, si = 0.0
                        let row = i * n
                        for j in (k + 1)..<n {
                            let a = ar[row + j], b = ai[row + j]
                            sr += a * vr[j] - b * vi[j]
                            si += a * vi[j] + b * vr[j]
                        }
                        pr[i] = sr
                        pi[i] = si
                        vp += vr[i] * sr + vi[i] * si
                    }
                    // w = τp − (τ²/2)(v†p)v; A₂₂ ← A₂₂ − v w† − w v†.
                    let half = 0.5 * tau * tau * vp
                    for i in (k + 1)..<n {
                        pr[i] = tau * pr[i] - half * vr[i]
                        pi[i] = tau * pi[i] - half * vi[i]
                    }
                    for i in (k + 1)..<n {
                        let row = i * n
                        let vir = vr[i], vii = vi[i], wir = pr[i], wii = pi[i]
                        for j in (k + 1)...i {
                            // (v_i conj(w_j) + w_i conj(v_j))
                            ar[row + j] -= vir * pr[j] + vii * pi[j] + wir * vr[j] + wii * vi[j]
                            ai[row + j] -= vii * pr[j] - vir * pi[j] + wii * vr[j] - wir * vi[j]
                        }
                    }
                    // Keep the upper triangle in step for the next p = A₂₂v.
                    for i in (k + 1)..<n {
                        for j in (k + 1)..<i {
                            ar[j * n + i] = ar[i * n + j]
                            ai[j * n + i] = -ai[i * n + j]
                        }
                        ai[i * n + i] = 0
                    }
                }
                if n >= 2 {
                    diagonal[n - 2] = ar[(n - 2) * n + n - 2]
                    let r = ar[(n - 1) * n + n - 2], i = ai[(n - 1) * n + n - 2]
                    offDiagonal[n - 2] = (r * r + i * i).squareRoot()
                }
                diagonal[n - 1] = ar[(n - 1) * n + n - 1]
            }
        }
        return SymmetricTridiagonal.eigenvalues(diagonal: diagonal, offDiagonal: Array(offDiagonal.prefix(max(n - 1, 0))))
    }
}
