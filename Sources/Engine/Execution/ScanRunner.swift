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

    public init(threads: Int? = nil, resume: Bool = false, overwrite: Bool = false, output: String? = nil, showProgress: Bool = true) {
        self.threads = threads
        self.resume = resume
        self.overwrite = overwrite
        self.output = output
        self.showProgress = showProgress
    }
}

/// What rank 0 reports after a completed scan.
public struct RunSummary: Sendable {
    public let output: String
    public let points: Int
    public let computed: Int
    public let fromJournal: Int
    public let failed: Int
    public let ranks: Int
    public let threadsPerRank: Int
    public let wallSeconds: Double
    public let busySeconds: [Double]

    public var text: String {
        let busy = busySeconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")
        let mean = busySeconds.reduce(0, +) / Double(max(busySeconds.count, 1))
        let imbalance = mean > 0 ? (busySeconds.max() ?? 0) / mean : 1
        return """
            wrote \(output)/results.csv: \(points) points (\(computed) computed, \(fromJournal) from the journal, \(failed) failed)
            \(ranks) rank(s) × \(threadsPerRank) thread(s), \(String(format: "%.2f", wallSeconds)) s wall; busy s per rank: [\(busy)], imbalance max/mean \(String(format: "%.3f", imbalance))
            """
    }
}

/// Runs a scan: locally with threads when no launcher started us, or across the ranks of an MPI job
/// (rank 0 journals and merges, every rank computes). Results are the same bits either way.
public enum ScanRunner {
    static let requestTag = 1
    static let chunkTag = 2

    /// Runs the job; returns the summary on rank 0 and nil on other ranks.
    public static func run(jobPath: String, options: RunOptions,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws(RunError) -> RunSummary? {
        let started = Date()
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
        var prepared: (Journal, [Int: Record])?
        var refusal: RunError?
        if rank == 0 {
            do { prepared = try folder.prepare(for: job, resume: options.resume, overwrite: options.overwrite) } catch { refusal = error }
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
            do { try workerLoop(communicator!, evaluator: evaluator, threads: threads) } catch { throw .mpi(error) }
            do { _ = try communicator!.gatherv(busyReport(evaluator)) } catch { throw .mpi(error) }
            return nil
        }

        let (journal, previous) = prepared!
        let pending = (0..<job.pointCount).filter { previous[$0] == nil }
        let dispenser = PointDispenser(pending: pending, cost: evaluator.cost, workers: ranks * threads,
                                       minimumChunk: job.model.description.batchSize)
        let collector = RecordCollector(journal: journal, previous: previous, total: job.pointCount, showProgress: options.showProgress)
        let underMPI = communicator != nil, total = job.pointCount, output = folder.path
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
            do { try coordinatorLoop(communicator, dispenser: dispenser, collector: collector) } catch { throw .mpi(error) }
        }
        local.join()
        collector.finish()

        var busy = [busyReport(evaluator)]
        if let communicator {
            do { busy = try communicator.gatherv(busyReport(evaluator)) } catch { throw .mpi(error) }
        }
        if let error = collector.error { throw .output(error) }
        let report = RunReport(ranks: ranks, threadsPerRank: threads, schedule: "dynamic", started: started, finished: Date(),
                               busySeconds: busy.map { $0[0] }, pointsByRank: busy.map { Int($0[1]) },
                               pointsFromJournal: previous.count)
        let written: (csv: String, failed: Int)
        do { written = try folder.writeResults(job: job, records: collector.records, report: report) } catch { throw .output(error) }
        return RunSummary(output: folder.path, points: job.pointCount, computed: pending.count, fromJournal: previous.count,
                          failed: written.failed, ranks: ranks, threadsPerRank: threads,
                          wallSeconds: report.finished.timeIntervalSince(started), busySeconds: report.busySeconds)
    }

    static func busyReport(_ evaluator: PointEvaluator) -> [Double] {
        let total = evaluator.clock.total
        return [total.seconds, Double(total.points)]
    }

    /// Rank 0's MPI thread: answers chunk requests until every other rank has been told to stop.
    /// A request carries the records the rank finished since its last request.
    static func coordinatorLoop(_ communicator: Communicator, dispenser: PointDispenser, collector: RecordCollector) throws(MPIError) {
        var running = communicator.size - 1
        while running > 0 {
            guard let envelope = try communicator.probeIfPending(UInt8.self, tag: requestTag) else {
                usleep(200)
                continue
            }
            let (bytes, _) = try communicator.receive(UInt8.self, source: envelope.source, tag: requestTag)
            guard let records = try? RecordCodec.decode(bytes) else {
                throw MPIError(code: -1, call: "decoding records from rank \(envelope.source)")
            }
            collector.add(records)
            let chunk = dispenser.nextChunk()
            try communicator.send(chunk.map { Int64($0) }, to: envelope.source, tag: chunkTag)
            if chunk.isEmpty { running -= 1 }
        }
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
}
