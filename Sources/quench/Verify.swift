import ArgumentParser
import CSupport
import Engine
import Foundation

extension Quench {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a sample of a finished scan at a tighter tolerance and check results.csv against each observable's accuracy.",
            discussion: """
                Takes K points (always the first and the last; the rest one from each of K − 2 equal stretches \
                of the point indices, drawn by a generator seeded with the job's fingerprint, so the sample is \
                the same every time), recomputes them with the scan's job at tolerance/F (with --method M if \
                given) and compares every observable whose accuracy `quench models` states with the value in \
                results.csv: |Δ|/bound, bound = tol (absolute) or tol·max(floor, |value|) (relative); exact \
                columns must reproduce (to 1e-12 of their value). Prints the worst ratio per observable with \
                its point and writes FOLDER/verify.json. Failed points are skipped and counted. With the \
                scan's own method verify sees the error that shrinks with the tolerance; --method M checks \
                against another method.

                Without a launcher, verify runs one process with --threads workers (default: every allowed CPU). \
                Under mpirun or srun the sampled points are spread over the ranks as `run` spreads a scan's \
                (default 1 thread per rank); rank 0 alone takes the folder's lock, reads results.csv, prints and \
                writes verify.json, and every rank exits with rank 0's code. verify.json is the same bytes whatever \
                the ranks and threads, but for its "run" object (ranks, threads_per_rank, seconds, date).

                `quench report` and `quench plot` show what verify.json says while results.csv is the file it \
                checked (its checksum), and say it is stale otherwise.

                Exit codes: 0 every ratio ≤ 1; 8 a ratio exceeds 1 (or no sampled point could be compared); \
                1 bad job file; 2 refused (no results.csv, the job's fingerprint differs from the manifest's, \
                another quench writes in the folder, ranks of different builds or jobs); 3 cannot write \
                verify.json; 4 MPI failure; 64 bad options.
                """)

        @Argument(help: "The scan's output folder (with results.csv and manifest.json).")
        var folder: String

        @Option(help: "The scan's job file (default: the manifest's job.file).")
        var job: String?

        @Option(help: ArgumentHelp("Points to recompute (all when the scan has fewer).", valueName: "K"))
        var sample = 16

        @Option(help: ArgumentHelp("Recompute at the scan's tolerance divided by F.", valueName: "F"))
        var factor = 100.0

        @Option(help: ArgumentHelp("Recompute with this method of the model (default: the scan's).", valueName: "M"))
        var method: String?

        @Option(help: "Worker threads per rank (default: all allowed CPUs without a launcher, 1 per MPI rank).")
        var threads: Int?

        func validate() throws {
            if sample < 1 { throw ValidationError("--sample must be at least 1, got \(sample)") }
            if !(factor >= 1 && factor.isFinite) { throw ValidationError("--factor must be a number ≥ 1, got \(factor)") }
            try WorkerThreads.validate(threads)
        }

        func run() throws {
            quench_line_buffer_stdout()
            let options = VerifyOptions(jobPath: job, sampleSize: sample, factor: factor, method: method, threads: threads)
            let exitCode = try Self.exitOnError { () throws(VerifyError) in
                try ScanVerifier.verify(folder: folder, options: options, announce: { printError($0) }, publish: { print($0.text) })
            }
            if exitCode != 0 { throw ExitCode(exitCode) }
        }

        /// `body`'s value, or its error printed (not on a rank that only stops with rank 0) and its exit code thrown.
        static func exitOnError<T>(_ body: () throws(VerifyError) -> T) throws(ExitCode) -> T {
            do { return try body() } catch {
                if case .execution(let cause) = error { reportFailure(cause) } else { printError("error: \(error)") }
                throw ExitCode(error.exitCode)
            }
        }
    }
}
