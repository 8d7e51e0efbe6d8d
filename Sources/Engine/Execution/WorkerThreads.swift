import Foundation
import Synchronization

/// A fixed set of OS threads running the same body, with a join. Worker threads never call MPI.
final class WorkerThreads: Sendable {
    private let group = DispatchGroup()

    /// Starts `count` threads running `body(threadIndex)`.
    init(count: Int, body: @escaping @Sendable (Int) -> Void) {
        for index in 0..<count {
            group.enter()
            let thread = Thread { [group] in
                body(index)
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    func join() { group.wait() }
}

/// Seconds of work, summed across threads.
final class BusyClock: Sendable {
    private let state = Mutex((seconds: 0.0, points: 0))

    func add(seconds: Double, points: Int) {
        state.withLock { $0.seconds += seconds; $0.points += points }
    }

    var total: (seconds: Double, points: Int) { state.withLock { $0 } }
}
