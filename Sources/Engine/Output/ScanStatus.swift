import Foundation

/// What the output folder of a scan says about it: from `journal/` (and `results.csv` once it is
/// written), the folder's locks (running or stopped) and `submit/` (submitted, not yet started).
package struct ScanStatus: Sendable {
    package let folder: String
    package let model: String
    package let points: Int
    package let done: Int
    package let failed: [(index: Int, reason: String)]
    /// Points per rank in the journal.
    package let perRank: [Int: Int]
    /// Points per second over the last minute of records (nil with fewer than two batches in it).
    package let recentRate: Double?
    package let secondsSinceLastRecord: Double?
    package let finished: Bool
    /// What the locks say: who runs in the folder now, and locks left by processes that are gone.
    package let running: [FolderLock.Holder]
    package let runningElsewhere: [FolderLock.Holder]
    package let killed: [FolderLock.Holder]
    /// Records in the journal that belong to another job or build (left out of the counts).
    package let foreign: Int
    /// Scheduler job ids of the scan's submissions (nil before any journal: submitted, not started).
    package let submittedJobs: [String]

    package var remaining: Int { points - done }

    package enum Failure: Error, CustomStringConvertible {
        case noScan(String)
        case noFolder(String)
        case notAFolder(String)
        /// The folder, its journal or the journal's identity cannot be read (reason in the system's words).
        case unreadable(path: String, reason: String)
        /// The journal's identity exists but is damaged.
        case damaged(OutputError)
        package var description: String {
            switch self {
            case .noScan(let folder): "\(folder) holds no scan (no journal/scan.json): was it the output folder of a quench run?"
            case .noFolder(let folder): "\(folder) does not exist"
            case .notAFolder(let path): "\(path) is a file, not a scan's output folder"
            case .unreadable(let path, let reason): "\(path) cannot be read: \(reason)"
            case .damaged(let error): error.description
            }
        }
    }

    package static func read(_ folder: String, now: Date = Date()) throws(Failure) -> ScanStatus {
        for (path, isFolder) in [(folder, true), (folder + "/journal", true), (folder + "/journal/scan.json", false),
                                 (folder + "/journal/records.log", false)] {
            if let reason = PathKind.readProblem(path, folder: isFolder) { throw .unreadable(path: path, reason: reason) }
        }
        switch PathKind(folder) {
        case .missing: throw .noFolder(folder)
        case .file: throw .notAFolder(folder)
        case .folder: break
        }
        let locks = FolderLock.locks(in: folder)
        let holders = { (kind: FolderLock.Liveness) in locks.filter { $0.liveness == kind }.compactMap(\.holder) }
        let submitted = SubmissionLog.read(output: folder).flatMap { $0.jobs.map(\.id) }
        let journal = Journal(folder: folder + "/journal")
        let identity: Journal.Identity
        if journal.exists {
            do { identity = try journal.readIdentity() } catch { throw .damaged(error) }
        } else {
            guard !submitted.isEmpty else { throw .noScan(folder) }
            return ScanStatus(folder: folder, model: "", points: 0, done: 0, failed: [], perRank: [:], recentRate: nil,
                              secondsSinceLastRecord: nil, finished: false, running: holders(.alive), runningElsewhere: holders(.otherHost),
                              killed: holders(.gone), foreign: 0, submittedJobs: submitted)
        }
        let (entries, foreign) = Journal.entries(in: journal.folder, identity: identity)
        var latest: [Int: (record: Record, time: Double)] = [:]
        for entry in entries { latest[entry.record.index] = entry }
        var perRank: [Int: Int] = [:]
        var failed: [(Int, String)] = []
        for (index, entry) in latest {
            perRank[entry.record.rank, default: 0] += 1
            if case .failed(let reason) = entry.record.outcome { failed.append((index, reason)) }
        }
        let last = entries.map(\.time).max()
        let windowStart = (last ?? 0) - 60
        let recent = entries.filter { $0.time >= windowStart }
        var rate: Double?
        if let first = recent.map(\.time).min(), let last, last > first { rate = Double(recent.count) / (last - first) }
        return ScanStatus(folder: folder, model: identity.model, points: identity.points, done: latest.count,
                          failed: failed.sorted { $0.0 < $1.0 }, perRank: perRank, recentRate: rate,
                          secondsSinceLastRecord: last.map { now.timeIntervalSince1970 - $0 },
                          finished: FileManager.default.fileExists(atPath: folder + "/results.csv"),
                          running: holders(.alive), runningElsewhere: holders(.otherHost), killed: holders(.gone),
                          foreign: foreign, submittedJobs: submitted)
    }

    package var text: String {
        if model.isEmpty {
            let state = running.isEmpty ? "no run has started yet (queued?)" : "starting: " + running.map(\.text).joined(separator: "; ")
            return "\(folder): submitted as job(s) \(submittedJobs.joined(separator: ", ")); \(state)"
        }
        var lines = ["\(folder): \(model), \(points) points"]
        lines.append("  done \(done) (\(failed.count) failed), remaining \(remaining)")
        let idle = secondsSinceLastRecord.map { " (last record \(Int($0)) s ago)" } ?? " (no point finished yet)"
        if !running.isEmpty {
            lines.append("  running: " + running.map(\.text).joined(separator: "; ") + idle)
            if let rate = recentRate, rate > 0, remaining > 0 {
                lines.append(String(format: "  rate %.3g points/s over the last minute, about %.0f s left", rate, Double(remaining) / rate))
            }
        } else if !runningElsewhere.isEmpty {
            lines.append("  running on another host, as its lock says (not checked from here): " + runningElsewhere.map(\.text).joined(separator: "; ") + idle)
        } else if finished {
            lines.append("  finished: results.csv written")
        } else if !killed.isEmpty {
            lines.append("  stopped: killed (the lock of " + killed.map(\.text).joined(separator: "; ") + " is left, its process is gone); finish with quench run JOB --resume")
        } else {
            lines.append("  stopped" + idle + "; finish with quench run JOB --resume")
        }
        if foreign > 0 { lines.append("  \(foreign) record(s) in journal/ belong to another job or build and are not counted") }
        if !perRank.isEmpty {
            lines.append("  points per rank: " + perRank.keys.sorted().map { "\($0): \(perRank[$0]!)" }.joined(separator: ", "))
        }
        for (index, reason) in failed.prefix(20) { lines.append("  failed point \(index): \(reason)") }
        if failed.count > 20 { lines.append("  … and \(failed.count - 20) more failed points") }
        return lines.joined(separator: "\n")
    }
}
