import Foundation
import Synchronization
import Models

/// Runs chunks of points through the model and turns outcomes into records.
struct PointEvaluator: Sendable {
    let job: Job
    let rank: Int
    let clock = BusyClock()

    init(job: Job, rank: Int) {
        self.job = job
        self.rank = rank
    }

    func cost(_ index: Int) -> Double { job.runner.estimatedCost(job.point(index)) }

    func evaluate(_ chunk: [Int]) -> [Record] {
        let start = DispatchTime.now().uptimeNanoseconds
        let results = job.runner.evaluate(chunk.map(job.point))
        clock.add(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, points: chunk.count)
        return zip(chunk, results).map { Record(index: $0, outcome: $1.outcome, rank: rank, series: $1.series) }
    }

    /// Evaluates one chunk on `threads` threads (each takes every threads-th point), records in chunk order.
    func evaluate(_ chunk: [Int], threads: Int) -> [Record] {
        guard threads > 1, chunk.count > 1 else { return evaluate(chunk) }
        let parts = (0..<threads).map { t in stride(from: t, to: chunk.count, by: threads).map { chunk[$0] } }
        let results = ResultSlots(count: threads)
        WorkerThreads(count: threads) { t in results.set(t, evaluate(parts[t])) }.join()
        return results.all.flatMap { $0 }.sorted { $0.index < $1.index }
    }
}

/// Per-thread result slots, written once each.
final class ResultSlots: Sendable {
    private let slots: Mutex<[[Record]]>
    init(count: Int) { slots = Mutex(Array(repeating: [], count: count)) }
    func set(_ i: Int, _ records: [Record]) { slots.withLock { $0[i] = records } }
    var all: [[Record]] { slots.withLock { $0 } }
}
