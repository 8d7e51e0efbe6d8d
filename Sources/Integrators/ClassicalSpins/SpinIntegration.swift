import Foundation

/// The field of a classical-spin model that every spin sees: a system with energy H = Σ_j ω_j s_j^z + V(t, J),
/// J = Σ_j s_j, whose spins obey ds_j/dt = b_j × s_j, b_j = ∂H/∂s_j = B(t, J) + ω_j ẑ with B = ∂V/∂J. The
/// per-spin frequencies ω_j live in `SpinArrays`; the model supplies B and the exact flow of V. Because all spins
/// see the same B, that flow turns every spin by one rotation. Units: t and durations in the model's time unit,
/// fields and ω_j in rad per unit time, energies in (rad per unit time)·(spin length).
public protocol UniformSpinField {
    /// (B_x, B_y) at time t and total spin J; the integrators take B_z = 0 (a uniform z field belongs in ω_j).
    func field(at t: Double, total: SIMD3<Double>) -> SIMD2<Double>

    /// The exact flow of ds/dt = B(t, J) × s over a time τ with t frozen, starting from total spin J.
    func flow(at t: Double, total: SIMD3<Double>, duration: Double) -> Rotation3

    /// τ·∂V/∂t at (t, J): the share of a stage in the work quadrature ∫ ∂H/∂t dt. The splitting passes the
    /// substep's duration as τ; RK4 passes its stage weights 1, 2, 2, 1 and scales their sum by h/6.
    func work(at t: Double, total: SIMD3<Double>, duration: Double) -> Double
}

/// h(t) = min(relative·t, maximum): steps proportional to t while a coupling ∝ 1/t changes on the scale t, then a
/// fixed step (for spins, one that resolves the fastest precession: maximum ∝ 1/max|ω|). The last step ends
/// exactly at the end time. Times are positive.
public struct ProportionalStepRule: Sendable, Hashable {
    public var relative: Double
    public var maximum: Double

    public init(relative: Double, maximum: Double) {
        precondition(relative > 0 && maximum > 0, "steps must be positive")
        self.relative = relative
        self.maximum = maximum
    }

    /// The step from t towards `end`, and whether it is the last (then h = end − t).
    @inlinable
    public func step(at t: Double, end: Double) -> (h: Double, last: Bool) {
        let h = min(relative * t, maximum)
        return t + h >= end ? (end - t, true) : (h, false)
    }

    /// Steps from `start` to `end` (counted, without integrating): for cost estimates.
    public func stepCount(from start: Double, to end: Double) -> Int {
        let switchTime = min(maximum / relative, end)
        var early = 0
        if switchTime > start { early = Int((log(switchTime / start) / log1p(relative)).rounded(.up)) }
        return early + Int(max(0, end - max(switchTime, start)) / maximum) + 1
    }
}

/// What an integration of `SpinArrays` did.
public struct SpinIntegrationReport: Sendable {
    /// Steps taken.
    public var steps = 0
    /// ∫ ∂H/∂t dt by the quadrature the method implies (`UniformSpinField.work` at each stage, weighted by the
    /// stage's share of the step), so that H(end) − H(start) − work measures how far the method is from exact
    /// energy balance.
    public var work = 0.0
    /// (t, J) at the end of the first step that reaches each requested sample time (the start for samples ≤ start).
    public var samples: [(time: Double, total: SIMD3<Double>)] = []

    public init() {}
}

extension SpinArrays {
    /// An empty report and the sample recorder of a run from `start` (> 0), with J at the start recorded.
    @usableFromInline
    func beginRun(at start: Double, sampleTimes: [Double]) -> (SpinIntegrationReport, SampleRecorder, SIMD3<Double>) {
        precondition(start > 0, "times are positive (early steps are proportional to t)")
        var report = SpinIntegrationReport()
        var recorder = SampleRecorder(times: sampleTimes)
        let total = self.total
        recorder.record(start, total, into: &report)
        return (report, recorder, total)
    }
}

/// Picks the step ends at which J is recorded: the first step end at or after each requested time.
@usableFromInline
struct SampleRecorder {
    @usableFromInline let times: [Double]
    @usableFromInline var next = 0

    @usableFromInline init(times: [Double]) { self.times = times }

    @inlinable func isDue(_ t: Double) -> Bool { next < times.count && times[next] <= t }

    @inlinable mutating func record(_ t: Double, _ total: SIMD3<Double>, into report: inout SpinIntegrationReport) {
        guard isDue(t) else { return }
        while isDue(t) { next += 1 }
        report.samples.append((t, total))
    }
}
