import Foundation
import Models

/// What a scan will cost on this machine: the model's cost estimates, calibrated by timing the
/// cheapest points here.
package struct ScanPlan: Sendable {
    /// Total, largest and smallest estimated cost (the model's own units).
    package let totalCost: Double
    package let largestCost: Double
    package let smallestCost: Double
    /// Points timed for the calibration, and the core-seconds per cost unit they gave (nil if none took time).
    package let timedPoints: Int
    package let secondsPerCost: Double?

    /// Estimated core-seconds for the whole scan and for its most expensive point.
    package var coreSeconds: Double? { secondsPerCost.map { totalCost * $0 } }
    package var largestPointSeconds: Double? { secondsPerCost.map { largestCost * $0 } }

    /// More cores than this cannot shorten the scan (its longest point sets the pace).
    package func usefulCores(points: Int) -> Int? {
        guard let total = coreSeconds, let largest = largestPointSeconds else { return nil }
        return max(1, min(points, Int(total / max(largest, 1e-9))))
    }

    /// Estimates every point's cost, then times the cheapest points (8 at a time, in cost order)
    /// until `calibrationSeconds` of compute are spent.
    package init(job: Job, calibrationSeconds: Double) {
        let costs = (0..<job.pointCount).map { job.runner.estimatedCost(job.point($0)) }
        totalCost = costs.reduce(0, +)
        largestCost = costs.max() ?? 0
        smallestCost = costs.min() ?? 0
        let order = costs.indices.sorted { costs[$0] < costs[$1] }
        var timedCost = 0.0, seconds = 0.0, timed = 0
        let clock = ContinuousClock()
        while timed < order.count && seconds < calibrationSeconds {
            let batch = Array(order[timed..<min(timed + 8, order.count)])
            let elapsed = clock.measure { _ = job.runner.evaluate(batch.map(job.point)) }
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            timedCost += batch.reduce(0) { $0 + costs[$1] }
            timed += batch.count
        }
        timedPoints = timed
        secondsPerCost = timedCost > 0 ? seconds / timedCost : nil
    }
}
