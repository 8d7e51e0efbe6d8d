import ArgumentParser
import Engine
import Foundation

extension Quench {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the points of a scan and its estimated cost on this machine.",
            discussion: "The cost model of each point is calibrated by timing a few of the cheapest points here.")

        @OptionGroup var jobFile: JobFileArgument

        @Option(help: "Seconds to spend calibrating the cost estimate.")
        var calibrationSeconds: Double = 0.5

        func validate() throws {
            guard calibrationSeconds.isFinite, calibrationSeconds > 0, calibrationSeconds <= 3600 else {
                throw ValidationError("--calibration-seconds must be a number of seconds in (0, 3600], got \(calibrationSeconds)")
            }
        }

        func run() throws {
            let job = try loadJob(jobFile.job)
            let plan = ScanPlan(job: job, calibrationSeconds: calibrationSeconds)
            print("\(job.file): \(job.pointCount) points of \(job.model.description.name)")
            for axis in job.axes {
                let values = axis.values
                let shown = values.count <= 6 ? values.map(\.description).joined(separator: ", ")
                    : "\(values[0]), \(values[1]), …, \(values[values.count - 1])"
                print("  axis \(axis.parameter): \(values.count) values [\(shown)]")
            }
            print("  cost (model units): total \(String(format: "%.3g", plan.totalCost)), largest point \(String(format: "%.3g", plan.largestCost)), smallest \(String(format: "%.3g", plan.smallestCost))")
            guard let coreSeconds = plan.coreSeconds, let largest = plan.largestPointSeconds,
                  let usefulCores = plan.usefulCores(points: job.pointCount) else { return }
            print("  estimated: \(format(coreSeconds)) on one core (from \(plan.timedPoints) points timed here)")
            print("  longest point \(format(largest)); more than \(usefulCores) cores cannot help")
        }

        func format(_ seconds: Double) -> String {
            seconds < 120 ? String(format: "%.2f s", seconds) : seconds < 7200 ? String(format: "%.1f min", seconds / 60) : String(format: "%.2f h", seconds / 3600)
        }
    }
}
