import Foundation
import Integrators
import Testing

/// Problems with different Hamiltonians, windows and step counts, so lanes finish at different times;
/// every one resolved (|E|·h ≤ 0.1), so results are finite and comparable bit for bit.
func mixedProblems(_ count: Int) -> [TwoLevelProblem] {
    (0..<count).map { i in
        let x = Double(i)
        return TwoLevelProblem(
            hamiltonian: LinearTwoLevelHamiltonian(zOffset: 0.1 * x, zSlope: 0.5 + 0.05 * x, xOffset: 0.4 + 0.05 * x, xSlope: 0.01 * x),
            initialState: i % 3 == 0 ? .up : TwoLevelState(upReal: 0.6, upImaginary: 0, downReal: 0, downImaginary: 0.8),
            start: -5 - 0.2 * x, end: 4 + 0.1 * x, steps: 2000 + 37 * i)
    }
}

@Suite("RK4 lane pool")
struct TwoLevelRK4Tests {
    @Test("every lane is bitwise equal to the scalar integration of its problem")
    func lanesMatchScalar() {
        let problems = mixedProblems(29)
        let lanes = TwoLevelRK4.solve(problems)
        for (problem, result) in zip(problems, lanes) {
            #expect(result.normSquared.isFinite && abs(result.normSquared - problem.initialState.normSquared) < 1e-3)
            #expect(result == TwoLevelRK4.solveScalar(problem))
        }
    }

    @Test("a problem's result does not depend on what shares its lanes")
    func laneIndependence() {
        let problems = mixedProblems(29)
        let together = TwoLevelRK4.solve(problems)
        let reversed = TwoLevelRK4.solve(problems.reversed())
        for i in problems.indices {
            #expect(TwoLevelRK4.solve([problems[i]])[0] == together[i])
            #expect(reversed[problems.count - 1 - i] == together[i])
        }
    }

    /// Constant H = a σz + b σx: ψ(t) = [cos(rt) − i sin(rt)(aσz + bσx)/r] ψ(0), r = √(a² + b²).
    func constantHamiltonianError(steps: Int) -> Double {
        let a = 0.7, b = 1.3, t = 3.0
        let problem = TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: a, zSlope: 0, xOffset: b, xSlope: 0),
                                      initialState: .up, start: 0, end: t, steps: steps)
        let psi = TwoLevelRK4.solve([problem])[0]
        let r = (a * a + b * b).squareRoot()
        let exactUp = (re: cos(r * t), im: -sin(r * t) * a / r)
        let exactDown = (re: 0.0, im: -sin(r * t) * b / r)
        return max(abs(psi.upReal - exactUp.re), abs(psi.upImaginary - exactUp.im),
                   abs(psi.downReal - exactDown.re), abs(psi.downImaginary - exactDown.im))
    }

    @Test("fourth-order convergence: halving the step divides the error by 16 ± 10%")
    func convergenceOrder() {
        let coarse = constantHamiltonianError(steps: 100)
        let fine = constantHamiltonianError(steps: 200)
        let ratio = coarse / fine
        #expect(abs(ratio - 16) < 1.6, "error ratio \(ratio)")
        #expect(fine < 1e-6)
    }

    @Test("time-dependent H: errors against a 16× finer RK4 shrink with order 4")
    func convergenceOrderTimeDependent() {
        let base = TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: 0, zSlope: 1, xOffset: 0.5, xSlope: 0),
                                   initialState: .up, start: -6, end: 6, steps: 400)
        func run(_ steps: Int) -> TwoLevelState {
            var p = base
            p.steps = steps
            return TwoLevelRK4.solve([p])[0]
        }
        let reference = run(400 * 16)
        func error(_ s: TwoLevelState) -> Double {
            max(abs(s.upReal - reference.upReal), abs(s.upImaginary - reference.upImaginary),
                abs(s.downReal - reference.downReal), abs(s.downImaginary - reference.downImaginary))
        }
        let ratio = error(run(400)) / error(run(800))
        #expect(ratio > 14 && ratio < 18, "error ratio \(ratio)")
    }
}
