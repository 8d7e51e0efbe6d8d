import Foundation

/// What the output folder of a scan says about it, running or stopped: from `journal/` (and
/// `results.csv` once it is written).
public struct ScanStatus: Sendable {
    public let folder: String
    public let model: String
    public let points: Int
    public let done: Int
    public let failed: [(index: Int, reason: String)]
    /// Points per rank in the journal.
    public let perRank: [Int: Int]
    /// Points per second over the last minute of records (nil with fewer than two batches in it).
    public let recentRate: Double?
    public let secondsSinceLastRecord: Double?
    public let finished: Bool

    public var remaining: Int { points - done }

    public enum Failure: Error, CustomStringConvertible {
        case noScan(String)
        public var description: String {
            switch self {
            case .noScan(let folder): "\(folder) holds no scan (no journal/scan.json)"
            }
        }
    }

    public static func read(_ folder: String, now: Date = Date()) throws(Failure) -> ScanStatus {
        let journal = Journal(folder: folder + "/journal")
        guard journal.exists, let identity = try? journal.readIdentity() else { throw .noScan(folder) }
        let entries = Journal.entries(in: journal.folder, observableCount: identity.observables.count)
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
                          finished: FileManager.default.fileExists(atPath: folder + "/results.csv"))
    }

    public var text: String {
        var lines = ["\(folder): \(model), \(points) points"]
        lines.append("  done \(done) (\(failed.count) failed), remaining \(remaining)")
        if finished {
            lines.append("  finished: results.csv written")
        } else if let idle = secondsSinceLastRecord {
            let state = idle < 120 ? "running (last record \(Int(idle)) s ago)" : "stopped (last record \(Int(idle / 60)) min ago); finish with quench run JOB --resume"
            lines.append("  " + state)
            if let rate = recentRate, idle < 120, rate > 0 {
                lines.append(String(format: "  rate %.3g points/s over the last minute, about %.0f s left", rate, Double(remaining) / rate))
            }
        } else {
            lines.append("  no point finished yet")
        }
        if !perRank.isEmpty {
            lines.append("  points per rank: " + perRank.keys.sorted().map { "\($0): \(perRank[$0]!)" }.joined(separator: ", "))
        }
        for (index, reason) in failed.prefix(20) { lines.append("  failed point \(index): \(reason)") }
        if failed.count > 20 { lines.append("  … and \(failed.count - 20) more failed points") }
        return lines.joined(separator: "\n")
    }
}
