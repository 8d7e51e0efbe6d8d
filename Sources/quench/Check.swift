import ArgumentParser
import Engine

extension Quench {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a job file without running anything.",
            discussion: "Exits 0 and prints a summary when the job is valid; otherwise prints the file, line, key, bad value and what is allowed, and exits 1.")

        @OptionGroup var jobFile: JobFileArgument

        func run() throws {
            let job = try loadJob(jobFile.job)
            let axes = job.axes.map { "\($0.parameter) (\($0.values.count))" }.joined(separator: " × ")
            print("\(job.file): ok")
            print("  model \(job.model.description.name), \(job.pointCount) points\(axes.isEmpty ? "" : " = " + axes)")
            print("  integrator \(job.integrator.method), tolerance \(job.integrator.tolerance)")
            print("  output \(job.output)")
        }
    }
}
