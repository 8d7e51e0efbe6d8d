import Foundation

/// Eigen-decomposition of a small real symmetric tridiagonal matrix by the implicit QL algorithm
/// with Wilkinson shifts (Golub & Van Loan §8.3), accumulating the rotations into the eigenvectors.
public enum SymmetricTridiagonal {
    /// On entry `diagonal` (n) and `offDiagonal` (n, entry i couples i and i+1, the last unused);
    /// `vectors`, when given, must be n×n. On exit `diagonal` holds the eigenvalues (unordered) and
    /// column k of `vectors` (row-major, vectors[i·n + k]) the k-th eigenvector. Without vectors the
    /// cost is O(n²). Returns false if it did not converge.
    static func decompose(diagonal d: UnsafeMutableBufferPointer<Double>, offDiagonal e: UnsafeMutableBufferPointer<Double>,
                          vectors z: UnsafeMutableBufferPointer<Double>?, size n: Int) -> Bool {
        if let z {
            for i in 0..<n * n { z[i] = 0 }
            for i in 0..<n { z[i * n + i] = 1 }
        }
        guard n > 1 else { return true }
        e[n - 1] = 0
        // Off-diagonals below ε‖T‖ also count as zero (absolute accuracy, as after any dense reduction):
        // without it, blocks of round-off-sized entries (rank-deficient density matrices) never deflate.
        var norm = 0.0
        for i in 0..<n { norm = max(norm, abs(d[i]) + abs(e[i])) }
        let floor = Double.ulpOfOne * norm
        for l in 0..<n {
            var iterations = 0
            while true {
                var m = l
                while m < n - 1 {
                    let scale = abs(d[m]) + abs(d[m + 1])
                    if abs(e[m]) <= max(Double.ulpOfOne * scale, floor) { break }
                    m += 1
                }
                if m == l { break }
                iterations += 1
                if iterations > 60 { return false }
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = hypot(g, 1)
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var deflated = false
                while i >= l {
                    let f = s * e[i], b = c * e[i]
                    r = hypot(f, g)
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
                    if let z {
                        for k in 0..<n {
                            let zk = z[k * n + i + 1]
                            z[k * n + i + 1] = s * z[k * n + i] + c * zk
                            z[k * n + i] = c * z[k * n + i] - s * zk
                        }
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

    /// Eigenvalues of the symmetric tridiagonal matrix (diagonal d, off-diagonal e with e[i] between
    /// i and i+1), in increasing order; nil if QL did not converge.
    public static func eigenvalues(diagonal: [Double], offDiagonal: [Double]) -> [Double]? {
        var d = diagonal, e = offDiagonal + [0]
        let ok = d.withUnsafeMutableBufferPointer { d in
            e.withUnsafeMutableBufferPointer { e in decompose(diagonal: d, offDiagonal: e, vectors: nil, size: d.count) }
        }
        return ok ? d.sorted() : nil
    }

    /// The normalised eigenvector for the eigenvalue λ, by inverse iteration: three solves of
    /// (T − λ′)x = x_prev with λ′ = λ nudged by a relative 1e-14 (Gaussian elimination with partial
    /// pivoting on the tridiagonal band). O(n). The sign makes the largest component positive.
    public static func eigenvector(diagonal d: [Double], offDiagonal e: [Double], eigenvalue lambda: Double) -> [Double] {
        let n = d.count
        let scale = max(d.map(abs).max() ?? 1, e.map(abs).max() ?? 1, 1)
        let shift = lambda + 1e-14 * scale
        var x = (0..<n).map { 1 + 0.1 * sin(Double($0 + 1)) }   // a start with a component along every eigenvector
        for _ in 0..<3 {
            x = solveShifted(d, e, shift, x)
            let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            x = x.map { $0 / norm }
        }
        let largest = x.indices.max { abs(x[$0]) < abs(x[$1]) }!
        return x[largest] < 0 ? x.map { -$0 } : x
    }

    /// Solves (T − σ)x = b for tridiagonal T by Gaussian elimination with partial pivoting
    /// (each row has at most one extra fill-in); a zero pivot is replaced by a tiny one.
    static func solveShifted(_ d: [Double], _ e: [Double], _ sigma: Double, _ b: [Double]) -> [Double] {
        let n = d.count
        guard n > 1 else { return [b[0] / (d[0] - sigma == 0 ? 1e-300 : d[0] - sigma)] }
        // Row i holds (a[i], c[i], f[i]) in columns i, i+1, i+2 after elimination.
        var a = [Double](repeating: 0, count: n), c = [Double](repeating: 0, count: n), f = [Double](repeating: 0, count: n)
        var rhs = b
        var rowA = d[0] - sigma, rowC = e[0], rowF = 0.0, rowB = b[0]
        for i in 0..<(n - 1) {
            let lowerA = e[i], lowerC = d[i + 1] - sigma, lowerF = i + 1 < n - 1 ? e[i + 1] : 0
            var lowerB = b[i + 1]
            if abs(lowerA) > abs(rowA) {
                // Swap the current row with the next one.
                a[i] = lowerA; c[i] = lowerC; f[i] = lowerF; rhs[i] = lowerB
                let m = rowA / lowerA
                rowA = rowC - m * lowerC
                rowC = rowF - m * lowerF
                rowF = 0
                lowerB = rowB - m * b[i + 1]
            } else {
                let pivot = rowA == 0 ? 1e-300 : rowA
                a[i] = pivot; c[i] = rowC; f[i] = rowF; rhs[i] = rowB
                let m = lowerA / pivot
                rowA = lowerC - m * rowC
                rowC = lowerF - m * rowF
                rowF = 0
                lowerB -= m * rowB
            }
            rowB = lowerB
        }
        a[n - 1] = rowA == 0 ? 1e-300 : rowA
        rhs[n - 1] = rowB
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var value = rhs[i]
            if i + 1 < n { value -= c[i] * x[i + 1] }
            if i + 2 < n { value -= f[i] * x[i + 2] }
            x[i] = value / a[i]
        }
        return x
    }
}
