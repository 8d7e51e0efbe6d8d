import ArgumentParser
import CSupport

extension Schedule: ExpressibleByArgument {}
import Engine
import Foundation

extension Quench {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a scan: locally on all allowed cores, or across ranks under mpirun/srun.",
            discussion: """
                Without a launcher, quench runs one process with --threads workers (default: every CPU it \
                may use). Under mpirun or srun every rank computes (default 1 thread per rank) and rank 0 hands \
                out chunks of points, journals finished records and writes the merged results.

                Exit codes: 0 done; 1 bad job file; 2 refused before any work (output folder, launch, \
                resume mismatch); 3 cannot write results; 4 MPI failure; 5 interrupted by SIGTERM or \
                SIGINT (finished points are in the journal: run again with --resume); 6 stopped at the time \
                limit of --stop-after (resumable the same way).

                --slice i/K computes only the points whose index is i modulo K, journalling into \
                journal/slice-i-of-K.log; it joins the scan in the output folder (no --resume needed) and \
                writes no results.csv: `quench merge` does, once every slice is done (job arrays).
                """)

        @OptionGroup var jobFile: JobFileArgument

        @Option(help: "Worker threads per rank (default: all allowed CPUs without a launcher, 1 per MPI rank).")
        var threads: Int?

        @Flag(help: "Finish a scan that was stopped: points already in the journal are not recomputed.")
        var resume = false

        @Flag(help: "Recompute the points that failed, with the job's current [integrator] settings (which may differ from the first run's); implies --resume.")
        var retryFailed = false

        @Flag(help: "Discard an earlier scan in the output folder and start again.")
        var overwrite = false

        @OptionGroup var outputFolder: OutputFolderOption

        @Flag(help: "No progress line.")
        var quiet = false

        @Option(help: "How points are spread over MPI ranks: dynamic (default), static (cost-balanced up front), even (naive equal split, for comparison).")
        var schedule: Schedule = .dynamic

        @Option(help: ArgumentHelp("Compute only slice i of K (points with index ≡ i mod K), for job arrays.", valueName: "i/K"))
        var slice: String?

        @Option(help: ArgumentHelp("Stop taking new points this many seconds after the start; points in flight finish, then exit 6 (resumable).", valueName: "seconds"))
        var stopAfter: Double?

        func validate() throws {
            try WorkerThreads.validate(threads)
            if (resume || retryFailed) && overwrite { throw ValidationError("--resume/--retry-failed and --overwrite exclude each other") }
            if let slice {
                if case .failure(let error) = Slice.parse(slice) { throw ValidationError(error.description) }
                if overwrite || retryFailed { throw ValidationError("--slice cannot be combined with --overwrite or --retry-failed: the slices of an array share one journal") }
            }
            if let stopAfter, !(stopAfter > 0 && stopAfter.isFinite) {
                throw ValidationError("--stop-after must be a positive number of seconds, got \(stopAfter)")
            }
        }

        func run() throws {
            quench_line_buffer_stdout()
            let options = RunOptions(threads: threads, resume: resume, overwrite: overwrite, output: outputFolder.output, showProgress: !quiet,
                                     schedule: schedule, retryFailed: retryFailed, slice: slice.flatMap { try? Slice.parse($0).get() },
                                     stopAfter: stopAfter)
            do {
                if let summary = try ScanRunner.run(jobPath: jobFile.job, options: options) {
                    print(summary.text)
                }
            } catch {
                reportFailure(error)
                throw ExitCode(error.exitCode)
            }
        }
    }
}
