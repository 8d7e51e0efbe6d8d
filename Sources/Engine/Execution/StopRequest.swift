import Synchronization

/// A request to stop handing out points, set by SIGTERM or SIGINT: chunks in flight finish and
/// reach the journal, then every rank ends its run normally (rank 0 with exit 5), which is what lets
/// `mpirun` and `srun` report 5. Thread safe; set once, by the first signal.
package final class StopRequest: Sendable {
    private let signal = Mutex<String?>(nil)

    package init() {}

    /// Records the first signal's name ("SIGTERM", "SIGINT").
    func set(_ name: String) { signal.withLock { if $0 == nil { $0 = name } } }

    /// The signal that asked to stop, or nil.
    var signalName: String? { signal.withLock { $0 } }
    var isSet: Bool { signalName != nil }
}
