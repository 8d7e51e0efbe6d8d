import Foundation

/// Wall time of a closure on this thread: the best of `repetitions` runs, each repeated until it
/// lasts at least `minimumSeconds` (so short kernels are timed over many calls).
package struct Measurement: Sendable {
    package let seconds: Double
    package let calls: Int

    package static func best(repetitions: Int = 3, minimumSeconds: Double = 0.2, _ body: () -> Void) -> Measurement {
        var best = Double.infinity
        var bestCalls = 1
        for _ in 0..<repetitions {
            var calls = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed = 0.0
            repeat {
                body()
                calls += 1
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            } while elapsed < minimumSeconds
            if elapsed / Double(calls) < best / Double(bestCalls) || best.isInfinite {
                best = elapsed
                bestCalls = calls
            }
        }
        return Measurement(seconds: best / Double(bestCalls), calls: bestCalls)
    }
}

/// Keeps a value alive so the optimizer cannot delete the work that made it.
@inline(never)
package func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
