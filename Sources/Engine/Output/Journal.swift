import Foundation
import Synchronization
import Models

/// The append-only record of finished points in `<output>/journal/`, written by rank 0 as records
/// arrive, so that a killed scan loses only the points in flight.
///
/// `records.log` holds one line per record, `index rank time ok <hex bit patterns…> [~name n <n hex
/// coordinates> <n hex values>]… *checksum` (the optional series of [record]) or
/// `index rank time failed <reason> *checksum`, time in seconds since 1970 when rank 0 received it;
/// bit patterns make the values exact. A line without its
/// newline or with a bad checksum (a write cut by a kill) is dropped when the journal is read.
/// `scan.json` identifies the scan (fingerprint of the job) so a changed job is never resumed.
///
/// A plain run appends to `records.log`; slice `i` of `K` of a job array (`quench run --slice i/K`)
/// appends to its own `slice-i-of-K.log`, so concurrent array tasks never write the same file.
/// Readers (resume, merge, status) take the records of every file: slice files first, `records.log`
/// last, so a record written by a later plain run (e.g. `--retry-failed`) wins.
public final class Journal: Sendable {
    public let folder: String
    /// The file this journal appends to, without `.log`: "records", or "slice-i-of-K".
    public let name: String
    /// The open records file (-1 before `resume`) and when it was last synced to disk.
    private struct AppendState {
        var fd: Int32 = -1
        var lastSync = Date()
    }
    private let appending = Mutex(AppendState())
    /// Sync to disk at most this often; every batch reaches the kernel at once regardless.
    private let syncInterval: TimeInterval = 2

    public var recordsPath: String { folder + "/" + name + ".log" }
    public var scanPath: String { folder + "/scan.json" }

    public init(folder: String, name: String = "records") {
        self.folder = folder
        self.name = name
    }

    /// The record files in `folder`, in reading order: slice files (sorted), then records.log.
    public static func recordFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let slices = names.filter { $0.hasPrefix("slice-") && $0.hasSuffix(".log") }.sorted()
        return (slices + (names.contains("records.log") ? ["records.log"] : [])).map { folder + "/" + $0 }
    }

    deinit { appending.withLock { if $0.fd >= 0 { close($0.fd) } } }

    // MARK: identity

    public struct Identity: Codable, Equatable, Sendable {
        public var fingerprint: String
        public var model: String
        public var points: Int
        public var observables: [String]
        public var description: [String]
    }

    public static func identity(of job: Job) -> Identity {
        Identity(fingerprint: FNV1a.hex(job.fingerprint), model: job.model.description.name, points: job.pointCount,
                 observables: job.model.description.observables.map(\.name), description: job.canonicalDescription)
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: scanPath) }

    public func readIdentity() throws(OutputError) -> Identity {
        guard let data = FileManager.default.contents(atPath: scanPath),
              let identity = try? JSONDecoder().decode(Identity.self, from: data) else {
            throw OutputError(path: scanPath, reason: "cannot be read; the journal is damaged (remove the output folder to start again)")
        }
        return identity
    }

    // MARK: starting and resuming

    /// Replaces the identity (for --retry-failed with other integrator settings).
    func writeIdentity(_ identity: Identity) throws(OutputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(identity) else { throw OutputError(path: scanPath, reason: "cannot encode") }
        try AtomicFile.write(data, to: scanPath)
    }

    /// Starts an empty journal for `job`, replacing any earlier one.
    public func create(for job: Job) throws(OutputError) {
        try createFolder()
        try AtomicFile.write(Data(), to: recordsPath)
        try writeIdentity(Self.identity(of: job))
        try openForAppending()
    }

    func createFolder() throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder, reason: "cannot create folder: \(error.localizedDescription)")
        }
    }

    /// Starts this journal's own record file in an existing journal folder (a new slice), or
    /// resumes it if it exists.
    func join(observableCount: Int) throws(OutputError) -> [Int: Record] {
        if !FileManager.default.fileExists(atPath: recordsPath) { try AtomicFile.write(Data(), to: recordsPath) }
        return try resume(observableCount: observableCount)
    }

    /// The records of every file in the folder (read only; damaged lines skipped), this journal's own
    /// file included, in the reading order of `recordFiles(in:)`; later records replace earlier ones.
    public func allRecords(observableCount: Int) -> [Int: Record] {
        var records: [Int: Record] = [:]
        for entry in Self.entries(in: folder, observableCount: observableCount) { records[entry.record.index] = entry.record }
        return records
    }

    /// Reads the valid records of this journal's own file, rewrites it without any damaged tail, and
    /// opens it for appending. Later records for the same point replace earlier ones.
    public func resume(observableCount: Int) throws(OutputError) -> [Int: Record] {
        let data = FileManager.default.contents(atPath: recordsPath) ?? Data()
        var records: [Int: Record] = [:]
        var validLines: [Substring] = []
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.hasSuffix("\n") { lines.removeLast() }  // an unfinished last line, or the empty tail
        for line in lines where !line.isEmpty {
            guard let record = Self.parse(line, observableCount: observableCount)?.record else { continue }
            records[record.index] = record
            validLines.append(line)
        }
        if validLines.count != lines.filter({ !$0.isEmpty }).count || !text.isEmpty && !text.hasSuffix("\n") {
            try AtomicFile.write(validLines.map { $0 + "\n" }.joined(), to: recordsPath)
        }
        try openForAppending()
        return records
    }

    private func openForAppending() throws(OutputError) {
        let path = recordsPath
        let opened = appending.withLock { state in
            if state.fd >= 0 { close(state.fd) }
            state.fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
            return state.fd >= 0
        }
        guard opened else { throw .system(recordsPath, "cannot open for appending") }
    }

    // MARK: appending

    /// Appends records in one write; they reach the kernel before this returns.
    public func append(_ records: [Record]) throws(OutputError) {
        guard !records.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        let text = records.map { Self.line($0, time: now) }.joined()
        let bytes = Array(text.utf8), interval = syncInterval
        let ok = appending.withLock { state in
            guard bytes.withUnsafeBytes({ AtomicFile.writeAll(state.fd, $0) }) else { return false }
            if Date().timeIntervalSince(state.lastSync) >= interval {
                fsync(state.fd)
                state.lastSync = Date()
            }
            return true
        }
        guard ok else { throw .system(recordsPath, "cannot append") }
    }

    /// Flushes everything to disk.
    public func sync() {
        appending.withLock { if $0.fd >= 0 { fsync($0.fd) } }
    }

    // MARK: line format

    /// Every valid entry of every record file of a journal with the time it was received, in the
    /// reading order of `recordFiles(in:)` (for `quench status`, resume and merge). A line still being
    /// written (no newline yet) is skipped.
    public static func entries(in folder: String, observableCount: Int) -> [(record: Record, time: Double)] {
        recordFiles(in: folder).flatMap { file in
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if !text.hasSuffix("\n") { lines.removeLast() }
            return lines.compactMap { parse($0, observableCount: observableCount) }
        }
    }

    static func line(_ record: Record, time: Double) -> String {
        var body = "\(record.index) \(record.rank) \(String(format: "%.3f", time)) "
        switch record.outcome {
        case .finished(let values):
            body += "ok" + values.map { " " + String($0.bitPattern, radix: 16) }.joined()
            for series in record.series {
                body += " ~\(series.name) \(series.values.count)"
                body += (series.coordinates + series.values).map { " " + String($0.bitPattern, radix: 16) }.joined()
            }
        case .failed(let reason):
            body += "failed " + (reason.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "unknown")
        }
        return body + " *" + FNV1a.hex(FNV1a.hash(body)) + "\n"
    }

    static func parse(_ line: Substring, observableCount: Int) -> (record: Record, time: Double)? {
        guard let star = line.lastIndex(of: "*"), star > line.startIndex else { return nil }
        let body = line[..<line.index(before: star)]
        guard line[line.index(after: star)...] == FNV1a.hex(FNV1a.hash(String(body))) else { return nil }
        let fields = body.split(separator: " ")
        guard fields.count >= 4, let index = Int(fields[0]), let rank = Int(fields[1]), let time = Double(fields[2]) else { return nil }
        switch fields[3] {
        case "ok":
            guard fields.count >= 4 + observableCount else { return nil }
            let values = fields[4..<(4 + observableCount)].compactMap { UInt64($0, radix: 16).map(Double.init(bitPattern:)) }
            guard values.count == observableCount else { return nil }
            var series: [SeriesData] = []
            var k = 4 + observableCount
            while k < fields.count {
                guard fields[k].hasPrefix("~"), k + 1 < fields.count, let count = Int(fields[k + 1]), count >= 0,
                      k + 2 + 2 * count <= fields.count else { return nil }
                let numbers = fields[(k + 2)..<(k + 2 + 2 * count)].compactMap { UInt64($0, radix: 16).map(Double.init(bitPattern:)) }
                guard numbers.count == 2 * count else { return nil }
                series.append(SeriesData(name: String(fields[k].dropFirst()), coordinates: Array(numbers[0..<count]),
                                         values: Array(numbers[count...])))
                k += 2 + 2 * count
            }
            return (Record(index: index, outcome: .finished(values), rank: rank, series: series), time)
        case "failed" where fields.count == 5:
            return (Record(index: index, outcome: .failed(reason: fields[4].removingPercentEncoding ?? String(fields[4])), rank: rank), time)
        default:
            return nil
        }
    }
}
