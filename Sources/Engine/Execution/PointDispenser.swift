import Foundation
import Synchronization

/// Hands out the points still to compute, in chunks, to any number of workers (threads or ranks).
///
/// Points go out most expensive first (by the model's cost estimate), and each chunk carries at most
/// 1/(2·workers) of the estimated cost still unassigned (guided self-scheduling; at least one point,
/// and at least the model's batch size), so chunks shrink toward the end and no worker is left
/// holding a long tail; and at most 1/(16·workers) of the whole scan, which bounds what a kill loses.
/// With a deadline (`quench run --stop-after`), or once a stop is requested (a signal), no chunk goes
/// out: chunks in flight finish, the rest stays for a resumed run. Thread safe.
package final class PointDispenser: Sendable {
    private struct State {
        var order: [Int]
        var next = 0
        var remainingCost: Double
    }

    /// No chunk carries more than this share of the whole scan per worker, so the points in flight,
    /// the most a kill can lose, stay a small part of the scan even with one worker.
    private let chunkCap: Double

    private let state: Mutex<State>
    private let costs: [Int: Double]
    private let workers: Int
    /// Chunks are at least this many points (while that many remain), to fill SIMD lanes.
    private let minimumChunk: Int
    private let deadline: ContinuousClock.Instant?
    private let stop: StopRequest?

    /// - Parameters:
    ///   - pending: indices of the points to compute.
    ///   - cost: estimated relative cost of a point.
    ///   - workers: how many workers will ask for chunks, in all ranks.
    ///   - deadline: after this instant every request gets an empty chunk.
    ///   - stop: once it is set, every request gets an empty chunk.
    package init(pending: [Int], cost: (Int) -> Double, workers: Int, minimumChunk: Int = 8, deadline: ContinuousClock.Instant? = nil,
                stop: StopRequest? = nil) {
        self.deadline = deadline
        self.stop = stop
        var costs: [Int: Double] = [:]
        for index in pending { costs[index] = max(cost(index), 0) }
        let order = pending.sorted { (costs[$0]!, $1) > (costs[$1]!, $0) }
        self.costs = costs
        self.workers = max(workers, 1)
        self.minimumChunk = max(minimumChunk, 1)
        let total = costs.values.reduce(0, +)
        self.chunkCap = total / Double(16 * self.workers)
        self.state = Mutex(State(order: order, remainingCost: total))
    }

    package var remaining: Int { state.withLock { $0.order.count - $0.next } }

    /// The next chunk of point indices; empty when nothing is left or the deadline has passed.
    package func nextChunk() -> [Int] {
        if let deadline, ContinuousClock.now >= deadline { return [] }
        if stop?.isSet == true { return [] }
        return state.withLock { state in
            let target = min(state.remainingCost / Double(2 * workers), chunkCap)
            var chunk: [Int] = []
            var chunkCost = 0.0
            while state.next < state.order.count {
                let index = state.order[state.next]
                guard chunk.count < minimumChunk || chunkCost + costs[index]! <= target else { break }
                chunk.append(index)
                chunkCost += costs[index]!
                state.next += 1
            }
            state.remainingCost = max(state.remainingCost - chunkCost, 0)
            return chunk
        }
    }
}
