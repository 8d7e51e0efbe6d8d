import Integrators

/// The floating-point peak of one core, measured: 24 independent chains of SIMD8<Double>
/// multiply-adds held in registers (enough to cover the FMA latency on two FMA units), so the loop
/// is bound by multiply-add throughput alone. A fused multiply-add counts as 2 flops; in a build
/// without QUENCH_FMA the chains are a multiply and an add, the peak of that build.
package enum PeakFlops {
    package static let chains = 24

    @inline(never)
    package static func run(iterations: Int) -> Double {
        typealias V = SIMD8<Double>
        let a = V(repeating: 0.999_999_9), b = V(repeating: 1e-9)
        var acc = InlineArray<24, V>(repeating: V(repeating: 1))
        for i in 0..<24 { acc[i] = V(repeating: 1 + Double(i) * 1e-3) }
        for _ in 0..<iterations {
            for i in 0..<24 { acc[i] = LaneMath.muladd(acc[i], a, b) }
        }
        var sum = V()
        for i in 0..<24 { sum += acc[i] }
        return sum.sum()
    }

    /// Flops done by `run(iterations:)`.
    package static func flops(iterations: Int) -> Double { Double(iterations) * Double(chains) * 8 * 2 }

    /// Measured GFLOP/s of one core.
    package static func measure() -> Double {
        let iterations = 2_000_000
        let time = Measurement.best { blackHole(run(iterations: iterations)) }
        return flops(iterations: iterations) / time.seconds * 1e-9
    }
}
