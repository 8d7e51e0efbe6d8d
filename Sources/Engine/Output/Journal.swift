import Foundation
import Synchronization
import Models

/// The append-only record of finished points in `<output>/journal/`, written by rank 0 as records
/// arrive, so that a killed scan loses only the points in flight.
///
/// `records.log` starts with a header `#job <fingerprint> <build>` naming the job and the build flavour
/// that wrote the lines after it (a later run with other [integrator] settings, by --retry-failed,
/// starts a new segment with its own header). Then one line per record, `index rank time ok <hex bit
/// patterns…> [~name n <n hex coordinates> <n hex values>]… *checksum` (the optional series of
/// [record]) or `index rank time failed <reason> *checksum`, time in seconds since 1970 when rank 0
/// received it; bit patterns make the values exact. The checksum covers the segment's header as well
/// as the line, so a line moved from another job's journal does not verify. A line without its
/// newline or with a bad checksum (a write cut by a kill, a damaged disk) is dropped, and said so,
/// when the journal is resumed; lines of another job or build are refused.
/// `scan.json` identifies the scan (fingerprint of the job, build flavour) so a changed job is never resumed.
///
/// A plain run appends to `records.log`; slice `i` of `K` of a job array (`quench run --slice i/K`)
/// appends to its own `slice-i-of-K.log`, so concurrent array tasks never write the same file.
/// Readers (resume, merge, status) take the records of every file: slice files first, `records.log`
/// last, so a record written by a later plain run (e.g. `--retry-failed`) wins.
package final class Journal: Sendable {
    package let folder: String
    /// The file this journal appends to, without `.log`: "records", or "slice-i-of-K".
    package let name: String
    /// The open records file (-1 before `resume`), when it was last synced to disk, and the segment
    /// key its lines are checksummed with.
    private struct AppendState {
        var fd: Int32 = -1
        var lastSync = Date()
        var key = SegmentKey(fingerprint: "", build: "")
    }
    private let appending = Mutex(AppendState())
    /// Sync to disk at most this often; every batch reaches the kernel at once regardless.
    private let syncInterval: TimeInterval = 2

    package var recordsPath: String { folder + "/" + name + ".log" }
    package var scanPath: String { folder + "/scan.json" }

    package init(folder: String, name: String = "records") {
        self.folder = folder
        self.name = name
    }

    /// The record files in `folder`, in reading order: slice files (sorted), then records.log.
    package static func recordFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let slices = names.filter { $0.hasPrefix("slice-") && $0.hasSuffix(".log") }.sorted()
        return (slices + (names.contains("records.log") ? ["records.log"] : [])).map { folder + "/" + $0 }
    }

    deinit { appending.withLock { if $0.fd >= 0 { close($0.fd) } } }

    // MARK: identity

    package struct Identity: Codable, Equatable, Sendable {
        package var fingerprint: String
        package var model: String
        package var points: Int
        package var observables: [String]
        package var description: [String]
        /// The build flavour that computes this scan's records (`BuildInfo.flavour`).
        package var build: String?
        /// Fingerprints of this scan's earlier [integrator] settings (before --retry-failed), whose
        /// records still count.
        package var earlierFingerprints: [String]?

        /// The fingerprints whose records belong to this scan.
        var accepted: Set<String> { Set([fingerprint] + (earlierFingerprints ?? [])) }
        var key: SegmentKey { SegmentKey(fingerprint: fingerprint, build: build ?? "unknown") }
        /// Whether records of a segment written for `segment` belong to this scan: one of its
        /// fingerprints, and its build.
        func owns(_ segment: SegmentKey) -> Bool { accepted.contains(segment.fingerprint) && segment.build == key.build }
    }

    package static func identity(of job: Job) -> Identity {
        Identity(fingerprint: FNV1a.hex(job.fingerprint), model: job.model.description.name, points: job.pointCount,
                 observables: job.model.description.observables.map(\.name), description: job.canonicalDescription,
                 build: BuildInfo.flavour, earlierFingerprints: nil)
    }

    /// What a segment of a record file was written for: the job's fingerprint and the build flavour.
    struct SegmentKey: Hashable, Sendable {
        var fingerprint: String
        var build: String
        var header: String { "#job \(fingerprint) \(build)" }

        init(fingerprint: String, build: String) {
            self.fingerprint = fingerprint
            self.build = build
        }

        init?(header line: Substring) {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "#job" else { return nil }
            self.init(fingerprint: String(fields[1]), build: String(fields[2]))
        }
    }

    package var exists: Bool { FileManager.default.fileExists(atPath: scanPath) }

    package func readIdentity() throws(OutputError) -> Identity {
        if let problem = PathKind.readProblem(folder, folder: true) ?? PathKind.readProblem(scanPath, folder: false) {
            throw OutputError(path: scanPath, reason: "cannot be read: \(problem)")
        }
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
    package func create(for job: Job) throws(OutputError) {
        try createFolder()
        let identity = Self.identity(of: job)
        try AtomicFile.write(identity.key.header + "\n", to: recordsPath)
        try writeIdentity(identity)
        try openForAppending(key: identity.key)
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
    func join(observableCount: Int) throws(OutputError) -> Resumed {
        if !FileManager.default.fileExists(atPath: recordsPath) { try AtomicFile.write(Data(), to: recordsPath) }
        return try resume(observableCount: observableCount)
    }

    /// The records of every file in the folder (read only; damaged lines skipped), this journal's own
    /// file included, in the reading order of `recordFiles(in:)`; later records replace earlier ones.
    /// Throws if a file holds records of another job or build.
    package func allRecords(observableCount: Int) throws(OutputError) -> [Int: Record] {
        let identity = try readIdentity()
        var records: [Int: Record] = [:]
        for file in Self.recordFiles(in: folder) {
            let reading = Self.read(file, observableCount: observableCount)
            try reading.checkBelongs(to: identity, file: file)
            for entry in reading.entries { records[entry.record.index] = entry.record }
        }
        return records
    }

    /// What `resume` found: the records of this journal's own file, and what it repaired.
    package struct Resumed: Sendable {
        package var records: [Int: Record]
        /// One line per repair ("dropped 2 damaged lines (17, 18)"), for the user.
        package var repairs: [String]
    }

    /// Reads the valid records of this journal's own file, refuses records of another job or build,
    /// rewrites the file without damaged lines (saying which), and opens it for appending. Later
    /// records for the same point replace earlier ones.
    package func resume(observableCount: Int) throws(OutputError) -> Resumed {
        let identity = try readIdentity()
        let reading = Self.read(recordsPath, observableCount: observableCount)
        try reading.checkBelongs(to: identity, file: recordsPath)
        var records: [Int: Record] = [:]
        for entry in reading.entries { records[entry.record.index] = entry.record }
        var kept = reading.kept
        if reading.lastKey != identity.key { kept.append(Substring(identity.key.header)) }
        if !reading.repairs.isEmpty || reading.lastKey != identity.key {
            try AtomicFile.write(kept.map { $0 + "\n" }.joined(), to: recordsPath)
        }
        try openForAppending(key: identity.key)
        return Resumed(records: records, repairs: reading.repairs.map { "quench: \(recordsPath): \($0)" })
    }

    private func openForAppending(key: SegmentKey) throws(OutputError) {
        let path = recordsPath
        let opened = appending.withLock { state in
            if state.fd >= 0 { close(state.fd) }
            state.fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
            state.key = key
            return state.fd >= 0
        }
        guard opened else { throw .system(recordsPath, "cannot open for appending") }
    }

    // MARK: appending

    /// Appends records in one write; they reach the kernel before this returns.
    package func append(_ records: [Record]) throws(OutputError) {
        guard !records.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        let interval = syncInterval
        let ok = appending.withLock { state in
            let bytes = Array(records.map { Self.line($0, time: now, key: state.key) }.joined().utf8)
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
    package func sync() {
        appending.withLock { if $0.fd >= 0 { fsync($0.fd) } }
    }

    // MARK: reading

    /// One record file as read: its valid records with their segments, and what is wrong with the rest.
    struct FileReading {
        var entries: [(record: Record, time: Double, key: SegmentKey)] = []
        /// Headers and valid lines, in order (what a repair writes back).
        var kept: [Substring] = []
        /// The key of the last segment (nil before any header).
        var lastKey: SegmentKey?
        /// Lines that do not verify (1-based line numbers), and whether the last line is unfinished.
        var damaged: [Int] = []
        var unfinishedTail = false

        var repairs: [String] {
            var notes: [String] = []
            if !damaged.isEmpty {
                let which = damaged.prefix(10).map(String.init).joined(separator: ", ") + (damaged.count > 10 ? ", …" : "")
                notes.append("dropped \(damaged.count) damaged line(s) (line \(which)); their points are computed again")
            }
            if unfinishedTail { notes.append("dropped an unfinished last line (a write cut by a kill); its point is computed again") }
            return notes
        }

        /// Refuses records written for another job (fingerprint) or by another build flavour.
        func checkBelongs(to identity: Identity, file: String) throws(OutputError) {
            var foreign: [SegmentKey: Int] = [:]
            for entry in entries where !identity.owns(entry.key) {
                foreign[entry.key, default: 0] += 1
            }
            guard let (key, count) = foreign.max(by: { $0.value < $1.value }) else { return }
            let total = foreign.values.reduce(0, +)
            if identity.accepted.contains(key.fingerprint) {
                throw OutputError(path: file, reason: "\(total) record(s) were computed by a quench built as \(key.build), but this scan is computed by \(identity.key.build) builds, whose results differ in the last bits; resume with a \(key.build) build, or start again with --overwrite")
            }
            throw OutputError(path: file, reason: "\(total) record(s) belong to another job (\(count) of job fingerprint \(key.fingerprint); this scan is \(identity.fingerprint)): was the file copied from another scan's folder? Remove it, or use another output folder")
        }
    }

    /// Reads one record file. A line still being written (no newline yet) is reported as unfinished.
    static func read(_ file: String, observableCount: Int) -> FileReading {
        let data = FileManager.default.contents(atPath: file) ?? Data()
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var reading = FileReading()
        if !text.hasSuffix("\n") {
            reading.unfinishedTail = !(lines.last ?? "").isEmpty
            lines.removeLast()
        }
        for (number, line) in lines.enumerated() where !line.isEmpty {
            if line.hasPrefix("#") {
                guard let key = SegmentKey(header: line) else { reading.damaged.append(number + 1); continue }
                reading.lastKey = key
                reading.kept.append(line)
                continue
            }
            guard let key = reading.lastKey, let parsed = parse(line, observableCount: observableCount, key: key) else {
                reading.damaged.append(number + 1)
                continue
            }
            reading.entries.append((parsed.record, parsed.time, key))
            reading.kept.append(line)
        }
        return reading
    }

    /// Every valid entry of every record file of a journal with the time it was received, in the
    /// reading order of `recordFiles(in:)`, and the count of entries that belong to another job or
    /// build than `identity` (left out), for `quench status`.
    package static func entries(in folder: String, identity: Identity) -> (entries: [(record: Record, time: Double)], foreign: Int) {
        var entries: [(record: Record, time: Double)] = [], foreign = 0
        for file in recordFiles(in: folder) {
            for entry in read(file, observableCount: identity.observables.count).entries {
                if identity.owns(entry.key) {
                    entries.append((entry.record, entry.time))
                } else {
                    foreign += 1
                }
            }
        }
        return (entries, foreign)
    }

    // MARK: line format

    static func line(_ record: Record, time: Double, key: SegmentKey) -> String {
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
        return body + " *" + checksum(body, key: key) + "\n"
    }

    /// The line's checksum, bound to its segment's job and build.
    static func checksum<S: StringProtocol>(_ body: S, key: SegmentKey) -> String {
        FNV1a.hex(FNV1a.hash(key.header + "\n" + body))
    }

    static func parse(_ line: Substring, observableCount: Int, key: SegmentKey) -> (record: Record, time: Double)? {
        guard let star = line.lastIndex(of: "*"), star > line.startIndex else { return nil }
        let body = line[..<line.index(before: star)]
        guard line[line.index(after: star)...] == checksum(body, key: key) else { return nil }
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
