import Foundation
import Models
import Plot

/// Rank 0's part of `quench verify` before the recomputation: the folder's lock, the finished scan,
/// the job to recompute with, and the sample, split into the points to recompute and those skipped
/// (missing from results.csv, or failed there).
struct VerifyPlan {
    /// Held until verify.json is written; nil when the folder does not exist (`ScanOnDisk` says so).
    let lock: FolderLock?
    let scan: ScanOnDisk
    let settings: IntegratorSettings
    let reference: Job
    let sample: [Int]
    /// results.csv's observables at the sampled points it holds finished.
    let stored: [Int: [Double]]
    /// The scan's tolerance and the sampled points already skipped.
    let comparison: Comparison

    /// The sampled points to recompute, in order.
    var wanted: [Int] { sample.filter { stored[$0] != nil } }

    /// Takes the folder's lock (its notes go to `announce`) and reads the scan; releases the lock when it throws.
    init(folder: String, options: VerifyOptions, announce: (String) -> Void) throws(VerifyError) {
        var lock: FolderLock?
        if PathKind(folder) == .folder {
            do {
                let taken = try FolderLock.acquire(folder: folder, command: "verify")
                lock = taken.lock
                taken.notes.forEach(announce)
            } catch { throw .execution(error) }
        }
        do {
            scan = try ScanOnDisk.open(folder, jobPath: options.jobPath)
            (settings, reference) = try ScanVerifier.reference(for: scan.job, options: options)
        } catch {
            lock?.release()
            throw error
        }
        self.lock = lock
        let job = scan.job
        sample = VerifySample.points(pointCount: job.pointCount, size: options.sampleSize, seed: job.fingerprint)
        var comparison = Comparison(job: job, tolerance: job.integrator.tolerance)
        var stored: [Int: [Double]] = [:]
        for point in sample {
            switch scan.rows[point].map(scan.values) {
            case nil: comparison.missing.append(point)
            case .some(nil): comparison.failedInResults.append(point)
            case .some(let values?): stored[point] = values
            }
        }
        self.stored = stored
        self.comparison = comparison
    }
}

/// A finished scan as verify reads it: the job (its fingerprint checked against the manifest's) and
/// results.csv's rows by point index.
struct ScanOnDisk {
    let job: Job
    /// The job file read: --job, or the manifest's job.file.
    let jobPath: String
    /// Every row of results.csv, by point index.
    let rows: [Int: [String]]
    /// Where the observables start in a row.
    let firstObservable: Int
    /// results.csv's FNV-1a checksum, and whether it is the manifest's (the file the run wrote).
    let checksum: (fnv1a64: String, matchesManifest: Bool)

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
        let manifestChecksum = (folder.manifest["results"] as? [String: Any])?["fnv1a64"] as? String
        let checksum = folder.resultsChecksum
        return ScanOnDisk(job: job, jobPath: jobPath, rows: rows, firstObservable: 1 + job.model.description.parameters.count,
                          checksum: (checksum, checksum == manifestChecksum))
    }

    /// A row's observables, or nil for a failed point; a field that is not a number reads as nan.
    func values(_ row: [String]) -> [Double]? {
        guard row.last == "ok" else { return nil }
        return row[firstObservable..<(row.count - 1)].map { CSVTable.number($0) ?? .nan }
    }
}
