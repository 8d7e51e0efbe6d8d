import CSupport
import Foundation
import MPI
import Models

/// How to run a scan.
public struct RunOptions: Sendable {
    /// Worker threads per rank; default: the CPUs this process may use without a launcher, 1 under MPI.
    public var threads: Int?
    public var resume = false
    public var overwrite = false
    /// Overrides the job's output folder.
    public var output: String?
    public var showProgress = true
    public var schedule: Schedule = .dynamic
    /// Recompute the points that failed (implies resume; the [integrator] settings may differ).
    public var retryFailed = false
    /// Compute only this slice of the points, journalling into the slice's own file; results.csv is
    /// written later by `merge` (job arrays).
    public var slice: Slice?
    /// Stop handing out points this many seconds after the start; points in flight finish, the
    /// journal is synced, and the run ends with `RunError.unfinished` (exit 6) if points remain.
    public var stopAfter: Double?

    public init(threads: Int? = nil, resume: Bool = false, overwrite: Bool = false, output: String? = nil, showProgress: Bool = true,
                schedule: Schedule = .dynamic, retryFailed: Bool = false, slice: Slice? = nil, stopAfter: Double? = nil) {
        self.slice = slice
        self.stopAfter = stopAfter
        self.schedule = schedule
        self.retryFailed = retryFailed
        self.threads = threads
        self.resume = resume
        self.overwrite = overwrite
        self.output = output
        self.showProgress = showProgress
    }
}

/// How points are spread over ranks. Within a rank, its threads always share the rank's points dynamically.
public enum Schedule: String, Sendable, CaseIterable {
    /// Ranks ask rank 0 for chunks, most expensive first, chunks shrinking (guided self-scheduling).
    case dynamic
    /// Rank 0 balances the estimated cost up front (longest first to the least-loaded rank) and
    /// scatters the assignment (Scatterv); records stream back as they finish; busy times by Gatherv.
    case `static`
    /// Naive equal split: contiguous blocks of equal point count, no cost model. A baseline for comparison.
    case even
}

/// What rank 0 reports after a completed scan.
public struct RunSummary: Sendable {
    public let output: String
    public let points: Int
    public let computed: Int
    public let fromJournal: Int
    /// Failed points recomputed by --retry-failed.
    public let retried: Int
    public let failed: Int
    public let ranks: Int
    public let threadsPerRank: Int
    public let wallSeconds: Double
    public let busySeconds: [Double]
    public let schedule: String
    /// Set for a slice run, which writes no results.csv.
    public var slice: Slice? = nil

    public var text: String {
        let busy = busySeconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")
        let mean = busySeconds.reduce(0, +) / Double(max(busySeconds.count, 1))
        let imbalance = mean > 0 ? (busySeconds.max() ?? 0) / mean : 1
        let head = slice.map { "slice \($0) of \(output) done: its \(points) points are in journal/\($0.journalName).log; results.csv is written by quench merge" }
            ?? "wrote \(output)/results.csv"
        return """
            \(head): \(points) points (\(computed) computed\(retried > 0 ? ", \(retried) of them failed before" : ""), \(fromJournal) from the journal, \(failed) failed)
            \(ranks) rank(s) × \(threadsPerRank) thread(s), \(schedule) schedule, \(String(format: "%.2f", wallSeconds)) s wall; busy s per rank: [\(busy)], imbalance max/mean \(String(format: "%.3f", imbalance))
            """
    }
}

/// Runs a scan: locally with threads when no launcher started us, or across the ranks of an MPI job
/// (rank 0 journals and merges, every rank computes). Results are the same bits either way.
public enum ScanRunner {
    static let requestTag = 1
    static let chunkTag = 2
    static let recordsTag = 3

    /// Runs the job; returns the summary on rank 0 and nil on other ranks.
    public static func run(jobPath: String, options: RunOptions,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws(RunError) -> RunSummary? {
        let started = Date()
        let deadline = options.stopAfter.map { ContinuousClock.now + .seconds($0) }
        var communicator: Communicator?
        if MPIEnvironment.launchedByLauncher(environment) {
            do { communicator = try MPIEnvironment.initialize() } catch { throw .mpi(error) }
            if let announced = MPIEnvironment.announcedWorldSize(environment), announced > 1, communicator!.size == 1 {
                throw .refused("the launcher started \(announced) processes but MPI sees a world of 1: each rank would run the whole scan alone. With srun, pass --mpi=pmix (or the MPI plugin your site uses); with mpirun, use the mpirun of the MPI library quench was built with")
            }
        }
        defer { if communicator != nil { MPIEnvironment.finalize() } }
        let rank = communicator?.rank ?? 0
        let ranks = communicator?.size ?? 1
        let threads = max(1, options.threads ?? (communicator == nil ? Int(quench_allowed_cpu_count()) : 1))

        let job: Job
        do { job = try JobLoader.load(path: jobPath) } catch {
            throw rank == 0 ? .job(error) : .stoppedByRankZero
        }
        let folder = OutputFolder(path: options.output ?? job.output)
        var prepared: (Journal, [Int: Record], retried: Int)?
        var refusal: RunError?
        if rank == 0 {
            if options.slice != nil && (options.overwrite || options.retryFailed) {
                refusal = .refused("--slice cannot be combined with --overwrite or --retry-failed: the slices of an array share one journal")
            } else {
                do {
                    prepared = try folder.prepare(for: job, resume: options.resume, overwrite: options.overwrite, retryFailed: options.retryFailed,
                                                  slice: options.slice)
                } catch { refusal = error }
            }
        }
        if let communicator {
            // Every rank must hold the same job, and rank 0 must have the output folder ready.
            let fingerprint = Int64(bitPattern: job.fingerprint)
            do {
                let agreed = try communicator.allreduce([fingerprint, -fingerprint], .max)
                if agreed[0] != -agreed[1] && refusal == nil {
                    refusal = .refused("the ranks read different job files (fingerprints differ); is \(jobPath) the same file on every node?")
                }
                let go = try communicator.allreduce([refusal == nil ? 0 : 1], .max)
                if go[0] != 0 { throw refusal ?? .stoppedByRankZero }
            } catch let error as MPIError { throw .mpi(error) } catch { throw error as! RunError }
        } else if let refusal {
            throw refusal
        }

        let evaluator = PointEvaluator(job: job, rank: rank)
        guard rank == 0 else {
            let guardian = InterruptGuard(onSignal: nil)
            defer { guardian.cancel() }
            do {
                if options.schedule == .dynamic {
                    try workerLoop(communicator!, evaluator: evaluator, threads: threads)
                } else {
                    let mine = try communicator!.scatterv([[Int64]]()).map { Int($0) }
                    try staticWorker(communicator!, points: mine, evaluator: evaluator, threads: threads, deadline: deadline)
                }
            } catch { throw .mpi(error) }
            // A rank stopped by --stop-after exits 0: rank 0 alone reports the unfinished scan (exit 6),
            // since a launcher ends the job when any rank exits non-zero, possibly before rank 0 has spoken.
            do { _ = try communicator!.gatherv(busyReport(evaluator)) } catch { throw .mpi(error) }
            return nil
        }

        let (journal, all, retried) = prepared!
        // A slice computes and counts only its own points; the other slices' records only tell what is done.
        let previous = options.slice.map { slice in all.filter { slice.contains($0.key) } } ?? all
        let scope = options.slice?.size(of: job.pointCount) ?? job.pointCount
        let pending = (0..<job.pointCount).filter { all[$0] == nil && options.slice?.contains($0) != false }
        var mine = pending
        if let communicator, options.schedule != .dynamic {
            let assignment = Assignment.make(pending, cost: evaluator.cost, ranks: ranks, schedule: options.schedule)
            do { mine = try communicator.scatterv(assignment.map { $0.map { Int64($0) } }).map { Int($0) } } catch { throw .mpi(error) }
        }
        let dispenser = PointDispenser(pending: mine, cost: evaluator.cost,
                                       workers: options.schedule == .dynamic ? ranks * threads : threads,
                                       minimumChunk: job.model.description.batchSize, deadline: deadline)
        let collector = RecordCollector(journal: journal, previous: previous, total: scope, showProgress: options.showProgress)
        let underMPI = communicator != nil, total = scope, output = folder.path
        let guardian = InterruptGuard { name in
            InterruptGuard.stop(signal: name, journal: journal, done: collector.count, total: total, output: output, underMPI: underMPI)
        }
        defer { guardian.cancel() }
        let local = WorkerThreads(count: threads) { _ in
            while case let chunk = dispenser.nextChunk(), !chunk.isEmpty {
                collector.add(evaluator.evaluate(chunk))
            }
        }
        if let communicator {
            do {
                if options.schedule == .dynamic {
                    try coordinatorLoop(communicator, dispenser: dispenser, collector: collector)
                } else {
                    try streamReceiver(communicator, collector: collector)
                }
            } catch { throw .mpi(error) }
        }
        local.join()
        collector.finish()

        let missing = scope - collector.count
        let stopped = missing > 0 && deadline.map { ContinuousClock.now >= $0 } == true
        var busy = [busyReport(evaluator)]
        if let communicator {
            do { busy = try communicator.gatherv(busyReport(evaluator)) } catch { throw .mpi(error) }
        }
        if let error = collector.error { throw .output(error) }
        if stopped {
            let what = options.slice.map { "of slice \($0) " } ?? ""
            throw .unfinished("quench: stopped at the time limit (--stop-after \(options.stopAfter!) s): \(collector.count) of the \(scope) points \(what)are safe in \(folder.path)/journal, \(missing) remain; run the same command with --resume to continue")
        }
        if missing > 0 {
            throw .output(OutputError(path: folder.path, reason: "\(missing) points never arrived at rank 0 (a lost message); results.csv was not written. The journal holds every point that did: run again with --resume"))
        }
        let report = RunReport(ranks: ranks, threadsPerRank: threads, schedule: options.schedule.rawValue, started: started, finished: Date(),
                               busySeconds: busy.map { $0[0] }, pointsByRank: busy.map { Int($0[1]) },
                               pointsFromJournal: previous.count, retriedFailed: retried,
                               batchJob: BatchJobContext.current(environment: environment, output: folder.path),
                               journalFiles: Journal.recordFiles(in: journal.folder).map { ($0 as NSString).lastPathComponent })
        if let slice = options.slice {
            var summary = RunSummary(output: folder.path, points: scope, computed: pending.count, fromJournal: previous.count, retried: 0,
                                     failed: collector.records.values.filter { if case .failed = $0.outcome { true } else { false } }.count,
                                     ranks: ranks, threadsPerRank: threads, wallSeconds: report.finished.timeIntervalSince(started),
                                     busySeconds: report.busySeconds, schedule: options.schedule.rawValue)
            summary.slice = slice
            return summary
        }
        let written: (csv: String, failed: Int)
        do { written = try folder.writeResults(job: job, records: collector.records, report: report) } catch { throw .output(error) }
        return RunSummary(output: folder.path, points: job.pointCount, computed: pending.count, fromJournal: previous.count, retried: retried,
                          failed: written.failed, ranks: ranks, threadsPerRank: threads,
                          wallSeconds: report.finished.timeIntervalSince(started), busySeconds: report.busySeconds,
                          schedule: options.schedule.rawValue)
    }

    static func busyReport(_ evaluator: PointEvaluator) -> [Double] {
        let total = evaluator.clock.total
        return [total.seconds, Double(total.points)]
    }

    /// Rank 0's MPI thread: answers chunk requests until every other rank has been told to stop.
    /// A request carries the records the rank finished since its last request.
    static func coordinatorLoop(_ communicator: Communicator, dispenser: PointDispenser, collector: RecordCollector) throws(MPIError) {
        var running = communicator.size - 1
        var idle = Backoff()
        while running > 0 {
            guard let (source, bytes) = try nextMessage(communicator, tag: requestTag, idle: &idle) else { continue }
            collector.add(try decode(bytes, from: source))
            let chunk = dispenser.nextChunk()
            try communicator.send(chunk.map { Int64($0) }, to: source, tag: chunkTag)
            if chunk.isEmpty { running -= 1 }
        }
    }

    /// The next pending message with `tag` from any rank, or nil after a backoff pause if none is waiting.
    static func nextMessage(_ communicator: Communicator, tag: Int, idle: inout Backoff) throws(MPIError) -> (source: Int, bytes: [UInt8])? {
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

    /// A worker rank: ask for a chunk (handing in the last chunk's records), compute it, repeat.
    static func workerLoop(_ communicator: Communicator, evaluator: PointEvaluator, threads: Int) throws(MPIError) {
        var finished: [Record] = []
        while true {
            try communicator.send(RecordCodec.encode(finished), to: 0, tag: requestTag)
            let (chunk, _) = try communicator.receive(Int64.self, source: 0, tag: chunkTag)
            if chunk.isEmpty { return }
            finished = evaluator.evaluate(chunk.map { Int($0) }, threads: threads)
        }
    }

    /// Static schedules, rank 0's MPI thread: receives streamed records until every other rank is done.
    /// "Done" is an empty message on the same tag, so MPI's non-overtaking rule delivers it after the
    /// rank's last records.
    static func streamReceiver(_ communicator: Communicator, collector: RecordCollector) throws(MPIError) {
        var running = communicator.size - 1
        var idle = Backoff()
        while running > 0 {
            guard let (source, bytes) = try nextMessage(communicator, tag: recordsTag, idle: &idle) else { continue }
            if bytes.isEmpty {
                running -= 1
            } else {
                collector.add(try decode(bytes, from: source))
            }
        }
    }

    /// Static schedules, other ranks: compute the assigned points in chunks, streaming each chunk's
    /// records, then an empty message.
    static func staticWorker(_ communicator: Communicator, points: [Int], evaluator: PointEvaluator, threads: Int,
                             deadline: ContinuousClock.Instant?) throws(MPIError) {
        let dispenser = PointDispenser(pending: points, cost: evaluator.cost, workers: 1, minimumChunk: evaluator.job.model.description.batchSize,
                                       deadline: deadline)
        while case let chunk = dispenser.nextChunk(), !chunk.isEmpty {
            try communicator.send(RecordCodec.encode(evaluator.evaluate(chunk, threads: threads)), to: 0, tag: recordsTag)
        }
        try communicator.send([UInt8](), to: 0, tag: recordsTag)
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
    static func make(_ points: [Int], cost: (Int) -> Double, ranks: Int, schedule: Schedule) -> [[Int]] {
        var lists = [[Int]](repeating: [], count: ranks)
        switch schedule {
        case .even:
            for (position, index) in points.enumerated() { lists[position * ranks / max(points.count, 1)].append(index) }
        default:
            // Longest processing time first: each point, most expensive first, to the least-loaded rank.
            var load = [Double](repeating: 0, count: ranks)
            let costs = points.map(cost)
            for k in points.indices.sorted(by: { (costs[$0], points[$1]) > (costs[$1], points[$0]) }) {
                let rank = load.indices.min { (load[$0], $0) < (load[$1], $1) }!
                lists[rank].append(points[k])
                load[rank] += costs[k]
            }
        }
        return lists
    }
}
