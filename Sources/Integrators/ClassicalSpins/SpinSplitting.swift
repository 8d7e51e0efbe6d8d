import Foundation

/// Norm-preserving 4th-order splitting for `SpinArrays` in a `UniformSpinField`.
///
/// H = H₀ + H₁ with H₀ = Σ_j ω_j s_j^z and H₁ = V(t, J). Both flows are exact rotations: H₀ for a time τ turns
/// spin j about z by ω_jτ (the shear passes of SpinRotations.swift), H₁ with t frozen turns every spin by the
/// field's `flow` matrix.
///
/// Time is a coordinate advanced in the H₀ substeps (extended phase space), t is frozen at the current time in
/// H₁: the Strang step S(h) = H₀(h/2) H₁(h) H₀(h/2) is symmetric, and the triple jump
/// S(w₁h) S(w₀h) S(w₁h), w₁ = 1/(2 − 2^{1/3}), w₀ = 1 − 2w₁ (Yoshida 1990) is of order 4. Adjacent H₀
/// substeps merge (also across steps), so a step is three passes over the spins, each applying one H₁ matrix,
/// then each spin's z turn, and summing J for the next H₁.
extension SpinArrays {
    /// Yoshida's triple-jump weights and the H₀ substeps between the H₁ substeps: a₁ = w₁/2, a₂ = (w₁ + w₀)/2.
    @usableFromInline static let w1 = 1 / (2 - pow(2, 1.0 / 3))
    @usableFromInline static let w0 = 1 - 2 * w1
    @usableFromInline static let a1 = w1 / 2
    @usableFromInline static let a2 = (w1 + w0) / 2

    /// The largest step the splitting accepts: the longest H₀ substep (w₁h, merged across steps) turns any
    /// spin by at most π/2, where the shear form of the turn is well conditioned (|tan(θ/2)| ≤ 1).
    public var largestStableStep: Double { largestFrequency > 0 ? Double.pi / (2 * Self.w1 * largestFrequency) : .infinity }

    /// Integrates from `start` > 0 to `end` with steps from `rule` (its maximum is lowered to `largestStableStep`).
    /// With `tabulateRotations`, the steps of the fixed-step phase take each spin's z turns from two tables built
    /// once (4 more arrays) instead of evaluating sin and cos per spin; the results are bitwise the same either way.
    @inlinable
    public func integrateSplitting<Field: UniformSpinField>(from start: Double, to end: Double, rule requested: ProportionalStepRule,
                                                            field: Field, sampleTimes: [Double] = [],
                                                            tabulateRotations: Bool = false) -> SpinIntegrationReport {
        let rule = ProportionalStepRule(relative: requested.relative, maximum: min(requested.maximum, largestStableStep))
        var (report, recorder, total) = beginRun(at: start, sampleTimes: sampleTimes)
        guard end > start else { return report }

        let tables = tabulateRotations ? (0..<4).map { _ in Self.allocate(padded) } : []
        defer { for table in tables { Self.free(table, padded) } }
        var tablesFilled = false
        let a1 = Self.a1, a2 = Self.a2

        var t = start
        var (h, last) = rule.step(at: t, end: end)
        total = passComputed(.identity, duration: a1 * h)
        while true {
            let next = last ? end : t + h
            let (hNext, nextIsLast) = last ? (0, true) : rule.step(at: next, end: end)
            let fixed = !tables.isEmpty && h == rule.maximum
            if fixed && !tablesFilled {
                fillShearTables(tables[0], tables[1], duration: a2 * h)
                fillShearTables(tables[2], tables[3], duration: a1 * h + a1 * h)
                tablesFilled = true
            }
            let merged = last ? a1 * h : a1 * h + a1 * hNext
            for stage in 0..<3 {
                let weight = stage == 1 ? Self.w0 : Self.w1
                let ts = t + (stage == 0 ? a1 : stage == 1 ? 0.5 : 1 - a1) * h
                report.work += field.work(at: ts, total: total, duration: weight * h)
                let matrix = field.flow(at: ts, total: total, duration: weight * h)
                if stage < 2 {
                    total = fixed ? passTabulated(matrix, tables[0], tables[1]) : passComputed(matrix, duration: a2 * h)
                } else {
                    total = fixed && !last && hNext == h ? passTabulated(matrix, tables[2], tables[3])
                        : passComputed(matrix, duration: merged)
                }
            }
            report.steps += 1
            t = next
            if last { break }
            // The state is a₁·hNext of H₀ ahead of the step's end: undo it (read-only) to sample J.
            if recorder.isDue(t) { recorder.record(t, totalPrecessedBack(duration: a1 * hNext), into: &report) }
            (h, last) = (hNext, nextIsLast)
        }
        recorder.record(end, total, into: &report)
        return report
    }
}
