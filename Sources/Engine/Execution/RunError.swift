import MPI

/// Why a run stopped; each has its own exit code.
public enum RunError: Error, CustomStringConvertible {
    /// The job file is wrong (exit 1).
    case job(JobFileError)
    /// The run was refused before any work: output folder, launch, resume mismatch (exit 2).
    case refused(String)
    /// Writing results failed (exit 3).
    case output(OutputError)
    /// MPI failed (exit 4).
    case mpi(MPIError)
    /// A rank other than 0 stops because rank 0 reported the error (exit 2, prints nothing).
    case stoppedByRankZero
    /// The scan is not finished but can be resumed (exit 6): the run stopped at its time limit
    /// (--stop-after), or a merge found points missing. Empty message on ranks other than 0.
    case unfinished(String)

    /// Exit code of `unfinished`: stopped at the time limit (or merged too early), resumable.
    public static let unfinishedExitCode: Int32 = 6

    public var description: String {
        switch self {
        case .job(let e): "\(e)"
        case .refused(let message): message
        case .output(let e): "cannot write results: \(e)"
        case .mpi(let e): "MPI: \(e)"
        case .stoppedByRankZero: ""
        case .unfinished(let message): message
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .job: 1
        case .refused, .stoppedByRankZero: 2
        case .output: 3
        case .mpi: 4
        case .unfinished: Self.unfinishedExitCode
        }
    }
}
