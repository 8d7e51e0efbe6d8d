import Foundation

/// Rank 0's checks and set-up of the output folder before any work: a fresh journal, or the records
/// of an earlier run of the same job when resuming.
struct OutputFolder {
    let path: String
    var journal: Journal { Journal(folder: path + "/journal") }
    var resultsPath: String { path + "/results.csv" }
    var manifestPath: String { path + "/manifest.json" }

    /// Returns the records already journalled (empty for a fresh scan).
    func prepare(for job: Job, resume: Bool, overwrite: Bool) throws(RunError) -> (Journal, [Int: Record]) {
        let journal = self.journal
        let fm = FileManager.default
        do {
            if journal.exists && !overwrite {
                guard resume else {
                    throw RunError.refused("\(path) already holds a scan (journal/); use --resume to finish it, or --overwrite to start again")
                }
                let stored = try journal.readIdentity()
                let current = Journal.identity(of: job)
                guard stored.fingerprint == current.fingerprint else {
                    throw RunError.refused("cannot resume: the job changed since \(path) was started; " + Self.changes(from: stored.description, to: current.description)
                        + ". Use a new output folder, or --overwrite to discard the finished points")
                }
                return (journal, try journal.resume(observableCount: current.observables.count))
            }
            if !overwrite && fm.fileExists(atPath: resultsPath) {
                throw RunError.refused("\(path) holds results.csv from another run but no journal; use --overwrite to replace it, or another output folder")
            }
            for item in [journal.folder, resultsPath, manifestPath] where fm.fileExists(atPath: item) {
                do { try fm.removeItem(atPath: item) } catch {
                    throw RunError.refused("cannot remove \(item) for --overwrite: \(error.localizedDescription)")
                }
            }
            try journal.create(for: job)
            return (journal, [:])
        } catch let error as RunError {
            throw error
        } catch let error as OutputError {
            throw RunError.refused("cannot use output folder: \(error)")
        } catch {
            throw RunError.refused("cannot use output folder \(path): \(error)")
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
        try AtomicFile.write(Manifest.json(job: job, report: report, resultsCSV: csv, failed: failed), to: manifestPath)
        return (csv, failed)
    }
}
