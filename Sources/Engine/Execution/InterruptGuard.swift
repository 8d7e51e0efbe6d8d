import Foundation
import MPI

/// SIGTERM (what Slurm sends before the time limit, and what `scancel` sends) and SIGINT (Ctrl-C):
/// rank 0 syncs the journal, says how to resume, and ends the run — every rank of an MPI job — with
/// exit code 5. Finished points are already in the journal; only points in flight are lost. Other
/// ranks ignore the signal and are ended by rank 0.
final class InterruptGuard: @unchecked Sendable {
    static let exitCode: Int32 = 5
    private var sources: [DispatchSourceSignal] = []

    /// `onSignal` runs on a dispatch queue, once per signal, on rank 0 only; nil on other ranks.
    init(onSignal: (@Sendable (String) -> Void)?) {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            if let onSignal { source.setEventHandler { @Sendable in onSignal(name) } }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default handlers.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }

    /// Rank 0's reaction: sync, explain, end every rank.
    /// `close` stops journalling and returns the points the journal holds.
    static func stop(signal name: String, close: () -> Int, lock: FolderLock, total: Int, output: String, underMPI: Bool) -> Never {
        let done = close()
        lock.release()
        let message = "quench: interrupted by \(name): \(done) of \(total) points are safe in \(output)/journal; run the same command with --resume to finish\n"
        _ = Array(message.utf8).withUnsafeBytes { AtomicFile.writeAll(2, $0) }
        if underMPI { MPIEnvironment.abort(code: exitCode) }
        exit(exitCode)
    }
}
