import Foundation

/// Memory bandwidth of one core, measured: the STREAM triad a[i] = b[i] + s·c[i] over three arrays
/// of 2·10⁷ doubles (480 MB, far beyond the caches), counting 24 bytes per element (write-allocate
/// traffic not counted, as in STREAM).
package enum MemoryBandwidth {
    package static func measure() -> Double {
        let n = 20_000_000
        var a = [Double](repeating: 0, count: n)
        let b = [Double](repeating: 1, count: n), c = [Double](repeating: 2, count: n)
        let time = Measurement.best(repetitions: 3, minimumSeconds: 0.2) {
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeBufferPointer { c in
                        for i in 0..<n { a[i] = b[i] + 0.5 * c[i] }
                    }
                }
            }
            blackHole(a[n / 2])
        }
        return Double(24 * n) / time.seconds * 1e-9
    }
}
