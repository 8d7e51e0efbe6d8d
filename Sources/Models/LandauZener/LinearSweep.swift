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

    /// The window integrated numerically (empty, from = to, where it is all tail).
    static func numericalWindow(_ sweep: LinearSweep, tolerance: Double, tails: Bool) -> (from: Double, to: Double) {
        guard tails else { return (sweep.start, sweep.end) }
        let t1 = tailStart(sweep, tolerance: tolerance)
        let from = max(sweep.start, -t1), to = min(sweep.end, t1)
        return from < to ? (from, to) : (sweep.end, sweep.end)
    }

    /// Length of the window integrated numerically.
    static func numericalSpan(_ sweep: LinearSweep, tolerance: Double, tails: Bool) -> Double {
        let window = numericalWindow(sweep, tolerance: tolerance, tails: tails)
        return window.to - window.from
    }

    /// The fewest Magnus steps of the numerical window: its dynamical phase ∫E ds (E = |H|) over
    /// the largest rotation of a step, `TwoLevelMagnus.maxRotation`. Whatever the tolerance, the
    /// whole phase is resolved; without tails that is about v·T²/4 steps for a window [−T, T].
    static func rotationSteps(_ sweep: LinearSweep, tolerance: Double, tails: Bool) -> Double {
        let window = numericalWindow(sweep, tolerance: tolerance, tails: tails), frame = sweep.frame
        return (frame.phase(window.to) - frame.phase(window.from)) / TwoLevelMagnus.maxRotation
    }

    /// The most `rotationSteps` a sweep may need: half the Magnus integrator's step limit (10⁷),
    /// leaving the other half to the steps the tolerance asks for.
    static let rotationStepLimit = 5e6

    /// Final lab states, in order, or the Magnus integrator's own reason where it failed.
    static func solve(_ sweeps: [LinearSweep], tolerance: Double, tails: Bool) -> [Result<TwoLevelState, IntegrationFailure>] {
        // Phase 1: the left tail analytically, up to the numerical window.
        var centres: [(problem: TwoLevelProblem, sweep: Int)] = []
        var states = sweeps.map { $0.initial }
        var failures = [IntegrationFailure?](repeating: nil, count: sweeps.count)
        var windows: [(from: Double, to: Double)] = []
        for (i, sweep) in sweeps.enumerated() {
            let (from, to) = numericalWindow(sweep, tolerance: tolerance, tails: tails)
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
