import AllocationCounter
import Foundation
import Integrators
import Testing

/// Heap allocations of `body` on this thread, after one unmeasured run (lazy one-time initialisation
/// of statics and generic metadata is not a per-step cost).
func allocations(_ body: () -> Void) -> Int {
    body()
    quench_allocations_begin()
    body()
    return quench_allocations_end()
}

/// A step that allocated would make the count grow with the number of steps; set-up (result arrays,
/// lane bookkeeping) is the same whatever the step count.
@Suite("No allocation inside a step")
struct AllocationTests {
    func sweeps(steps: Int) -> [TwoLevelProblem] {
        (0..<40).map { i in
            TwoLevelProblem(hamiltonian: LinearTwoLevelHamiltonian(zOffset: 0, zSlope: 0.5 + 0.1 * Double(i), xOffset: 0.5, xSlope: 0),
                            initialState: .up, start: -10, end: 10, steps: steps)
        }
    }

    @Test("the interposer sees allocations at all")
    func counterWorks() {
        let count = allocations { blackHole([Double](repeating: 1, count: 1000 + Int.random(in: 0..<2))) }
        #expect(count >= 1)
    }

    @Test("RK4 lanes: the same allocations for 100 and 10 000 steps")
    func rk4() {
        let few = sweeps(steps: 100), many = sweeps(steps: 10_000)
        _ = TwoLevelRK4.solve(few)
        #expect(allocations { blackHole(TwoLevelRK4.solve(few)) } == allocations { blackHole(TwoLevelRK4.solve(many)) })
    }

    @Test("Magnus lanes, fixed and adaptive: allocations do not grow with the steps taken")
    func magnus() {
        let short = sweeps(steps: 1).map { p -> TwoLevelProblem in var q = p; q.end = -9; return q }
        let long = sweeps(steps: 1)
        let fixed = { (n: Int) in allocations { blackHole(TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, long, control: .fixed(steps: n))) } }
        #expect(fixed(50) == fixed(5000))
        let adaptive = { (problems: [TwoLevelProblem]) in
            allocations { blackHole(TwoLevelMagnus.integrate(LinearTwoLevelLanes.self, problems, control: .adaptive(relative: 0, absolute: 1e-10))) }
        }
        #expect(adaptive(short) == adaptive(long))
    }

    @Test("generic lane integrator, every method: allocations do not grow with the steps taken", arguments: ExplicitMethod.allCases)
    func laneIntegrator(method: ExplicitMethod) {
        let long = sweeps(steps: 1)
        let short = long.map { p -> TwoLevelProblem in var q = p; q.end = -9; return q }
        let fixed = { (n: Int) in
            allocations { blackHole(LaneIntegrator.integrate(LinearTwoLevelODE.self, long, method: method, control: .fixed(steps: n))) }
        }
        #expect(fixed(20) == fixed(400))
        if method.embeddedOrder != nil {
            let adaptive = { (problems: [TwoLevelProblem]) in
                allocations { blackHole(LaneIntegrator.integrate(LinearTwoLevelODE.self, problems, method: method,
                                                                 control: .adaptive(relative: 1e-9, absolute: 1e-9))) }
            }
            #expect(adaptive(short) == adaptive(long))
        }
    }
}

@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

@Suite("No allocation inside a large-state step")
struct LargeStateAllocationTests {
    @Test("RK4 and Dormand–Prince on buffers: allocations do not grow with the steps taken")
    func rungeKutta() {
        let bank = OscillatorBank()
        let rk = LargeStateRK(dimension: bank.dimension)
        var y = bank.start
        let fixed = { (n: Int) in allocations { rk.rk4(bank, &y, from: 0, to: 1, steps: n) } }
        #expect(fixed(10) == fixed(1000))
        let adaptive = { (end: Double) in
            allocations { blackHole(rk.dormandPrince(bank, &y, from: 0, to: end, relative: 1e-9, absolute: 1e-9)) }
        }
        #expect(adaptive(0.1) == adaptive(10))
    }

    @Test("Magnus–Lanczos, fixed and adaptive: allocations do not grow with the steps taken")
    func magnusLanczos() {
        let sweep = SpinSweep(spin: 10, rate: 2, gap: 1)
        let integrator = MagnusLanczos(sweep)
        var re = [Double](repeating: 0, count: sweep.dimension), im = re
        re[0] = 1
        let fixed = { (n: Int) in allocations { blackHole(integrator.integrate(&re, &im, from: -3, to: 3, control: .fixed(steps: n))) } }
        #expect(fixed(5) == fixed(500))
        let adaptive = { (end: Double) in
            allocations { blackHole(integrator.integrate(&re, &im, from: -3, to: end, control: .adaptive(tolerance: 1e-9, initialStep: 0.01, window: end + 3))) }
        }
        #expect(adaptive(-2.9) == adaptive(3))
    }
}
