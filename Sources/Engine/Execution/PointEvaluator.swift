import Foundation
import Models

/// Runs chunks of points through the model and turns outcomes into records.
struct PointEvaluator: Sendable {
    let job: Job
    let model: any Model
    let rank: Int
    let clock = BusyClock()

    init(job: Job, rank: Int) {
        self.job = job
        self.model = job.model.init(settings: job.integrator, record: job.record)
        self.rank = rank
    }

    func cost(_ index: Int) -> Double { model.estimatedCost(job.point(index)) }

    func evaluate(_ chunk: [Int]) -> [Record] {
        let start = DispatchTime.now().uptimeNanoseconds
        let results = model.evaluateWithSeries(chunk.map(job.point))
        clock.add(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, points: chunk.count)
        return zip(chunk, results).map { Record(index: $0, outcome: $1.0, rank: rank, series: $1.1) }
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
final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[Record]]
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ i: Int, _ records: [Record]) { lock.lock(); slots[i] = records; lock.unlock() }
    var all: [[Record]] { lock.lock(); defer { lock.unlock() }; return slots }
}
