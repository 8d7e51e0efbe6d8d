import Foundation
import MPI

/// SIGTERM (what Slurm sends before the time limit, and what `scancel` sends) and SIGINT (Ctrl-C):
/// the rank's point dispensers stop (`StopRequest`), the points in flight finish and reach the
/// journal, and every rank ends its run normally, rank 0 with exit code 5 and a message that says
/// how to resume. If the points in flight take longer than `grace` seconds, or a second signal
/// comes, rank 0 ends the run — every rank of an MPI job — at once (`stop`), still with exit 5.
///
/// `@unchecked Sendable`: its mutable state (the signal sources and the pending forced stop) is
/// set up in `init` and touched afterwards only on its own serial queue `watchdog` (the handlers run there, `cancel` enters it with
/// `sync`); Dispatch's source and work-item types are not `Sendable`, so a `Mutex` cannot hold them.
final class InterruptGuard: @unchecked Sendable {
    static let exitCode: Int32 = 5
    /// Seconds the points in flight may take after a signal before rank 0 ends the run at once:
    /// 0.5 by default, since OpenMPI's mpirun, when it is signalled itself, kills the ranks 1 s after
    /// passing the signal on (odls_base_sigkill_timeout); QUENCH_SIGNAL_GRACE_SECONDS sets it (Slurm
    /// waits KillWait, 30 s by default, before SIGKILL, which lets expensive points in flight finish).
    static let grace: Double = {
        guard let text = ProcessInfo.processInfo.environment["QUENCH_SIGNAL_GRACE_SECONDS"], let seconds = Double(text),
              seconds.isFinite, seconds >= 0 else { return 0.5 }
        return seconds
    }()
    private var sources: [DispatchSourceSignal] = []
    private let watchdog = DispatchQueue(label: "quench.interrupt")
    private var pending: DispatchWorkItem?

    /// `onStalled` runs once, on rank 0 only (nil on other ranks), when the grace time is over or a
    /// second signal arrives.
    init(stop: StopRequest, onStalled: (@Sendable (String) -> Void)?) {
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: watchdog)
            source.setEventHandler { [unowned self] in
                let first = !stop.isSet
                stop.set(name)
                guard let onStalled else { return }
                if first {
                    let item = DispatchWorkItem { onStalled(name) }
                    self.pending = item
                    self.watchdog.asyncAfter(deadline: .now() + Self.grace, execute: item)
                } else {
                    onStalled(name)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default handlers (and calls off a pending forced stop).
    func cancel() {
        watchdog.sync {
            pending?.cancel()
            for source in sources { source.cancel() }
        }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }

    /// The message of an interrupted run, with the points the journal holds.
    static func message(signal name: String, done: Int, total: Int, output: String) -> String {
        "quench: interrupted by \(name): \(done) of \(total) points are safe in \(output)/journal; run the same command with --resume to finish"
    }

    /// Rank 0's forced stop: stop journalling, release the folder, explain, end every rank.
    /// `close` stops journalling and returns the points the journal holds.
    static func stop(signal name: String, close: () -> Int, lock: FolderLock, total: Int, output: String, underMPI: Bool) -> Never {
        let done = close()
        lock.release()
        let text = message(signal: name, done: done, total: total, output: output) + "\n"
        _ = Array(text.utf8).withUnsafeBytes { AtomicFile.writeAll(2, $0) }
        if underMPI { MPIEnvironment.abort(code: exitCode) }
        exit(exitCode)
    }
}
