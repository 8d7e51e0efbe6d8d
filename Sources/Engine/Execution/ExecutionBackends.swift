import Foundation
import MPI

/// How a scan's points are spread over processes, behind one protocol: the run itself (folder,
/// journal, results) does not depend on it. Rank 0 always computes too, on its own worker threads,
/// and every backend gives the same records, so the same bytes.
protocol ExecutionBackend {
    /// Rank 0: computes `pending` with the other ranks (if any) and hands every finished record to
    /// `collector`; returns when every rank is done. Rank 0's own workers run `threads` threads.
    func coordinate(pending: [Int], evaluator: PointEvaluator, collector: RecordCollector, threads: Int,
                    deadline: ContinuousClock.Instant?) throws(MPIError)
    /// Ranks other than 0: computes what rank 0 assigns until it says stop.
    func work(evaluator: PointEvaluator, threads: Int, deadline: ContinuousClock.Instant?) throws(MPIError)
    /// Every rank's (busy seconds, points), gathered on rank 0 (one row per rank; other ranks get []).
    func gatherBusy(_ evaluator: PointEvaluator) throws(MPIError) -> [[Double]]
    /// Set by a signal: this rank's dispensers hand out nothing more.
    var stop: StopRequest { get }
}

extension ExecutionBackend {
    /// Rank 0's worker threads: take chunks from `dispenser` and compute them until it is empty.
    func computeLocally(_ dispenser: PointDispenser, evaluator: PointEvaluator, collector: RecordCollector, threads: Int) -> WorkerThreads {
        WorkerThreads(count: threads) { _ in
            while case let chunk = dispenser.nextChunk(), !chunk.isEmpty {
                collector.add(evaluator.evaluate(chunk))
            }
        }
    }

    /// `points` for `workers` workers, in chunks no smaller than the model's batch, until `deadline`.
    func makeDispenser(_ points: [Int], evaluator: PointEvaluator, workers: Int, deadline: ContinuousClock.Instant?) -> PointDispenser {
        PointDispenser(pending: points, cost: evaluator.cost, workers: workers,
                       minimumChunk: evaluator.job.model.description.batchSize, deadline: deadline, stop: stop)
    }

    /// This rank's busy seconds, points computed, and 1 if a signal stopped it (else 0).
    func busyReport(_ evaluator: PointEvaluator) -> [Double] {
        let total = evaluator.clock.total
        return [total.seconds, Double(total.points), stop.isSet ? 1 : 0]
    }
}

/// No launcher: one process, `threads` workers sharing the points dynamically.
struct LocalThreads: ExecutionBackend {
    let stop: StopRequest
    func coordinate(pending: [Int], evaluator: PointEvaluator, collector: RecordCollector, threads: Int,
                    deadline: ContinuousClock.Instant?) throws(MPIError) {
        let dispenser = makeDispenser(pending, evaluator: evaluator, workers: threads, deadline: deadline)
        computeLocally(dispenser, evaluator: evaluator, collector: collector, threads: threads).join()
    }

    func work(evaluator: PointEvaluator, threads: Int, deadline: ContinuousClock.Instant?) throws(MPIError) {}

    func gatherBusy(_ evaluator: PointEvaluator) throws(MPIError) -> [[Double]] { [busyReport(evaluator)] }
}

/// MPI, `dynamic` schedule: ranks ask rank 0 for chunks (most expensive first, chunks shrinking),
/// handing in the last chunk's records with each request.
struct MPIDynamic: ExecutionBackend {
    static let requestTag = 1
    static let chunkTag = 2
    let communicator: Communicator
    let stop: StopRequest

    func coordinate(pending: [Int], evaluator: PointEvaluator, collector: RecordCollector, threads: Int,
                    deadline: ContinuousClock.Instant?) throws(MPIError) {
        let dispenser = makeDispenser(pending, evaluator: evaluator, workers: communicator.size * threads, deadline: deadline)
        let local = computeLocally(dispenser, evaluator: evaluator, collector: collector, threads: threads)
        var running = communicator.size - 1
        var idle = Backoff()
        while running > 0 {
            guard let (source, bytes) = try MPIMessages.next(communicator, tag: Self.requestTag, idle: &idle) else { continue }
            collector.add(try MPIMessages.decode(bytes, from: source))
            let chunk = dispenser.nextChunk()
            try communicator.send(chunk.map { Int64($0) }, to: source, tag: Self.chunkTag)
            if chunk.isEmpty { running -= 1 }
        }
        local.join()  // (not on an MPI error: that ends the job without waiting for rank 0's own points)
    }

    func work(evaluator: PointEvaluator, threads: Int, deadline: ContinuousClock.Instant?) throws(MPIError) {
        var finished: [Record] = []
        while true {
            try communicator.send(RecordCodec.encode(finished), to: 0, tag: Self.requestTag)
            let (chunk, _) = try communicator.receive(Int64.self, source: 0, tag: Self.chunkTag)
            if chunk.isEmpty { return }
            finished = evaluator.evaluate(chunk.map { Int($0) }, threads: threads)
        }
    }

    func gatherBusy(_ evaluator: PointEvaluator) throws(MPIError) -> [[Double]] {
        try communicator.gatherv(busyReport(evaluator))
    }
}

/// MPI, `static` or `even` schedule: rank 0 assigns every point up front (Scatterv); ranks stream
/// their records back as they finish, then an empty message. "Done" travels on the records tag, so
/// MPI's non-overtaking rule delivers it after the rank's last records.
struct MPIStatic: ExecutionBackend {
    static let recordsTag = 3
    let communicator: Communicator
    let schedule: Assignment.Kind
    let stop: StopRequest

    func coordinate(pending: [Int], evaluator: PointEvaluator, collector: RecordCollector, threads: Int,
                    deadline: ContinuousClock.Instant?) throws(MPIError) {
        let assignment = Assignment.make(pending, cost: evaluator.cost, ranks: communicator.size, kind: schedule)
        let mine = try communicator.scatterv(assignment.map { $0.map { Int64($0) } }).map { Int($0) }
        let dispenser = makeDispenser(mine, evaluator: evaluator, workers: threads, deadline: deadline)
        let local = computeLocally(dispenser, evaluator: evaluator, collector: collector, threads: threads)
        var running = communicator.size - 1
        var idle = Backoff()
        while running > 0 {
            guard let (source, bytes) = try MPIMessages.next(communicator, tag: Self.recordsTag, idle: &idle) else { continue }
            if bytes.isEmpty {
                running -= 1
            } else {
                collector.add(try MPIMessages.decode(bytes, from: source))
            }
        }
        local.join()
    }

    func work(evaluator: PointEvaluator, threads: Int, deadline: ContinuousClock.Instant?) throws(MPIError) {
        let points = try communicator.scatterv([[Int64]]()).map { Int($0) }
        let dispenser = makeDispenser(points, evaluator: evaluator, workers: 1, deadline: deadline)
        while case let chunk = dispenser.nextChunk(), !chunk.isEmpty {
            try communicator.send(RecordCodec.encode(evaluator.evaluate(chunk, threads: threads)), to: 0, tag: Self.recordsTag)
        }
        try communicator.send([UInt8](), to: 0, tag: Self.recordsTag)
    }

    func gatherBusy(_ evaluator: PointEvaluator) throws(MPIError) -> [[Double]] {
        try communicator.gatherv(busyReport(evaluator))
    }
}

/// Rank 0's message polling, shared by the MPI backends.
enum MPIMessages {
    /// The next pending message with `tag` from any rank, or nil after a backoff pause if none is waiting.
    static func next(_ communicator: Communicator, tag: Int, idle: inout Backoff) throws(MPIError) -> (source: Int, bytes: [UInt8])? {
        guard let envelope = try communicator.probeIfPending(UInt8.self, tag: tag) else {
            idle.wait()
            return nil
        }
        idle.reset()
        return (envelope.source, try communicator.receive(UInt8.self, source: envelope.source, tag: tag).values)
    }

    static func decode(_ bytes: [UInt8], from source: Int) throws(MPIError) -> [Record] {
        guard let records = try? RecordCodec.decode(bytes) else {
            throw MPIError(code: -1, call: "decoding records from rank \(source)")
        }
        return records
    }
}

/// Rank 0's MPI thread polls for messages while its worker threads compute on the same cores: it
/// sleeps 50 µs after a message and doubles the pause, up to 2 ms, while nothing arrives.
struct Backoff {
    private var microseconds: UInt32 = 50
    mutating func wait() {
        usleep(microseconds)
        microseconds = min(2 * microseconds, 2000)
    }
    mutating func reset() { microseconds = 50 }
}

/// Up-front assignments of points to ranks for the static schedules.
enum Assignment {
    /// `balanced`: longest processing time first; `even`: equal contiguous blocks (the baseline).
    enum Kind { case balanced, even }

    static func make(_ points: [Int], cost: (Int) -> Double, ranks: Int, kind: Kind) -> [[Int]] {
        var lists = [[Int]](repeating: [], count: ranks)
        switch kind {
        case .even:
            for (position, index) in points.enumerated() { lists[position * ranks / max(points.count, 1)].append(index) }
        case .balanced:
            // Longest processing time first: each point, most expensive first, to the least-loaded rank.
            var load = [Double](repeating: 0, count: ranks)
            let costs = points.map(cost)
            for k in points.indices.sorted(by: { (costs[$0], points[$1]) > (costs[$1], points[$0]) }) {
                var rank = 0
                for r in load.indices where load[r] < load[rank] { rank = r }  // the least loaded, lowest rank on ties
                lists[rank].append(points[k])
                load[rank] += costs[k]
            }
        }
        return lists
    }
}
