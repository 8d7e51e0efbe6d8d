import CSupport
import Foundation
import MPI
import Models
import Plot

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
    /// Worker threads; nil: every CPU this process may use.
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
    /// Not a finished scan of this job, or not runnable here (exit 2).
    case refused(String)
    /// verify.json cannot be written (exit 3).
    case output(OutputError)
    /// An option does not fit the model, e.g. a method it does not have (exit 64).
    case badOption(String)

    package var description: String {
        switch self {
        case .job(let error): "\(error)"
        case .refused(let reason): reason
        case .output(let error): "cannot write verify.json: \(error)"
        case .badOption(let reason): reason
        }
    }

    package var exitCode: Int32 {
        switch self {
        case .job: 1
        case .refused: 2
        case .output: 3
        case .badOption: 64
        }
    }
}

/// `quench verify`: recomputes a sample of a finished scan's points with the same job at a tighter
/// tolerance (or another method) and compares every observable the tolerance bounds with results.csv.
package enum ScanVerifier {
    /// Exit code when an observable misses its bound on the sample (or no sampled point could be compared).
    package static let exceededExitCode: Int32 = 8
    /// How closely a recomputed `.exact` column must agree with results.csv, relative to its value:
    /// room for the last bits of another build flavour, nothing more.
    static let exactAgreement = 1e-12

    /// Refuses a start by mpirun or srun with more than one rank: verify runs in one process, with threads.
    package static func refuseLauncher(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(VerifyError) {
        if let ranks = MPIEnvironment.announcedWorldSize(environment), ranks > 1 {
            throw .refused("quench verify runs in one process (with threads), not under a launcher of \(ranks) ranks; run it without mpirun or srun")
        }
    }

    /// Verifies the scan in `folder` and writes `folder/verify.json` (the caller holds the folder's
    /// lock). `announce` hears one line before the recomputation starts.
    package static func verify(folder: String, options: VerifyOptions, announce: (String) -> Void = { _ in }) throws(VerifyError) -> VerifyReport {
        let scan = try ScanOnDisk.open(folder, jobPath: options.jobPath)
        let job = scan.job
        let settings = IntegratorSettings(method: options.method ?? job.integrator.method, tolerance: job.integrator.tolerance / options.factor)
        let reference: Job
        do {
            reference = Job(file: job.file, name: job.name, model: job.model, output: job.output, axes: job.axes, fixed: job.fixed,
                            integrator: settings, record: .none, runner: try job.model.runner(settings: settings))
        } catch { throw .badOption("--method: \(error)") }

        let sample = VerifySample.points(pointCount: job.pointCount, size: options.sampleSize, seed: job.fingerprint)
        var comparison = Comparison(job: job, tolerance: job.integrator.tolerance)
        var stored: [Int: [Double]] = [:]
        for point in sample {
            switch scan.rows[point].map(scan.values) {
            case nil: comparison.missing.append(point)
            case .some(nil): comparison.failedInResults.append(point)
            case .some(let values?): stored[point] = values
            }
        }
        let wanted = sample.filter { stored[$0] != nil }
        let threads = min(max(1, options.threads ?? Int(quench_allowed_cpu_count())), max(1, wanted.count))
        announce("recomputing \(wanted.count) of \(job.pointCount) points with \(settings.method) at tolerance \(VerifyReport.number(settings.tolerance)) on \(threads) thread(s)")
        let started = DispatchTime.now().uptimeNanoseconds
        for record in PointEvaluator(job: reference, rank: 0).evaluate(wanted, threads: threads) {
            switch record.outcome {
            case .failed(let reason): comparison.failedOnRecomputation.append((record.index, reason))
            case .finished(let values): comparison.add(record.index, stored: stored[record.index]!, recomputed: values)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
        let report = VerifyReport(folder: folder, job: job, reference: settings, factor: options.factor, sample: sample,
                                  comparison: comparison, checksumMatches: scan.checksumMatches, threads: threads, seconds: seconds)
        do { try AtomicFile.write(report.json, to: folder + "/verify.json") } catch { throw .output(error) }
        return report
    }
}

/// A finished scan as verify reads it: the job (its fingerprint checked against the manifest's) and
/// results.csv's rows by point index.
struct ScanOnDisk {
    let job: Job
    /// Every row of results.csv, by point index.
    let rows: [Int: [String]]
    /// Where the observables start in a row.
    let firstObservable: Int
    /// Whether results.csv is the file the run wrote (the manifest's FNV-1a checksum).
    let checksumMatches: Bool

    static func open(_ path: String, jobPath: String?) throws(VerifyError) -> ScanOnDisk {
        guard FileManager.default.fileExists(atPath: path + "/results.csv") else {
            throw .refused("\(path): no results.csv, so there is no finished scan to verify (`quench status \(path)` shows its progress)")
        }
        let folder: ScanFolder
        do { folder = try ScanFolder.open(path) } catch { throw .refused("\(error)") }
        guard let recorded = folder.manifest["job"] as? [String: Any], let fingerprint = recorded["fingerprint"] as? String,
              let jobPath = jobPath ?? recorded["file"] as? String else {
            throw .refused("\(path)/manifest.json: no job.fingerprint or job.file")
        }
        guard FileManager.default.fileExists(atPath: jobPath) else {
            throw .refused("job file \(jobPath) not found; give the scan's job file with --job")
        }
        let job: Job
        do { job = try JobLoader.load(path: jobPath) } catch { throw .job(error) }
        guard FNV1a.hex(job.fingerprint) == fingerprint else {
            throw .refused("\(jobPath) is not the job of \(path): its fingerprint is \(FNV1a.hex(job.fingerprint)), the manifest's \(fingerprint) (the file changed since the run, or belongs to another scan)")
        }
        var rows: [Int: [String]] = [:]
        for row in folder.results.rows {
            guard let index = Int(row[0]), (0..<job.pointCount).contains(index) else {
                throw .refused("\(folder.resultsPath): \"\(row[0])\" is not a point of the job (0 … \(job.pointCount - 1))")
            }
            rows[index] = row
        }
        let checksum = (folder.manifest["results"] as? [String: Any])?["fnv1a64"] as? String
        let bytes = FileManager.default.contents(atPath: folder.resultsPath) ?? Data()
        return ScanOnDisk(job: job, rows: rows, firstObservable: 1 + job.model.description.parameters.count,
                          checksumMatches: checksum == FNV1a.hex(FNV1a.hash(bytes: bytes)))
    }

    /// A row's observables, or nil for a failed point; a field that is not a number reads as nan.
    func values(_ row: [String]) -> [Double]? {
        guard row.last == "ok" else { return nil }
        return row[firstObservable..<(row.count - 1)].map { CSVTable.number($0) ?? .nan }
    }
}
