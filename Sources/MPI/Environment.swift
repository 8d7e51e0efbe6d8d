import CMPI
import CMPIShims

/// Process-wide MPI state: initialisation (once per process), the launcher check, finalisation.
package enum MPIEnvironment {
    /// Variables that mpirun, a PMI/PMIx server or an srun job step set for every rank they start.
    /// (A Slurm batch script itself has SLURM_PROCID but no step: a plain local run there is fine.)
    static let launcherVariables = ["OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_NUM_TASKS"]

    /// True when a launcher (mpirun, srun, ...) started this process: only then is MPI initialised,
    /// so a plain `quench run` needs no MPI runtime at all.
    package static func launchedByLauncher(_ environment: [String: String]) -> Bool {
        launcherVariables.contains { environment[$0] != nil }
    }

    /// The world size the launcher announced, if any (used to detect N singletons).
    package static func announcedWorldSize(_ environment: [String: String]) -> Int? {
        for name in ["OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"] {
            if let text = environment[name], let size = Int(text) { return size }
        }
        if let text = environment["SLURM_STEP_NUM_TASKS"], let size = Int(text) { return size }
        return nil
    }

    package static var isInitialized: Bool {
        var flag: Int32 = 0
        MPI_Initialized(&flag)
        return flag != 0
    }

    /// Initialises MPI with funneled threading: only one thread of each rank calls MPI.
    /// Errors are returned to the caller (`MPI_ERRORS_RETURN`), never fatal inside MPI.
    package static func initialize() throws(MPIError) -> Communicator {
        if !isInitialized {
            var provided: Int32 = 0
            try check(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided), "MPI_Init_thread")
            try check(MPI_Comm_set_errhandler(QMPI_COMM_WORLD, QMPI_ERRORS_RETURN), "MPI_Comm_set_errhandler")
        }
        return try Communicator.world()
    }

    package static func finalize() {
        var finalized: Int32 = 0
        MPI_Finalized(&finalized)
        if isInitialized && finalized == 0 { MPI_Finalize() }
    }

    /// Ends every rank of the job at once; for errors that leave the ranks out of step.
    package static func abort(code: Int32) -> Never {
        MPI_Abort(QMPI_COMM_WORLD, code)
        fatalError("MPI_Abort returned")
    }
}
