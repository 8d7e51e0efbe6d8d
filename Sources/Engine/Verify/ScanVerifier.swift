import CSupport
import Foundation
import MPI
import Models

/// What `quench verify` recomputes and how.
package struct VerifyOptions: Sendable {
    /// The job file; nil: the manifest's `job.file`.
    package var jobPath: String?
    /// Points to recompute (K ≥ 1); all of them when the scan has no more.
    package var sampleSize: Int
    /// The recomputation runs at tolerance/factor (factor ≥ 1).
    package var factor: Double
    /// A method of the model to recompute with; nil: the job's.
    package var method: String?
    /// Worker threads per rank; nil: every CPU this process may use without a launcher, 1 per MPI rank.
    package var threads: Int?

    package init(jobPath: String? = nil, sampleSize: Int = 16, factor: Double = 100, method: String? = nil, threads: Int? = nil) {
        self.jobPath = jobPath
        self.sampleSize = sampleSize
        self.factor = factor
        self.method = method
        self.threads = threads
    }
}

/// Why `quench verify` compared nothing; each has its exit code.
package enum VerifyError: Error, CustomStringConvertible {
    /// The job file is wrong (exit 1).
    case job(JobFileError)
    /// Not a finished scan of this job (exit 2).
    case refused(String)
    /// verify.json cannot be written (exit 3).
    case output(OutputError)
    /// An option does not fit the model, e.g. a method it does not have (exit 64).
    case badOption(String)
    /// From what verify shares with `run`, with `RunError`'s exit code: the folder's lock and the
    /// launch (2), the ranks' agreement on job and build (1, 2), MPI (4); on a rank other than 0 that
    /// stops because rank 0 did, `.stoppedByRankZero` with rank 0's code (and nothing to print).
    case execution(RunError)

    package var description: String {
        switch self {
        case .job(let error): "\(error)"
        case .refused(let reason): reason
        case .output(let error): "cannot write verify.json: \(error)"
        case .badOption(let reason): reason
        case .execution(let error): "\(error)"
        }
    }

    package var exitCode: Int32 {
        switch self {
        case .job: 1
        case .refused: 2
        case .output: 3
        case .badOption: 64
        case .execution(let error): error.exitCode
        }
    }
}

/// `quench verify`: recomputes a sample of a finished scan's points with the same job at a tighter
/// tolerance (or another method) and compares every observable the tolerance bounds with results.csv.
/// Without a launcher it runs in one process with threads; under mpirun or srun the sample's points
/// are spread over the ranks as `run` spreads a scan's (the dynamic schedule), and the report is the
/// same bytes whatever the rank and thread counts, but for its `run` object.
package enum ScanVerifier {
    /// Exit code when an observable misses its bound on the sample (or no sampled point could be compared).
    package static let exceededExitCode: Int32 = 8
    /// How closely a recomputed `.exact` column must agree with results.csv, relative to its value:
    /// room for the last bits of another build flavour, nothing more.
    static let exactAgreement = 1e-12

    /// Verifies the scan in `folder` and returns the exit code, the same on every rank: 0 when every
    /// judged observable is within its bound, 8 when not. Rank 0 alone takes the folder's lock, reads
    /// results.csv and writes `folder/verify.json`; the other ranks only compute. On rank 0, `announce`
    /// hears the lock's notes and one line before the recomputation, and `publish` the report, before
    /// the other ranks learn the exit code (so it is out before any rank exits).
    package static func verify(folder: String, options: VerifyOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                               announce: (String) -> Void = { _ in }, publish: (VerifyReport) -> Void = { _ in }) throws(VerifyError) -> Int32 {
        let communicator: Communicator?
        do { communicator = try ScanRunner.launch(environment) } catch { throw .execution(error) }
        defer { if communicator != nil { MPIEnvironment.finalize() } }
        let threads = max(1, options.threads ?? (communicator == nil ? Int(quench_allowed_cpu_count()) : 1))
        if let communicator, communicator.rank != 0 {
            return try follow(communicator, options: options, threads: threads)
        }
        return try lead(folder: folder, options: options, communicator: communicator, threads: threads, announce: announce, publish: publish)
    }

    /// Rank 0 (or the only process): plans, computes its share, compares, writes and reports.
    static func lead(folder: String, options: VerifyOptions, communicator: Communicator?, threads: Int,
                     announce: (String) -> Void, publish: (VerifyReport) -> Void) throws(VerifyError) -> Int32 {
        let plan: VerifyPlan
        do { plan = try VerifyPlan(folder: folder, options: options, announce: announce) } catch {
            if let communicator { _ = try? RankMessages.start(communicator, exitCode: error.exitCode, jobPath: "") }
            throw error
        }
        defer { plan.lock?.release() }
        if let communicator {
            do { _ = try RankMessages.start(communicator, exitCode: 0, jobPath: plan.scan.jobPath) } catch { throw .execution(.mpi(error)) }
            // The recomputation's fingerprint: the ranks agree on the job, and on the method and tolerance.
            do {
                try RankAgreement.check(communicator, fingerprint: plan.reference.fingerprint, refusal: nil,
                                        disagreement: .differentRecomputations(path: plan.scan.jobPath))
            } catch { throw .execution(error) }
        }
        let wanted = plan.wanted, ranks = communicator?.size ?? 1
        let perRank = communicator == nil ? min(threads, max(1, wanted.count)) : threads
        announce("recomputing \(wanted.count) of \(plan.scan.job.pointCount) points with \(plan.settings.method) at tolerance "
            + "\(VerifyReport.number(plan.settings.tolerance)) on \(VerifyExecution.workers(ranks: ranks, threadsPerRank: perRank))")
        let started = DispatchTime.now().uptimeNanoseconds
        let records = try compute(wanted, job: plan.reference, communicator: communicator, threads: perRank)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9

        // In point order, whichever rank computed what: ties between points go to the first, as in a local run.
        var comparison = plan.comparison
        for record in records.sorted(by: { $0.index < $1.index }) {
            switch record.outcome {
            case .failed(let reason): comparison.failedOnRecomputation.append((record.index, reason))
            case .finished(let values): comparison.add(record.index, stored: plan.stored[record.index]!, recomputed: values)
            }
        }
        let report = VerifyReport(folder: folder, job: plan.scan.job, reference: plan.settings, factor: options.factor, sample: plan.sample,
                                  comparison: comparison, results: plan.scan.checksum,
                                  execution: VerifyExecution(ranks: ranks, threadsPerRank: perRank, seconds: seconds, date: Date()))
        var failure: VerifyError?
        do { try AtomicFile.write(report.json, to: folder + "/verify.json") } catch { failure = .output(error) }
        if failure == nil { publish(report) }
        let exitCode = failure?.exitCode ?? report.exitCode
        if let communicator {
            do { _ = try communicator.broadcast([Int64(exitCode)]) } catch { throw failure ?? .execution(.mpi(error)) }
        }
        if let failure { throw failure }
        return exitCode
    }

    /// A rank other than 0: loads the job rank 0 names, agrees on it, computes what rank 0 hands out,
    /// and returns rank 0's exit code.
    static func follow(_ communicator: Communicator, options: VerifyOptions, threads: Int) throws(VerifyError) -> Int32 {
        let start: (exitCode: Int32, jobPath: String)
        do { start = try RankMessages.start(communicator, exitCode: 0, jobPath: "") } catch { throw .execution(.mpi(error)) }
        if start.exitCode != 0 { throw .execution(.stoppedByRankZero(exitCode: start.exitCode)) }
        let loaded = Result { () throws(JobFileError) in try JobLoader.load(path: start.jobPath) }
        var refusal: RunError?
        if case .failure(let error) = loaded { refusal = .job(error) }
        // nil when this rank's job lacks the method: then its fingerprint (none) differs from rank 0's.
        let recomputation = (try? loaded.get()).flatMap { try? Self.reference(for: $0, options: options).job }
        do {
            try RankAgreement.check(communicator, fingerprint: recomputation?.fingerprint, refusal: refusal,
                                    disagreement: .differentRecomputations(path: start.jobPath))
        } catch { throw .execution(error) }
        guard let recomputation else { throw .execution(.refused(.differentRecomputations(path: start.jobPath))) }  // (the agreement threw)
        _ = try compute([], job: recomputation, communicator: communicator, threads: threads)
        do { return Int32(try communicator.broadcast([Int64(0)])[0]) } catch { throw .execution(.mpi(error)) }
    }

    /// The job verify recomputes with: the scan's, at tolerance/factor, with `options.method` if given, no series.
    static func reference(for job: Job, options: VerifyOptions) throws(VerifyError) -> (settings: IntegratorSettings, job: Job) {
        let settings = IntegratorSettings(method: options.method ?? job.integrator.method, tolerance: job.integrator.tolerance / options.factor)
        do {
            let runner = try job.model.runner(settings: settings)
            return (settings, Job(file: job.file, name: job.name, model: job.model, output: job.output, axes: job.axes, fixed: job.fixed,
                                  integrator: settings, record: .none, runner: runner))
        } catch { throw .badOption("--method: \(error)") }
    }

    /// Computes `points` (rank 0's list; the other ranks pass none and take what rank 0 hands out)
    /// with run's backends: local threads, or MPI's dynamic schedule. Returns rank 0's records.
    static func compute(_ points: [Int], job: Job, communicator: Communicator?, threads: Int) throws(VerifyError) -> [Record] {
        let stop = StopRequest()
        let backend: any ExecutionBackend = communicator.map { MPIDynamic(communicator: $0, stop: stop) } ?? LocalThreads(stop: stop)
        let evaluator = PointEvaluator(job: job, rank: communicator?.rank ?? 0)
        do {
            guard communicator?.rank ?? 0 == 0 else {
                try backend.work(evaluator: evaluator, threads: threads, deadline: nil)
                return []
            }
            let collector = RecordCollector(journal: nil, previous: [:], total: points.count, showProgress: false)
            try backend.coordinate(pending: points, evaluator: evaluator, collector: collector, threads: threads, deadline: nil)
            return Array(collector.records.values)
        } catch { throw .execution(.mpi(error)) }
    }
}

/// What rank 0 of `quench verify` tells the others before the recomputation.
enum RankMessages {
    /// Rank 0 passes its exit code so far (0: go on) and the job file's path; every rank returns them.
    static func start(_ communicator: Communicator, exitCode: Int32, jobPath: String) throws(MPIError) -> (exitCode: Int32, jobPath: String) {
        let bytes = Array(jobPath.utf8)
        let header = try communicator.broadcast([Int64(exitCode), Int64(bytes.count)])
        guard header[0] == 0 else { return (Int32(header[0]), "") }
        let path = try communicator.broadcast(communicator.rank == 0 ? bytes : [UInt8](repeating: 0, count: Int(header[1])))
        return (0, String(decoding: path, as: UTF8.self))
    }
}
