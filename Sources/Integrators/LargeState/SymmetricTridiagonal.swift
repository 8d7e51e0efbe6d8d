import Foundation

/// Eigen-decomposition of a small real symmetric tridiagonal matrix by the implicit QL algorithm
/// with Wilkinson shifts (Golub & Van Loan §8.3), accumulating the rotations into the eigenvectors.
enum SymmetricTridiagonal {
    /// On entry `diagonal` (n) and `offDiagonal` (n, entry i couples i and i+1, the last unused);
    /// `vectors` must be n×n. On exit `diagonal` holds the eigenvalues and column k of `vectors`
    /// (row-major, vectors[i·n + k]) the k-th eigenvector. Returns false if it did not converge.
    static func decompose(diagonal d: UnsafeMutableBufferPointer<Double>, offDiagonal e: UnsafeMutableBufferPointer<Double>,
                          vectors z: UnsafeMutableBufferPointer<Double>, size n: Int) -> Bool {
        for i in 0..<n * n { z[i] = 0 }
        for i in 0..<n { z[i * n + i] = 1 }
        guard n > 1 else { return true }
        e[n - 1] = 0
        for l in 0..<n {
            var iterations = 0
            while true {
                var m = l
                while m < n - 1 {
                    let scale = abs(d[m]) + abs(d[m + 1])
                    if abs(e[m]) <= Double.ulpOfOne * scale { break }
                    m += 1
                }
                if m == l { break }
                iterations += 1
                if iterations > 60 { return false }
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = (g * g + 1).squareRoot()
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var deflated = false
                while i >= l {
                    let f = s * e[i], b = c * e[i]
                    r = (f * f + g * g).squareRoot()
                    e[i + 1] = r
                    if r == 0 {
                        d[i + 1] -= p
                        e[m] = 0
                        deflated = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    for k in 0..<n {
                        let zk = z[k * n + i + 1]
                        z[k * n + i + 1] = s * z[k * n + i] + c * zk
                        z[k * n + i] = c * z[k * n + i] - s * zk
                    }
                    i -= 1
                }
                if deflated { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
        return true
    }
}
