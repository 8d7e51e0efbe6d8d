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

    public var description: String {
        switch self {
        case .job(let e): "\(e)"
        case .refused(let message): message
        case .output(let e): "cannot write results: \(e)"
        case .mpi(let e): "MPI: \(e)"
        case .stoppedByRankZero: ""
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .job: 1
        case .refused, .stoppedByRankZero: 2
        case .output: 3
        case .mpi: 4
        }
    }
}
