import ArgumentParser

/// The job file argument of check, plan, run, submit and merge.
struct JobFileArgument: ParsableArguments {
    @Argument(help: "The job file (TOML).")
    var job: String
}

/// --output of run, submit and merge: where the scan's files go instead of the job's.
struct OutputFolderOption: ParsableArguments {
    @Option(help: "Output folder (default: the job's [scan] output).")
    var output: String?
}

/// The folder argument of plot and report: a finished scan.
struct FinishedScanArgument: ParsableArguments {
    @Argument(help: "The scan's output folder (with manifest.json and results.csv).")
    var folder: String
}

/// Worker threads per process, as --threads of run and verify take them.
enum WorkerThreads {
    /// More worker threads than this per rank is a typo, not a machine.
    static let maximum = 1024

    static func validate(_ threads: Int?) throws {
        if let threads, !(1...maximum).contains(threads) {
            throw ValidationError("--threads must be between 1 and \(maximum), got \(threads)")
        }
    }
}
