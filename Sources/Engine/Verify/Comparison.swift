import Models

/// The worst disagreement of one observable between results.csv and its recomputation on a sample.
package struct ObservableCheck: Sendable {
    package let name: String
    package let accuracy: Accuracy
    /// Whether the exit code depends on it: bounded by the tolerance, or exact (which must reproduce).
    package var judged: Bool { Self.judges(accuracy) }

    /// Whether verify judges an observable of this accuracy.
    package static func judges(_ accuracy: Accuracy) -> Bool {
        switch accuracy {
        case .absolute, .relative, .exact: true
        case .diagnostic, .unstated: false
        }
    }
    /// max |Δ|/bound over the compared points (0 before any); nil when not judged.
    package internal(set) var worstRatio: Double?
    /// |Δ| at the worst point: the worst ratio's, or for an unjudged observable the largest |Δ|.
    package internal(set) var difference = 0.0
    /// The bound at the worst point (judged observables).
    package internal(set) var bound: Double?
    package internal(set) var point: Int?
    /// The values at the worst point: results.csv's and the recomputed one.
    package internal(set) var stored = Double.nan
    package internal(set) var recomputed = Double.nan

    init(name: String, accuracy: Accuracy) {
        self.name = name
        self.accuracy = accuracy
        worstRatio = judged ? 0 : nil
    }

    /// |a − b|, 0 when both are nan or the same infinity, ∞ when only one is finite.
    static func difference(_ a: Double, _ b: Double) -> Double {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        return a.isFinite && b.isFinite ? abs(a - b) : .infinity
    }

    /// The bound on |Δ| at `tolerance` for a recomputed value (nil when not judged; 0 for a non-finite exact value).
    func bound(tolerance: Double, recomputed value: Double) -> Double? {
        if case .exact = accuracy { return value.isFinite ? ScanVerifier.exactAgreement * abs(value) : 0 }
        return accuracy.bound(tolerance: tolerance, value: value)
    }

    mutating func add(point: Int, stored: Double, recomputed: Double, tolerance: Double) {
        let delta = Self.difference(stored, recomputed)
        let limit = bound(tolerance: tolerance, recomputed: recomputed)
        let worse: Bool
        if let limit {
            let ratio = delta == 0 ? 0 : (delta / limit).isNaN ? .infinity : delta / limit
            worse = self.point == nil || ratio > worstRatio!
            if worse { worstRatio = ratio }
        } else {
            worse = self.point == nil || delta > difference
        }
        guard worse else { return }
        self.point = point
        difference = delta
        bound = limit
        self.stored = stored
        self.recomputed = recomputed
    }
}

/// The comparison of a sample, point by point: a check per observable that is not a diagnostic, and
/// the sampled points that could not be compared.
struct Comparison {
    let tolerance: Double
    private(set) var checks: [ObservableCheck]
    private let columns: [Int]
    private(set) var compared = 0
    /// Sampled points with no row in results.csv, failed there, or failed when recomputed (with the reason).
    var missing: [Int] = []
    var failedInResults: [Int] = []
    var failedOnRecomputation: [(point: Int, reason: String)] = []

    init(job: Job, tolerance: Double) {
        self.tolerance = tolerance
        let observables = job.model.description.observables
        columns = observables.indices.filter { observables[$0].accuracy != .diagnostic }
        checks = columns.map { ObservableCheck(name: observables[$0].name, accuracy: observables[$0].accuracy) }
    }

    mutating func add(_ point: Int, stored: [Double], recomputed: [Double]) {
        compared += 1
        for (k, column) in columns.enumerated() {
            checks[k].add(point: point, stored: stored[column], recomputed: recomputed[column], tolerance: tolerance)
        }
    }
}
