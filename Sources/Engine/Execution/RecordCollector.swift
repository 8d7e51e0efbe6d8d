import Foundation
import Synchronization

/// Rank 0's sink for finished records: journals them at once (when it has a journal: verify keeps
/// its records in memory only), keeps them for the merge, and shows progress.
final class RecordCollector: Sendable {
    private struct State {
        var records: [Int: Record]
        var firstError: OutputError?
        /// Set by `close`: later batches are neither journalled nor counted.
        var closed = false
    }
    private let journal: Journal?
    private let state: Mutex<State>
    private let total: Int
    private let progress: ProgressLine

    init(journal: Journal?, previous: [Int: Record], total: Int, showProgress: Bool) {
        self.journal = journal
        self.state = Mutex(State(records: previous, firstError: nil))
        self.total = total
        self.progress = ProgressLine(enabled: showProgress, alreadyDone: previous.count, total: total)
    }

    func add(_ batch: [Record]) {
        guard !batch.isEmpty else { return }
        // Journalled and counted under one lock, so that `close` counts exactly what the journal holds.
        let done = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            do throws(OutputError) { try journal?.append(batch) } catch { if state.firstError == nil { state.firstError = error } }
            for record in batch { state.records[record.index] = record }
            return state.records.count
        }
        if let done { progress.update(done: done) }
    }

    /// Every record journalled so far, this run and earlier ones, by point index.
    var records: [Int: Record] { state.withLock { $0.records } }

    /// Points journalled so far, this run and earlier ones.
    var count: Int { state.withLock { $0.records.count } }

    /// The first journal write error, if any; the scan is not complete when there is one.
    var error: OutputError? { state.withLock { $0.firstError } }

    /// Stops journalling (a signal ends the run), syncs the journal, and returns how many points it
    /// holds, this run and earlier ones.
    func close() -> Int {
        let count = state.withLock { state in
            state.closed = true
            return state.records.count
        }
        journal?.sync()
        return count
    }

    func finish() {
        journal?.sync()
        progress.finish()
    }
}

/// Progress on rank 0's standard error: a live line on a terminal, otherwise (a batch job's log file)
/// a plain line every 30 s, or every `QUENCH_PROGRESS_SECONDS`.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let interactive = isatty(2) != 0
    private let logInterval = ProcessInfo.processInfo.environment["QUENCH_PROGRESS_SECONDS"].flatMap(Double.init) ?? 30
    private let start = Date()
    private let alreadyDone: Int
    private let total: Int
    private let lastShown = Mutex(Date())

    init(enabled: Bool, alreadyDone: Int, total: Int) {
        self.enabled = enabled
        self.alreadyDone = alreadyDone
        self.total = total
    }

    func update(done: Int) {
        guard enabled else { return }
        let interval = interactive ? 0.25 : logInterval
        lastShown.withLock { lastShown in
            let now = Date()
            guard now.timeIntervalSince(lastShown) >= interval else { return }
            lastShown = now
            write(line(done: done, now: now) + (interactive ? "\r" : "\n"))
        }
    }

    func finish() {
        if enabled && interactive { write("\u{1B}[2K") }
    }

    private func line(done: Int, now: Date) -> String {
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done - alreadyDone) / max(elapsed, 1e-9)
        let left = rate > 0 ? Double(total - done) / rate : .infinity
        return "quench: \(done)/\(total) points, \(String(format: "%.1f", rate))/s, about \(left.isFinite ? "\(Int(left.rounded())) s" : "?") left"
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { AtomicFile.writeAll(2, $0) }
    }
}
