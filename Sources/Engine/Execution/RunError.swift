import MPI

/// Why a run stopped; each has its own exit code.
package enum RunError: Error, CustomStringConvertible {
    /// The job file is wrong (exit 1).
    case job(JobFileError)
    /// The run was refused before any work: output folder, launch, resume mismatch (exit 2).
    case refused(Refusal)
    /// Writing results failed (exit 3).
    case output(OutputError)
    /// MPI failed (exit 4).
    case mpi(MPIError)
    /// A rank other than 0 stops because rank 0 reported the error; it ends with rank 0's exit code
    /// (so that the launcher's code is the job's, whichever rank it reports) and prints nothing.
    case stoppedByRankZero(exitCode: Int32)
    /// A signal stopped the run after the points in flight finished (exit 5; resumable).
    case interrupted(String)
    /// The scan is not finished but can be resumed (exit 6): the run stopped at its time limit
    /// (--stop-after), or a merge found points missing. Empty message on ranks other than 0.
    case unfinished(String)

    /// Exit code of `unfinished`: stopped at the time limit (or merged too early), resumable.
    package static let unfinishedExitCode: Int32 = 6

    package var description: String {
        switch self {
        case .job(let e): "\(e)"
        case .refused(let refusal): "\(refusal)"
        case .output(let e): "cannot write results: \(e)"
        case .mpi(let e): "MPI: \(e)"
        case .stoppedByRankZero: ""
        case .unfinished(let message), .interrupted(let message): message
        }
    }

    package var exitCode: Int32 {
        switch self {
        case .job: 1
        case .refused: 2
        case .stoppedByRankZero(let code): code
        case .output: 3
        case .mpi: 4
        case .unfinished: Self.unfinishedExitCode
        case .interrupted: InterruptGuard.exitCode
        }
    }
}

/// Why a run was refused before any work (exit 2).
package enum Refusal: Sendable, Equatable, CustomStringConvertible {
    /// The output folder cannot be created, read or written (`path` nil when the reason names it).
    case unusableFolder(path: String?, reason: String)
    /// --retry-failed on a folder without a journal.
    case nothingToRetry(folder: String)
    /// A scan is in the folder and neither --resume nor --overwrite was given.
    case folderHoldsScan(folder: String)
    /// The journal's job differs from this job (`what` says which rule; `changes` lists the lines).
    case jobChanged(what: String, changes: String)
    /// Files with quench's names (results.csv, manifest.json, journal/ …) but no scan's journal:
    /// another run's output, or the user's own files.
    case foreignFiles(folder: String, files: [String])
    /// Another quench process writes in the folder (its lock file and holder).
    case folderLocked(lock: String, holder: String, hint: String)
    /// The journal's records were computed by another build flavour than this binary.
    case differentBuild(folder: String, journal: String, binary: String)
    /// The output path cannot be a scan's folder (empty, the root, `.`/`..`, too long).
    case badOutputPath(path: String, reason: String)
    /// --overwrite could not remove an earlier scan's file.
    case cannotRemove(item: String, reason: String)
    /// The scan's estimated output does not fit on the disk.
    case notEnoughSpace(folder: String, requiredBytes: Double, freeBytes: Double)
    /// `quench merge` on a folder without a journal.
    case nothingToMerge(folder: String)
    /// The launcher started N singletons instead of one MPI job of N ranks.
    case singletonRanks(announced: Int)
    /// --slice with --overwrite or --retry-failed.
    case sliceWithOverwrite
    /// The ranks read job files with different fingerprints.
    case differentJobFiles(path: String)
    /// verify's ranks would recompute differently: another job file, or other --method/--factor.
    case differentRecomputations(path: String)
    /// The ranks run quench binaries of different build flavours (this rank's is given).
    case differentBuilds(rank: Int, flavour: String)

    package var description: String {
        switch self {
        case .unusableFolder(nil, let reason): "cannot use output folder: \(reason)"
        case .unusableFolder(let path?, let reason): "cannot use output folder \(path): \(reason)"
        case .nothingToRetry(let folder): "\(folder) holds no scan (no journal/): there are no failed points to retry"
        case .folderHoldsScan(let folder): "\(folder) already holds a scan (journal/); use --resume to finish it, or --overwrite to start again"
        case .jobChanged(let what, let changes):
            "cannot resume: \(what); \(changes). Use a new output folder, or --overwrite to discard the finished points"
        case .foreignFiles(let folder, let files):
            "\(folder) holds \(files.joined(separator: ", ")) but no scan's journal (another run's output, or files of your own); use another output folder, or --overwrite to replace them"
        case .folderLocked(let lock, let holder, let hint):
            "the output folder is in use by another quench: \(lock) is held by \(holder); \(hint)"
        case .differentBuild(let folder, let journal, let binary):
            "cannot resume \(folder): its records were computed by a quench built as \(journal), this binary is built as \(binary), and the two round differently; resume with a \(journal) build, or start again with --overwrite"
        case .badOutputPath(let path, let reason): "cannot use \"\(path)\" as the output folder: \(reason)"
        case .cannotRemove(let item, let reason): "cannot remove \(item) for --overwrite: \(reason)"
        case .notEnoughSpace(let folder, let required, let free):
            String(format: "not enough disk space for %@: the scan writes about %.1f MB, %.1f MB are free", folder, required / 1e6, free / 1e6)
        case .nothingToMerge(let folder): "\(folder) holds no scan (no journal/scan.json): nothing to merge"
        case .singletonRanks(let announced):
            "the launcher started \(announced) processes but MPI sees a world of 1: each rank would run the whole scan alone. With srun, pass --mpi=pmix (or the MPI plugin your site uses); with mpirun, use the mpirun of the MPI library quench was built with"
        case .sliceWithOverwrite: "--slice cannot be combined with --overwrite or --retry-failed: the slices of an array share one journal"
        case .differentJobFiles(let path): "the ranks read different job files (fingerprints differ); is \(path) the same file on every node?"
        case .differentRecomputations(let path):
            "the ranks would recompute differently: they read different job files, or were given different --method or --factor; is \(path) the same file on every node?"
        case .differentBuilds(let rank, let flavour):
            "the ranks run differently built quench binaries (rank \(rank) is \(flavour)), whose results differ in the last bits; run one build on every node"
        }
    }
}
