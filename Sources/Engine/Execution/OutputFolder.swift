import Foundation

/// Rank 0's checks and set-up of the output folder before any work: a fresh journal, or the records
/// of an earlier run of the same job when resuming; and the folder's lock for the whole command.
struct OutputFolder {
    let path: String
    var journal: Journal { Journal(folder: path + "/journal") }
    var resultsPath: String { path + "/results.csv" }
    var manifestPath: String { path + "/manifest.json" }
    var seriesPath: String { path + "/series.csv" }
    var hdf5Path: String { path + "/results.h5" }

    /// The files and folders quench writes in a scan's folder: what --overwrite removes, and what a
    /// new scan refuses to replace without it. (`submit/` is written for the scan before it starts.)
    static let scanFiles = ["results.csv", "results.h5", "manifest.json", "series.csv", "report.html", "verify.json"]
    static let scanFolders = ["journal", "plots"]
    static let submitFolder = "submit"

    /// The journal a run appends to: `records.log`, or the slice's own file.
    func journal(for slice: Slice?) -> Journal {
        slice.map { Journal(folder: path + "/journal", name: $0.journalName) } ?? journal
    }

    /// What `prepare` leaves ready: the journal to append to, the records already journalled in any of
    /// its files (empty for a fresh scan), how many failed points will be recomputed, the folder's lock
    /// (release it when the command ends), and notes for the user (repairs, a stale lock taken over).
    struct Prepared {
        let journal: Journal
        let records: [Int: Record]
        let retried: Int
        let lock: FolderLock
        let notes: [String]
    }

    /// Readies the folder for `command` (`run`, `merge`): refuses what `check` refuses and what cannot
    /// be written, creating nothing then; otherwise takes the lock, removes the temporary files of a
    /// killed run, and starts or resumes the journal. With `retryFailed` (which may change only the
    /// [integrator] settings) failed records are dropped to be computed again. A slice joins the scan
    /// in the folder (creating it if there is none): it needs no --resume, and never discards anything.
    /// `keepSubmit` keeps `submit/` on --overwrite (a batch job of the scan overwriting it).
    func prepare(for job: Job, resume: Bool, overwrite: Bool, retryFailed: Bool = false, slice: Slice? = nil,
                 command: String = "run", keepSubmit: Bool = false) throws(RunError) -> Prepared {
        let overwrite = overwrite && slice == nil, resume = resume || slice != nil
        try Self.checkPath(path)
        try FolderLock.checkFree(folder: path, slice: slice)
        try check(for: job, resume: resume, overwrite: overwrite, retryFailed: retryFailed, slice: slice != nil)
        let created = try createFolder()
        let taken: (lock: FolderLock, notes: [String])
        do {
            if overwrite || !journal.exists {
                try Self.checkSpace(required: Self.requiredBytes(job), free: Self.freeBytes(at: path), folder: path)
            }
            taken = try FolderLock.acquire(folder: path, command: command, slice: slice)
        } catch {
            Self.removeEmpty(created)
            throw error
        }
        do {
            // Again under the lock: another writer may have changed the folder while we looked.
            try check(for: job, resume: resume, overwrite: overwrite, retryFailed: retryFailed, slice: slice != nil)
            var notes = taken.notes
            if slice == nil, case let removed = removeLeftovers(), removed > 0 {
                notes.append("quench: removed \(removed) temporary file(s) left in \(path) by a killed run")
            }
            let (journal, records, retried, repairs) = try start(job, resume: resume, overwrite: overwrite, retryFailed: retryFailed,
                                                                slice: slice, keepSubmit: keepSubmit)
            return Prepared(journal: journal, records: records, retried: retried, lock: taken.lock, notes: notes + repairs)
        } catch {
            taken.lock.release()
            Self.removeEmpty(created)
            throw error
        }
    }

    /// The journal part of `prepare`, under the lock.
    private func start(_ job: Job, resume: Bool, overwrite: Bool, retryFailed: Bool, slice: Slice?,
                       keepSubmit: Bool) throws(RunError) -> (Journal, [Int: Record], Int, [String]) {
        let journal = self.journal
        let observables = job.model.description.observables.count
        do {
            if let slice {
                if !journal.exists {
                    try journal.createFolder()
                    // Array tasks may race to create the identity; all write the same bytes.
                    do { try journal.writeIdentity(Journal.identity(of: job)) } catch { if !journal.exists { throw error } }
                }
                let own = self.journal(for: slice)
                let joined = try own.join(observableCount: observables)
                return (own, try own.allRecords(observableCount: observables), 0, joined.repairs)
            }
            if journal.exists && !overwrite {
                if retryFailed {
                    var current = Journal.identity(of: job)
                    let stored = try journal.readIdentity()
                    if stored.fingerprint != current.fingerprint {
                        current.earlierFingerprints = Array(stored.accepted.subtracting([current.fingerprint])).sorted()
                        try journal.writeIdentity(current)
                    }
                }
                let resumed = try journal.resume(observableCount: observables)
                var records = try journal.allRecords(observableCount: observables)
                var retried = 0
                if retryFailed {
                    for (index, record) in records {
                        if case .failed = record.outcome { records[index] = nil; retried += 1 }
                    }
                }
                return (journal, records, retried, resumed.repairs)
            }
            try discard(keepSubmit: keepSubmit)
            try journal.create(for: job)
            return (journal, [:], 0, [])
        } catch let error as RunError {
            throw error
        } catch let error as OutputError {
            throw RunError.refused(.unusableFolder(path: nil, reason: "\(error)"))
        } catch {
            throw RunError.refused(.unusableFolder(path: path, reason: "\(error)"))
        }
    }

    /// The refusals of `prepare`, without writing anything (also what `quench submit` checks on the
    /// login node): another scan in the folder without --resume/--overwrite, a changed job or build,
    /// quench's file names without a journal.
    /// `slice`: a slice of a job array, which joins a journal/ that another slice may be creating.
    func check(for job: Job, resume: Bool, overwrite: Bool, retryFailed: Bool = false, slice: Bool = false) throws(RunError) {
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
            if stored.build != current.build {
                throw RunError.refused(.differentBuild(folder: path, journal: stored.build ?? "an older quench (no build recorded)", binary: BuildInfo.flavour))
            }
        } else if !overwrite && !journal.exists {
            let present = Self.scanFiles.filter { FileManager.default.fileExists(atPath: path + "/" + $0) }
                + Self.scanFolders.filter { !(slice && $0 == "journal") && FileManager.default.fileExists(atPath: path + "/" + $0) }.map { $0 + "/" }
            if !present.isEmpty { throw RunError.refused(.foreignFiles(folder: path, files: present)) }
        }
    }

    /// Removes everything quench wrote for an earlier scan (for --overwrite), and nothing else.
    func discard(keepSubmit: Bool = false) throws(RunError) {
        let items = Self.scanFiles + Self.scanFolders + (keepSubmit ? [] : [Self.submitFolder])
        for item in items.map({ path + "/" + $0 }) where FileManager.default.fileExists(atPath: item) {
            do { try FileManager.default.removeItem(atPath: item) } catch {
                throw RunError.refused(.cannotRemove(item: item, reason: error.localizedDescription))
            }
        }
    }

    /// Removes temporary files of atomic writes (`NAME.tmp-PID`) and of lock takeovers that a killed
    /// process left behind; called under the whole-folder lock, when no other quench writes here.
    func removeLeftovers() -> Int {
        var removed = 0
        for folder in [path, path + "/journal", path + "/plots"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.contains(".tmp-") || name.contains(".lock.stale-") {
                if unlink(folder + "/" + name) == 0 { removed += 1 }
            }
        }
        return removed
    }

    // MARK: the path itself

    /// Why `path` cannot be a scan's output folder, or nil: empty, the root, the current or parent
    /// folder itself, a file, or longer than the file system allows (room is left for quench's names).
    /// `onDisk: false` looks at the path's shape only (for job files).
    package static func problem(with path: String, onDisk: Bool = true) -> String? {
        if path.isEmpty { return "the path is empty" }
        let components = path.split(separator: "/")
        if components.isEmpty { return "it is the file system root" }
        if let last = components.last, last == "." || last == ".." {
            return "it names the current or parent folder itself, where a scan's files would mix with others; name a folder of its own"
        }
        if let long = components.first(where: { $0.utf8.count > 255 }) {
            return "the name \"\(long.prefix(40))…\" is longer than 255 bytes"
        }
        if path.utf8.count > 3900 { return "the path is \(path.utf8.count) bytes long; at most 3900 are allowed" }
        if onDisk, PathKind(path) == .file {
            return "it is a file, not a folder"
        }
        return nil
    }

    static func checkPath(_ path: String) throws(RunError) {
        if let problem = problem(with: path) { throw .refused(.badOutputPath(path: path, reason: problem)) }
    }

    /// Creates the folder and any missing parents; returns the folders it created, deepest last. On
    /// failure removes them again and says why in plain words.
    func createFolder() throws(RunError) -> [String] {
        var missing: [String] = []
        var candidate = URL(fileURLWithPath: path).standardized
        while !FileManager.default.fileExists(atPath: candidate.path) && candidate.path != "/" {
            missing.insert(candidate.path, at: 0)
            candidate.deleteLastPathComponent()
        }
        var created: [String] = []
        for folder in missing {
            guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
                let reason = String(cString: strerror(errno))
                Self.removeEmpty(created)
                throw .refused(.unusableFolder(path: path, reason: "cannot create \(folder): \(reason)"))
            }
            created.append(folder)
        }
        return created
    }

    /// Removes folders that `createFolder` made, if they are still empty (a refused run leaves nothing).
    static func removeEmpty(_ created: [String]) {
        for folder in created.reversed() { rmdir(folder) }
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
        try AtomicFile.write(Manifest.json(job: job, report: report, resultsCSV: csv, failed: failed, earlierRuns: Manifest.runs(at: manifestPath)),
                             to: manifestPath)
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
