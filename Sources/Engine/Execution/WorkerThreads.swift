import Foundation

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
final class BusyClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0
    private var points = 0

    func add(seconds: Double, points: Int) {
        lock.lock()
        self.seconds += seconds
        self.points += points
        lock.unlock()
    }

    var total: (seconds: Double, points: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (seconds, points)
    }
}
