/// A method of the lane pool: the SIMD arithmetic of fixed steps of every lane, and how a problem
/// enters and leaves a lane. Everything else (which lane holds which problem, times, step sizes,
/// counters) is `LanePool`'s, the same for every method.
///
/// Every operation must be lane-wise (no lane reads another), so that a problem's result does not
/// depend on the problems that share its lanes. Idle lanes are stepped too, with h = 0.
public protocol LaneStepper {
    associatedtype Lanes: SIMD where Lanes.Scalar == Double
    associatedtype Problem
    /// What the pool reports for a finished problem.
    associatedtype Final

    /// Writes `problem` into `lane` (state and coefficients); returns its start, end and, for
    /// problems with their own step count, that count (fixed steps only).
    mutating func load(_ problem: Problem, lane: Int) -> LaneStart
    /// `lane`'s final value.
    func final(lane: Int) -> Final
    /// `count` fixed steps of every lane: step k of a lane at t = start + k·h, k = index, index + 1, ….
    mutating func fixedSteps(_ count: Int, start: Lanes, size h: Lanes, index: inout Lanes)
}

/// A lane method with an error estimate: the pool controls each lane's steps by `StepSizeController`.
public protocol AdaptiveLaneStepper: LaneStepper {
    /// The order of the error estimate of `trialStep` (for the step-size controller).
    var errorOrder: Int { get }
    /// Before an adaptive step at `t`, for every lane (refilled: some lane has just been loaded).
    mutating func prepareTrial(at t: Lanes, refilled: Bool)
    /// The first step of a just-loaded lane over `span`, with the tolerances of the control.
    func initialStep(lane: Int, span: Double, relative: Double, absolute: Double) -> Double
    /// The largest steps the method allows from `t` (`h` as the controller proposes it).
    func admissibleStep(at t: Lanes, proposed h: Lanes) -> Lanes
    /// A trial step of size h from t for every lane; returns each lane's scaled error (≤ 1:
    /// accept), measured with `relative` and `absolute`. The trial is kept until `accept`.
    mutating func trialStep(at t: Lanes, size h: Lanes, relative: Double, absolute: Double) -> Lanes
    /// Makes `lane`'s trial its state; false when the new state is not finite.
    mutating func accept(lane: Int) -> Bool
}

extension AdaptiveLaneStepper {
    @inlinable
    public func admissibleStep(at t: Lanes, proposed h: Lanes) -> Lanes { h }

    @inlinable
    public mutating func prepareTrial(at t: Lanes, refilled: Bool) {}
}

/// Integrates many independent problems, one per SIMD lane, with any `LaneStepper`.
///
/// Each lane keeps its own time, step size, error control and counters; when a lane's problem ends
/// the lane takes the next problem, so no lane waits for another. Fixed steps run in stretches until
/// the next lane finishes (the hot loop stays in the stepper's registers); adaptive steps are
/// controlled per lane by `StepSizeController`, with a step-size underflow or the step limit
/// ending a lane's problem as a failure.
public enum LanePool {
    /// `finished(index, final, accepted, rejected, failure)`: called once per problem, in the order
    /// problems finish (use the index).
    public typealias Finished<Final> = (_ index: Int, _ final: Final, _ accepted: Int, _ rejected: Int,
                                        _ failure: IntegrationFailure?) -> Void

    /// Which problem each lane holds, and where it is: the bookkeeping of every method.
    @usableFromInline
    struct Lanes<V: SIMD> where V.Scalar == Double {
        @usableFromInline var t = V(), h = V(), start = V(), end = V(), stepIndex = V()
        @usableFromInline var owner = [Int](repeating: -1, count: V.scalarCount)
        @usableFromInline var accepted = [Int](repeating: 0, count: V.scalarCount)
        @usableFromInline var rejected = [Int](repeating: 0, count: V.scalarCount)
        @usableFromInline var fixedSteps = [Int](repeating: 0, count: V.scalarCount)
        @usableFromInline var next = 0

        @inlinable init() {}

        @inlinable var busy: Bool { owner.contains { $0 >= 0 } }

        /// Loads the next problems into idle lanes: fixed steps of `steps` (or the problem's own count)
        /// when `steps` is given, else h = 0 (the adaptive stepper's initial step follows). True if any was loaded.
        @inlinable
        mutating func refill<S: LaneStepper>(_ stepper: inout S, _ problems: [S.Problem], fixed steps: Int?) -> Bool
            where S.Lanes == V {
            var refilled = false
            for lane in 0..<V.scalarCount where owner[lane] < 0 && next < problems.count {
                let begin = stepper.load(problems[next], lane: lane)
                t[lane] = begin.start
                start[lane] = begin.start
                end[lane] = begin.end
                stepIndex[lane] = 0
                accepted[lane] = 0
                rejected[lane] = 0
                if let steps {
                    fixedSteps[lane] = begin.steps ?? steps
                    h[lane] = (begin.end - begin.start) / Double(fixedSteps[lane])
                } else {
                    h[lane] = 0
                }
                owner[lane] = next
                next += 1
                refilled = true
            }
            return refilled
        }

        @inlinable
        mutating func finish<Final>(_ lane: Int, _ final: Final, _ failure: IntegrationFailure?, _ finished: Finished<Final>) {
            finished(owner[lane], final, accepted[lane], rejected[lane], failure)
            owner[lane] = -1
            h[lane] = 0
        }
    }

    /// Fixed steps: `steps` equal steps per problem (or the problem's own count, `LaneStart.steps`).
    @inlinable
    public static func run<Stepper: LaneStepper>(_ stepper: inout Stepper, _ problems: [Stepper.Problem], steps: Int,
                                                 finished: Finished<Stepper.Final>) {
        var lanes = Lanes<Stepper.Lanes>()
        while true {
            _ = lanes.refill(&stepper, problems, fixed: steps)
            guard lanes.busy else { break }
            var run = Int.max
            for lane in 0..<Stepper.Lanes.scalarCount where lanes.owner[lane] >= 0 {
                run = min(run, lanes.fixedSteps[lane] - lanes.accepted[lane])
            }
            stepper.fixedSteps(run, start: lanes.start, size: lanes.h, index: &lanes.stepIndex)
            for lane in 0..<Stepper.Lanes.scalarCount where lanes.owner[lane] >= 0 {
                lanes.accepted[lane] += run
                if lanes.accepted[lane] == lanes.fixedSteps[lane] { lanes.finish(lane, stepper.final(lane: lane), nil, finished) }
            }
        }
    }

    /// Fixed or adaptive steps, as `control` says.
    @inlinable
    public static func run<Stepper: AdaptiveLaneStepper>(_ stepper: inout Stepper, _ problems: [Stepper.Problem],
                                                         control: StepControl, finished: Finished<Stepper.Final>) {
        guard case .adaptive(let relative, let absolute, let maxSteps) = control else {
            if case .fixed(let steps) = control { run(&stepper, problems, steps: steps, finished: finished) }
            return
        }
        let controller = StepSizeController(errorOrder: stepper.errorOrder)
        var lanes = Lanes<Stepper.Lanes>()
        while true {
            let refilled = lanes.refill(&stepper, problems, fixed: nil)
            guard lanes.busy else { break }
            stepper.prepareTrial(at: lanes.t, refilled: refilled)
            for lane in 0..<Stepper.Lanes.scalarCount where lanes.owner[lane] >= 0 && lanes.h[lane] == 0 {
                lanes.h[lane] = stepper.initialStep(lane: lane, span: lanes.end[lane] - lanes.t[lane], relative: relative,
                                                    absolute: absolute)
            }
            let remaining = lanes.end - lanes.t
            let bounded = stepper.admissibleStep(at: lanes.t, proposed: lanes.h)
            let last = bounded .>= remaining
            let step = bounded.replacing(with: remaining, where: last)
            let error = stepper.trialStep(at: lanes.t, size: step, relative: relative, absolute: absolute)
            for lane in 0..<Stepper.Lanes.scalarCount where lanes.owner[lane] >= 0 {
                let e = error[lane]
                if e <= 1 {
                    lanes.accepted[lane] += 1
                    lanes.t[lane] = last[lane] ? lanes.end[lane] : lanes.t[lane] + step[lane]
                    lanes.h[lane] = controller.afterAccepted(step[lane], error: e)
                    if !stepper.accept(lane: lane) {
                        lanes.finish(lane, stepper.final(lane: lane), .nonFiniteState(time: lanes.t[lane]), finished)
                        continue
                    }
                    if last[lane] {
                        lanes.finish(lane, stepper.final(lane: lane), nil, finished)
                        continue
                    }
                } else {
                    lanes.rejected[lane] += 1
                    lanes.h[lane] = controller.afterRejected(step[lane], error: e)
                }
                if StepSizeController.underflows(lanes.h[lane], at: lanes.t[lane], span: lanes.end[lane] - lanes.start[lane]) {
                    lanes.finish(lane, stepper.final(lane: lane), .stepSizeUnderflow(step: lanes.h[lane], time: lanes.t[lane]), finished)
                } else if lanes.accepted[lane] + lanes.rejected[lane] >= maxSteps {
                    lanes.finish(lane, stepper.final(lane: lane), .stepLimit(maxSteps: maxSteps, end: lanes.end[lane]), finished)
                }
            }
        }
    }

    /// `run` collected into `LaneOutcome`s in the order of `problems`.
    @inlinable
    public static func outcomes<Stepper: AdaptiveLaneStepper>(_ stepper: inout Stepper, _ problems: [Stepper.Problem],
                                                              control: StepControl) -> [LaneOutcome] where Stepper.Final == [Double] {
        var outcomes = [LaneOutcome](repeating: LaneOutcome(state: [], acceptedSteps: 0, rejectedSteps: 0, failure: nil),
                                     count: problems.count)
        run(&stepper, problems, control: control) { index, final, accepted, rejected, failure in
            outcomes[index] = LaneOutcome(state: final, acceptedSteps: accepted, rejectedSteps: rejected, failure: failure)
        }
        return outcomes
    }
}
