import Foundation
import Integrators

/// One sweep of H(s) = (v s/2) σz + (Δ/2) σx (ħ = 1, v > 0, Δ ≥ 0) from s = start to s = end, from
/// the lab amplitudes `initial` (up, down). The LZ model and every Ising k-mode are such sweeps.
struct LinearSweep {
    var rate: Double
    var gap: Double
    var start: Double
    var end: Double
    var initial: TwoLevelState

    var frame: AdiabaticFrame { AdiabaticFrame(rate: rate, gap: gap) }
    var hamiltonian: LinearTwoLevelHamiltonian { LinearTwoLevelHamiltonian(zOffset: 0, zSlope: rate / 2, xOffset: gap / 2, xSlope: 0) }
}

/// Solves batches of `LinearSweep`s to a tolerance on the final amplitudes: adaptive CFM4 Magnus
/// lanes where the dynamics is non-perturbative, |s| ≤ t₁, and, with `tails`, the analytic
/// adiabatic-frame rotation of `AdiabaticFrame` through |s| > t₁ (t₁ from the tolerance).
enum LinearSweepSolver {
    /// Start of the analytic tails: the tail rotation |I| ≤ 0.1·√tolerance there, so its
    /// second-order error is below 1% of the tolerance.
    static func tailStart(_ sweep: LinearSweep, tolerance: Double) -> Double {
        sweep.frame.tailStart(couplingBound: 0.1 * tolerance.squareRoot())
    }

    /// Length of the window integrated numerically.
    static func numericalSpan(_ sweep: LinearSweep, tolerance: Double, tails: Bool) -> Double {
        guard tails else { return sweep.end - sweep.start }
        let t1 = tailStart(sweep, tolerance: tolerance)
        return max(0, min(sweep.end, t1) - max(sweep.start, -t1))
    }

    /// Final lab states, in order, or the Magnus integrator's own reason where it failed.
    static func solve(_ sweeps: [LinearSweep], tolerance: Double, tails: Bool) -> [Result<TwoLevelState, IntegrationFailure>] {
        // Phase 1: the left tail analytically, up to the numerical window.
        var centres: [(problem: TwoLevelProblem, sweep: Int)] = []
        var states = sweeps.map { $0.initial }
        var failures = [IntegrationFailure?](repeating: nil, count: sweeps.count)
        var windows: [(from: Double, to: Double)] = []
        for (i, sweep) in sweeps.enumerated() {
            let t1 = tails ? tailStart(sweep, tolerance: tolerance) : .infinity
            var from = max(sweep.start, -t1), to = min(sweep.end, t1)
            if from >= to { from = sweep.end; to = sweep.end }  // the whole window is tail: no numerical part
            windows.append((from, to))
            if sweep.start < from { states[i] = tail(sweep, states[i], from: sweep.start, to: min(from, sweep.end)) }
            if from < to {
                centres.append((TwoLevelProblem(hamiltonian: sweep.hamiltonian, initialState: states[i], start: from, end: to, steps: 1), i))
            }
        }
        // Phase 2: the numerical windows, all sweeps together in lanes.
        let control = StepControl.adaptive(relative: 0, absolute: tolerance * 1e-2)
        let outcomes = TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, centres.map(\.problem), control: control)
        for (centre, outcome) in zip(centres, outcomes) {
            let s = outcome.state
            if let failure = outcome.failure { failures[centre.sweep] = failure; continue }
            states[centre.sweep] = TwoLevelState(upReal: s[0], upImaginary: s[1], downReal: s[2], downImaginary: s[3])
        }
        // Phase 3: the right tail analytically.
        for (i, sweep) in sweeps.enumerated() where failures[i] == nil && windows[i].to < sweep.end {
            states[i] = tail(sweep, states[i], from: max(windows[i].to, sweep.start), to: sweep.end)
        }
        return zip(states, failures).map { state, failure in failure.map { .failure($0) } ?? .success(state) }
    }

    /// Lab state at `from` → lab state at `to`, both in one tail.
    static func tail(_ sweep: LinearSweep, _ state: TwoLevelState, from: Double, to: Double) -> TwoLevelState {
        let frame = sweep.frame
        let b = frame.toInteraction(up: (state.upReal, state.upImaginary), down: (state.downReal, state.downImaginary), at: from)
        let moved = frame.propagateTail(plus: b.plus, minus: b.minus, from: from, to: to)
        let lab = frame.toLab(plus: moved.plus, minus: moved.minus, at: to)
        return TwoLevelState(upReal: lab.up.re, upImaginary: lab.up.im, downReal: lab.down.re, downImaginary: lab.down.im)
    }
}
