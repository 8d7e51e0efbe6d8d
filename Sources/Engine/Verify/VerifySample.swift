import Models

/// The points `quench verify` recomputes: a deterministic sample that always holds the first and the
/// last point and spreads the rest over the scan. The interior (points 1 … n−2) is cut into K − 2
/// equal stretches of consecutive indices and one point is drawn from each by SplitMix64 seeded with
/// the job's fingerprint, so every slow-axis region is visited and the same job gives the same sample.
package enum VerifySample {
    /// Sorted point indices: all of 0..<pointCount when `size` ≥ pointCount, else `size` of them
    /// (`size` ≥ 1; a sample of 1 is the first point).
    package static func points(pointCount: Int, size: Int, seed: UInt64) -> [Int] {
        precondition(size >= 1, "a sample has at least one point")
        guard size < pointCount else { return Array(0..<pointCount) }
        guard size > 1 else { return [0] }
        let interior = pointCount - 2, draws = size - 2
        var generator = SplitMix64(seed: seed)
        var sample = [0]
        for stretch in 0..<draws {
            let lower = 1 + stretch * interior / draws, upper = 1 + (stretch + 1) * interior / draws
            sample.append(lower + Int(generator.next() % UInt64(upper - lower)))
        }
        sample.append(pointCount - 1)
        return sample
    }
}
