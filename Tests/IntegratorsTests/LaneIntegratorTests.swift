import Foundation
import Integrators
import Testing

@Suite("Lane integrator")
struct LaneIntegratorTests {
    let problems = (0..<21).map { Exponential.Problem(omega: 0.5 + 0.15 * Double($0), end: 3 + 0.1 * Double($0)) }

    func fixedError(_ method: ExplicitMethod, steps: Int) -> Double {
        let outcomes = LaneIntegrator.integrate(Exponential.self, problems, method: method, control: .fixed(steps: steps))
        return zip(problems, outcomes).map { abs($1.state[0] - Exponential.exact($0)) }.max()!
    }

    @Test("measured order: halving the step divides the error by 2^p within 15%",
          arguments: [(ExplicitMethod.rk4, 40), (.dormandPrince54, 30), (.extrapolation8, 8)])
    func order(method: ExplicitMethod, steps: Int) {
        let coarse = fixedError(method, steps: steps), fine = fixedError(method, steps: 2 * steps)
        let measured = log2(coarse / fine)
        #expect(abs(measured - Double(method.order)) < 0.15 * Double(method.order), "\(method): order \(measured) (errors \(coarse), \(fine))")
    }

    /// Local extrapolation (propagating the higher order, estimating with the lower) makes the error
    /// fall somewhat faster than the tolerance; about (p+1)/(q+1) = 9/7 for the order-8(6) method.
    @Test("adaptive methods: global error ∝ tol^α with 0.8 ≤ α ≤ 1.4 over four decades, and below 20·tol",
          arguments: [ExplicitMethod.dormandPrince54, .extrapolation8])
    func toleranceProportionality(method: ExplicitMethod) {
        func error(_ tol: Double) -> Double {
            let outcomes = LaneIntegrator.integrate(Exponential.self, problems, method: method,
                                                    control: .adaptive(relative: tol, absolute: tol))
            #expect(outcomes.allSatisfy { $0.failure == nil })
            return zip(problems, outcomes).map { abs($1.state[0] - Exponential.exact($0)) }.max()!
        }
        let loose = error(1e-6), tight = error(1e-10)
        let slope = log10(loose / tight) / 4
        #expect(slope >= 0.8 && slope <= 1.4, "\(method): slope \(slope) (errors \(loose), \(tight))")
        #expect(loose < 20e-6 && tight < 20e-10)
    }

    @Test("the oscillator stays on its exact orbit under every adaptive method")
    func oscillator() {
        let problems = (0..<11).map { Oscillator.Problem(omega: 1 + Double($0), end: 10) }
        for method in [ExplicitMethod.dormandPrince54, .extrapolation8] {
            let outcomes = LaneIntegrator.integrate(Oscillator.self, problems, method: method, control: .adaptive(relative: 1e-10, absolute: 1e-10))
            for (problem, outcome) in zip(problems, outcomes) {
                let exact = Oscillator.exact(problem)
                #expect(abs(outcome.state[0] - exact[0]) < 1e-7 && abs(outcome.state[1] - exact[1]) < 1e-7 * problem.omega)
            }
        }
    }

    @Test("a problem's outcome is bitwise the same alone, in a full batch, or in another order",
          arguments: [ExplicitMethod.dormandPrince54, .extrapolation8])
    func laneIndependence(method: ExplicitMethod) {
        let control = StepControl.adaptive(relative: 1e-8, absolute: 1e-8)
        let together = LaneIntegrator.integrate(Exponential.self, problems, method: method, control: control)
        let reversed = LaneIntegrator.integrate(Exponential.self, problems.reversed(), method: method, control: control)
        for i in problems.indices {
            #expect(LaneIntegrator.integrate(Exponential.self, [problems[i]], method: method, control: control)[0] == together[i])
            #expect(reversed[problems.count - 1 - i] == together[i])
        }
    }

    @Test("a solution that blows up is reported as a failure, and its neighbours are unharmed")
    func blowUp() {
        let outcomes = LaneIntegrator.integrate(BlowUp.self, [0.5, 2.0, 0.9], method: .dormandPrince54,
                                                control: .adaptive(relative: 1e-8, absolute: 1e-8))
        #expect(outcomes[1].failure != nil)
        #expect(outcomes[0].failure == nil && abs(outcomes[0].state[0] - 2) < 1e-6)
        #expect(outcomes[2].failure == nil && abs(outcomes[2].state[0] - 10) < 1e-5)
    }
}

@Suite("Lane math")
struct LaneMathTests {
    @Test("sinCos agrees with libm to 4 ulp of 1 for |x| ≤ 10^5, and sin² + cos² = 1 to 4e-16")
    func sinCos() {
        var x = -1e5
        var worst = 0.0, worstNorm = 0.0
        var count = 0
        while x < 1e5 {
            let lanes = SIMD8<Double>((0..<8).map { x + Double($0) * 0.37 })
            let (s, c) = LaneMath.sinCos(lanes)
            for lane in 0..<8 {
                worst = max(worst, abs(s[lane] - sin(lanes[lane])), abs(c[lane] - cos(lanes[lane])))
                worstNorm = max(worstNorm, abs(s[lane] * s[lane] + c[lane] * c[lane] - 1))
            }
            x += 9.81
            count += 1
        }
        #expect(worst <= 4 * Double.ulpOfOne, "worst difference \(worst)")
        #expect(worstNorm <= 4e-16)
        let special = LaneMath.sinCos(SIMD8<Double>(0, .pi / 2, -.pi, 1e-300, 0.7853981633974483, 2.356194490192345, 3 * .pi / 2, 100))
        #expect(special.sin[0] == 0 && special.cos[0] == 1)
        #expect(abs(special.cos[1]) < 1e-16 && special.sin[1] == 1)
        #expect(special.sin[3] == 1e-300)
    }
}
