import CSupport
import Foundation
import MPI
import Models

/// How to run a scan.
package struct RunOptions: Sendable {
    /// Worker threads per rank; default: the CPUs this process may use without a launcher, 1 under MPI.
    package var threads: Int?
    package var resume = false
    package var overwrite = false
    /// Overrides the job's output folder.
    package var output: String?
    package var showProgress = true
    package var schedule: Schedule = .dynamic
    /// Recompute the points that failed (implies resume; the [integrator] settings may differ).
    package var retryFailed = false
    /// Compute only this slice of the points, journalling into the slice's own file; results.csv is
    /// written later by `merge` (job arrays).
    package var slice: Slice?
    /// Stop handing out points this many seconds after the start; points in flight finish, the
    /// journal is synced, and the run ends with `RunError.unfinished` (exit 6) if points remain.
    package var stopAfter: Double?

    package init(threads: Int? = nil, resume: Bool = false, overwrite: Bool = false, output: String? = nil, showProgress: Bool = true,
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
package enum Schedule: String, Sendable, CaseIterable {
    /// Ranks ask rank 0 for chunks, most expensive first, chunks shrinking (guided self-scheduling).
    case dynamic
    /// Rank 0 balances the estimated cost up front (longest first to the least-loaded rank) and
    /// scatters the assignment (Scatterv); records stream back as they finish; busy times by Gatherv.
    case `static`
    /// Naive equal split: contiguous blocks of equal point count, no cost model. A baseline for comparison.
    case even
}

/// What rank 0 reports after a completed scan.
package struct RunSummary: Sendable {
    package let output: String
    package let points: Int
    package let computed: Int
    package let fromJournal: Int
    /// Failed points recomputed by --retry-failed.
    package let retried: Int
    package let failed: Int
    package let ranks: Int
    package let threadsPerRank: Int
    package let wallSeconds: Double
    package let busySeconds: [Double]
    package let schedule: String
    /// Set for a slice run, which writes no results.csv.
    package var slice: Slice? = nil

    package var text: String {
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
package enum ScanRunner {
    /// Runs the job; returns the summary on rank 0 and nil on other ranks.
    package static func run(jobPath: String, options: RunOptions,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws(RunError) -> RunSummary? {
        let started = Date()
        let deadline = options.stopAfter.map { ContinuousClock.now + .seconds($0) }
        let communicator = try launch(environment)
        defer { if communicator != nil { MPIEnvironment.finalize() } }
        let rank = communicator?.rank ?? 0
        let threads = max(1, options.threads ?? (communicator == nil ? Int(quench_allowed_cpu_count()) : 1))
        let job: Job
        do { job = try JobLoader.load(path: jobPath) } catch {
            // Every rank reads the same file and fails the same way; only rank 0 speaks.
            throw rank == 0 ? .job(error) : .stoppedByRankZero(exitCode: RunError.job(error).exitCode)
        }
        let folder = OutputFolder(path: options.output ?? job.output)
        let prepared = try prepare(job, folder: folder, options: options, rank: rank, communicator: communicator, jobPath: jobPath,
                                   environment: environment)
        defer { prepared?.lock.release() }
        let stop = StopRequest()
        let backend: any ExecutionBackend = switch (communicator, options.schedule) {
        case (nil, _): LocalThreads(stop: stop)
        case (let world?, .dynamic): MPIDynamic(communicator: world, stop: stop)
        case (let world?, .static): MPIStatic(communicator: world, schedule: .balanced, stop: stop)
        case (let world?, .even): MPIStatic(communicator: world, schedule: .even, stop: stop)
        }
        let evaluator = PointEvaluator(job: job, rank: rank)
        guard let prepared else {
            try work(backend, evaluator: evaluator, threads: threads, deadline: deadline)
            return nil
        }
        let run = Coordination(job: job, folder: folder, options: options, prepared: prepared, started: started, deadline: deadline,
                               ranks: communicator?.size ?? 1, threads: threads, underMPI: communicator != nil, environment: environment)
        return try run.coordinate(backend, evaluator: evaluator)
    }

    /// The world communicator when a launcher started us (nil for a plain local run).
    static func launch(_ environment: [String: String]) throws(RunError) -> Communicator? {
        guard MPIEnvironment.launchedByLauncher(environment) else { return nil }
        let world: Communicator
        do { world = try MPIEnvironment.initialize() } catch { throw .mpi(error) }
        if let announced = MPIEnvironment.announcedWorldSize(environment), announced > 1, world.size == 1 {
            throw .refused(.singletonRanks(announced: announced))
        }
        return world
    }

    /// What rank 0 found in the output folder (see `OutputFolder.Prepared`).
    typealias Prepared = OutputFolder.Prepared

    /// Rank 0 readies the output folder; under MPI every rank then checks that all hold the same job
    /// and that rank 0 is ready, so all go on or all stop. Returns nil on the other ranks.
    static func prepare(_ job: Job, folder: OutputFolder, options: RunOptions, rank: Int, communicator: Communicator?,
                        jobPath: String, environment: [String: String]) throws(RunError) -> Prepared? {
        var prepared: Prepared?
        var refusal: RunError?
        if rank == 0 {
            if options.slice != nil && (options.overwrite || options.retryFailed) {
                refusal = .refused(.sliceWithOverwrite)
            } else {
                do {
                    prepared = try folder.prepare(for: job, resume: options.resume, overwrite: options.overwrite, retryFailed: options.retryFailed,
                                                  slice: options.slice, keepSubmit: BatchJobContext.insideBatchJob(environment))
                    for note in prepared?.notes ?? [] { FileHandle.standardError.write(Data((note + "\n").utf8)) }
                } catch { refusal = error }
            }
        }
        guard let communicator else {
            if let refusal { throw refusal }
            return prepared
        }
        do {
            try RankAgreement.check(communicator, fingerprint: job.fingerprint, refusal: refusal, disagreement: .differentJobFiles(path: jobPath))
        } catch {
            prepared?.lock.release()
            throw error
        }
        return prepared
    }

    /// A rank other than 0: computes what rank 0 assigns, then reports its busy time.
    static func work(_ backend: any ExecutionBackend, evaluator: PointEvaluator, threads: Int,
                     deadline: ContinuousClock.Instant?) throws(RunError) {
        let guardian = InterruptGuard(stop: backend.stop, onStalled: nil)
        defer { guardian.cancel() }
        do { try backend.work(evaluator: evaluator, threads: threads, deadline: deadline) } catch { throw .mpi(error) }
        // A rank stopped by --stop-after exits 0: rank 0 alone reports the unfinished scan (exit 6),
        // since a launcher ends the job when any rank exits non-zero, possibly before rank 0 has spoken.
        do { _ = try backend.gatherBusy(evaluator) } catch { throw .mpi(error) }
    }
}

/// Rank 0's part of a run: computes the pending points with the backend, journals them, and writes
/// the results (or, for a slice, leaves them in the slice's journal).
struct Coordination {
    let job: Job
    let folder: OutputFolder
    let options: RunOptions
    let prepared: ScanRunner.Prepared
    let started: Date
    let deadline: ContinuousClock.Instant?
    let ranks: Int
    let threads: Int
    let underMPI: Bool
    let environment: [String: String]

    func coordinate(_ backend: any ExecutionBackend, evaluator: PointEvaluator) throws(RunError) -> RunSummary {
        let journal = prepared.journal, all = prepared.records, retried = prepared.retried, lock = prepared.lock
        // A slice computes and counts only its own points; the other slices' records only tell what is done.
        let previous = options.slice.map { slice in all.filter { slice.contains($0.key) } } ?? all
        let scope = options.slice?.size(of: job.pointCount) ?? job.pointCount
        let pending = (0..<job.pointCount).filter { all[$0] == nil && options.slice?.contains($0) != false }
        let collector = RecordCollector(journal: journal, previous: previous, total: scope, showProgress: options.showProgress)
        let underMPI = underMPI, total = scope, output = folder.path
        let guardian = InterruptGuard(stop: backend.stop) { name in
            InterruptGuard.stop(signal: name, close: collector.close, lock: lock, total: total, output: output, underMPI: underMPI)
        }
        defer { guardian.cancel() }
        do {
            try backend.coordinate(pending: pending, evaluator: evaluator, collector: collector, threads: threads, deadline: deadline)
        } catch { throw .mpi(error) }
        collector.finish()

        let missing = scope - collector.count
        let stopped = missing > 0 && deadline.map { ContinuousClock.now >= $0 } == true
        let busy: [[Double]]
        do { busy = try backend.gatherBusy(evaluator) } catch { throw .mpi(error) }
        guardian.cancel()
        if let error = collector.error { throw .output(error) }
        // A signal stopped this rank or another (a rank's report ends with 1 then).
        let signalled = backend.stop.signalName ?? (busy.contains { $0.count > 2 && $0[2] != 0 } ? "SIGTERM" : nil)
        if let signalled, missing > 0 {
            throw .interrupted(InterruptGuard.message(signal: signalled, done: collector.count, total: scope, output: folder.path))
        }
        if stopped {
            let what = options.slice.map { "of slice \($0) " } ?? ""
            throw .unfinished("quench: stopped at the time limit (--stop-after \(options.stopAfter ?? 0) s): \(collector.count) of the \(scope) points \(what)are safe in \(folder.path)/journal, \(missing) remain; run the same command with --resume to continue")
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

}
