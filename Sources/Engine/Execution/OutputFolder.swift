import Foundation

/// Rank 0's checks and set-up of the output folder before any work: a fresh journal, or the records
/// of an earlier run of the same job when resuming.
struct OutputFolder {
    let path: String
    var journal: Journal { Journal(folder: path + "/journal") }
    var resultsPath: String { path + "/results.csv" }
    var manifestPath: String { path + "/manifest.json" }
    var seriesPath: String { path + "/series.csv" }
    var hdf5Path: String { path + "/results.h5" }

    /// The journal a run appends to: `records.log`, or the slice's own file.
    func journal(for slice: Slice?) -> Journal {
        slice.map { Journal(folder: path + "/journal", name: $0.journalName) } ?? journal
    }

    /// Returns the journal to append to, the records already journalled in any of its files (empty
    /// for a fresh scan), and how many failed points will be recomputed (with `retryFailed`, which may
    /// change only the [integrator] settings). A slice joins the scan in the folder (creating it if
    /// there is none): it needs no --resume, and never discards anything.
    func prepare(for job: Job, resume: Bool, overwrite: Bool, retryFailed: Bool = false, slice: Slice? = nil) throws(RunError) -> (Journal, [Int: Record], retried: Int) {
        let journal = self.journal
        let observables = job.model.description.observables.count
        do {
            try check(for: job, resume: resume || slice != nil, overwrite: overwrite && slice == nil, retryFailed: retryFailed)
            if let slice {
                if !journal.exists {
                    try journal.createFolder()
                    try Self.checkSpace(required: Self.requiredBytes(job), free: Self.freeBytes(at: path), folder: path)
                    // Array tasks may race to create the identity; all write the same bytes.
                    do { try journal.writeIdentity(Journal.identity(of: job)) } catch { if !journal.exists { throw error } }
                }
                let own = self.journal(for: slice)
                _ = try own.join(observableCount: observables)
                return (own, own.allRecords(observableCount: observables), 0)
            }
            if journal.exists && !overwrite {
                _ = try journal.resume(observableCount: observables)
                var records = journal.allRecords(observableCount: observables)
                var retried = 0
                if retryFailed {
                    for (index, record) in records {
                        if case .failed = record.outcome { records[index] = nil; retried += 1 }
                    }
                    let current = Journal.identity(of: job)
                    if try journal.readIdentity() != current { try journal.writeIdentity(current) }
                }
                return (journal, records, retried)
            }
            try discard()
            try journal.create(for: job)
            try Self.checkSpace(required: Self.requiredBytes(job), free: Self.freeBytes(at: path), folder: path)
            return (journal, [:], 0)
        } catch let error as RunError {
            throw error
        } catch let error as OutputError {
            throw RunError.refused(.unusableFolder(path: nil, reason: "\(error)"))
        } catch {
            throw RunError.refused(.unusableFolder(path: path, reason: "\(error)"))
        }
    }

    /// The refusals of `prepare`, without writing anything (also what `quench submit` checks on the
    /// login node): another scan in the folder without --resume/--overwrite, a changed job, results
    /// without a journal.
    func check(for job: Job, resume: Bool, overwrite: Bool, retryFailed: Bool = false) throws(RunError) {
        let journal = self.journal
        if retryFailed && !journal.exists {
            throw RunError.refused(.nothingToRetry(folder: path))
        }
        if journal.exists && !overwrite {
            guard resume || retryFailed else {
                throw RunError.refused(.folderHoldsScan(folder: path))
            }
            let stored: Journal.Identity
            do { stored = try journal.readIdentity() } catch { throw RunError.refused(.unusableFolder(path: nil, reason: "\(error)")) }
            let current = Journal.identity(of: job)
            let comparable: ([String]) -> [String] = { lines in retryFailed ? lines.filter { !$0.hasPrefix("integrator.") } : lines }
            guard comparable(stored.description) == comparable(current.description) else {
                let what = retryFailed ? "only the [integrator] settings may change for --retry-failed" : "the job changed since \(path) was started"
                throw RunError.refused(.jobChanged(what: what, changes: Self.changes(from: stored.description, to: current.description)))
            }
        } else if !overwrite && !journal.exists && FileManager.default.fileExists(atPath: resultsPath) {
            throw RunError.refused(.foreignResults(folder: path))
        }
    }

    /// Removes an earlier scan's journal, results and manifest (for --overwrite).
    func discard() throws(RunError) {
        for item in [journal.folder, resultsPath, manifestPath] where FileManager.default.fileExists(atPath: item) {
            do { try FileManager.default.removeItem(atPath: item) } catch {
                throw RunError.refused(.cannotRemove(item: item, reason: error.localizedDescription))
            }
        }
    }

    /// "changed: a → b; …" between two canonical job descriptions.
    static func changes(from old: [String], to new: [String]) -> String {
        func key(_ line: String) -> String { String(line.prefix { $0 != "=" }).trimmingCharacters(in: .whitespaces) }
        func short(_ line: String) -> String { line.count > 100 ? line.prefix(97) + "..." : line }
        var parts: [String] = []
        for line in old where !new.contains(line) {
            if let replacement = new.first(where: { key($0) == key(line) }) {
                parts.append("\(short(line)) → \(short(replacement))")
            } else {
                parts.append("removed \(short(line))")
            }
        }
        for line in new where !old.contains(line) && !old.contains(where: { key($0) == key(line) }) {
            parts.append("added \(short(line))")
        }
        return "changed: " + (parts.isEmpty ? "(fingerprint only)" : parts.joined(separator: "; "))
    }

    func writeResults(job: Job, records: [Int: Record], report: RunReport) throws(OutputError) -> (csv: String, failed: Int) {
        let csv = ResultsTable.csv(job: job, records: records)
        let failed = records.values.filter { if case .failed = $0.outcome { true } else { false } }.count
        try AtomicFile.write(csv, to: resultsPath)
        if !job.record.series.isEmpty { try AtomicFile.write(SeriesTable.csv(job: job, records: records), to: seriesPath) }
        try HDF5Results.write(job: job, records: records, to: hdf5Path)
        try AtomicFile.write(Manifest.json(job: job, report: report, resultsCSV: csv, failed: failed), to: manifestPath)
        return (csv, failed)
    }

    /// Bytes a scan writes, generously: a journal line (16 hex digits per observable) and a CSV row
    /// (up to 24 characters per column) per point, twice over for the temporary file of the atomic write.
    static func requiredBytes(_ job: Job) -> Double {
        let description = job.model.description
        let journalLine = Double(17 * description.observables.count + 64)
        let csvRow = Double(24 * (description.parameters.count + description.observables.count + 2))
        // Series: two hex numbers in the journal and a CSV row per sample (profiles are taken as `samples` long too).
        let seriesBytes = Double(job.record.series.count * job.record.samples) * (34 + 2 * 80)
        let hdf5Row = Double(8 * description.observables.count + 1)
        return Double(job.pointCount) * (journalLine + 2 * csvRow + seriesBytes + 2 * hdf5Row) + 65_536
    }

    /// Free bytes for an unprivileged writer on the file system holding `path` (nil if unknown).
    static func freeBytes(at path: String) -> Double? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Double(stats.f_bavail) * Double(stats.f_frsize)
    }

    /// Refuses, before any work, a scan whose output cannot fit.
    static func checkSpace(required: Double, free: Double?, folder: String) throws(RunError) {
        guard let free, free < required else { return }
        throw RunError.refused(.notEnoughSpace(folder: folder, requiredBytes: required, freeBytes: free))
    }
}
