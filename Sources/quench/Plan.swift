import ArgumentParser
import Engine
import Foundation
import Models

extension Quench {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the points of a scan and its estimated cost on this machine.",
            discussion: "The cost model of each point is calibrated by timing a few of the cheapest points here.")

        @Argument(help: "The job file (TOML).")
        var job: String

        @Option(help: "Seconds to spend calibrating the cost estimate.")
        var calibrationSeconds: Double = 0.5

        func run() throws {
            let job = try loadJob(job)
            let model = job.model.init(settings: job.integrator)
            let costs = (0..<job.pointCount).map { model.estimatedCost(job.point($0)) }
            let total = costs.reduce(0, +)
            print("\(job.file): \(job.pointCount) points of \(job.model.description.name)")
            for axis in job.axes {
                let values = axis.values
                let shown = values.count <= 6 ? values.map(\.description).joined(separator: ", ")
                    : "\(values[0]), \(values[1]), …, \(values[values.count - 1])"
                print("  axis \(axis.parameter): \(values.count) values [\(shown)]")
            }
            print("  cost (model units): total \(String(format: "%.3g", total)), largest point \(String(format: "%.3g", costs.max() ?? 0)), smallest \(String(format: "%.3g", costs.min() ?? 0))")

            // Calibrate: time the cheapest points (in cost order) until the budget is spent.
            let order = costs.indices.sorted { costs[$0] < costs[$1] }
            var timedCost = 0.0, seconds = 0.0, timed = 0
            let clock = ContinuousClock()
            while timed < order.count && seconds < calibrationSeconds {
                let batch = Array(order[timed..<min(timed + 8, order.count)])
                let elapsed = clock.measure { _ = model.evaluate(batch.map(job.point)) }
                seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                timedCost += batch.reduce(0) { $0 + costs[$1] }
                timed += batch.count
            }
            guard timedCost > 0 else { return }
            let coreSeconds = total * seconds / timedCost
            print("  estimated: \(format(coreSeconds)) on one core (from \(timed) points timed here)")
            let largest = (costs.max() ?? 0) * seconds / timedCost
            let usefulRanks = max(1, min(job.pointCount, Int(coreSeconds / max(largest, 1e-9))))
            print("  longest point \(format(largest)); more than \(usefulRanks) cores cannot help")
        }

        func format(_ seconds: Double) -> String {
            seconds < 120 ? String(format: "%.2f s", seconds) : seconds < 7200 ? String(format: "%.1f min", seconds / 60) : String(format: "%.2f h", seconds / 3600)
        }
    }
}
