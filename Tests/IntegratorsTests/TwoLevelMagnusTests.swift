import Foundation
import Integrators
import Testing

@Suite("Two-level Magnus lanes")
struct TwoLevelMagnusTests {
    let sweeps = (0..<13).map { i -> TwoLevelProblem in
        let v = 0.3 + 0.4 * Double(i)
        return TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: 0, zSlope: v / 2, xOffset: 0.5, xSlope: 0),
                               initialState: .up, start: -8, end: 8 + 0.3 * Double(i), steps: 1)
    }

    func state(_ o: LaneOutcome) -> TwoLevelState {
        TwoLevelState(upReal: o.state[0], upImaginary: o.state[1], downReal: o.state[2], downImaginary: o.state[3])
    }

    func maxDifference(_ a: [LaneOutcome], _ b: [LaneOutcome]) -> Double {
        zip(a, b).map { x, y in zip(x.state, y.state).map { abs($0 - $1) }.max()! }.max()!
    }

    @Test("fourth order: errors against a 16× finer run fall by 2^4 ± 15% when the step halves")
    func order() {
        let reference = TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, sweeps, control: .fixed(steps: 6400))
        let coarse = maxDifference(TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, sweeps, control: .fixed(steps: 400)), reference)
        let fine = maxDifference(TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, sweeps, control: .fixed(steps: 800)), reference)
        let measured = log2(coarse / fine)
        #expect(abs(measured - 4) < 0.6, "order \(measured) (errors \(coarse), \(fine))")
    }

    @Test("unitary to round-off whatever the step: ‖ψ‖² − 1 ≤ 1e-13 after 2000 huge steps")
    func unitarity() {
        let wild = sweeps.map { p -> TwoLevelProblem in
            var q = p
            q.hamiltonian.zSlope *= 1000
            return q
        }
        for outcome in TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, wild, control: .fixed(steps: 2000)) {
            #expect(abs(state(outcome).normSquared - 1) <= 1e-13)
        }
    }

    @Test("adaptive: within 10·tol of a converged RK4 run, and bitwise independent of lane mates")
    func adaptive() {
        let control = StepControl.adaptive(relative: 0, absolute: 1e-9)
        let outcomes = TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, sweeps, control: control)
        var precise = sweeps
        for i in precise.indices { precise[i].steps = 400_000 }
        let rk4 = TwoLevelRK4.solve(precise)
        for (outcome, reference) in zip(outcomes, rk4) {
            #expect(outcome.failure == nil)
            let s = state(outcome)
            let error = max(abs(s.upReal - reference.upReal), abs(s.upImaginary - reference.upImaginary),
                            abs(s.downReal - reference.downReal), abs(s.downImaginary - reference.downImaginary))
            #expect(error < 1e-8, "error \(error)")
        }
        for i in [0, 5, 12] {
            #expect(TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, [sweeps[i]], control: control)[0] == outcomes[i])
        }
    }
}
