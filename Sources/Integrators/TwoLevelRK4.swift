/// Classical fixed-step Runge–Kutta 4 for i dψ/dt = H(t) ψ with a `LinearTwoLevelHamiltonian`.
///
/// `solve` advances many problems at once in the lanes of `SIMD8<Double>` (structure of arrays):
/// each lane has its own Hamiltonian, time grid and step count, and a lane whose problem finishes
/// takes the next one, so lanes never wait for each other. All arithmetic is lane-wise, and step k of
/// a problem is taken at t = start + k·h, so a problem's result is bitwise the same whatever shares
/// its lanes, and bitwise equal to `solveScalar`.
public enum TwoLevelRK4 {
    public typealias Lanes = SIMD8<Double>

    /// Integrates every problem; results are in the order of `problems`.
    public static func solve(_ problems: [TwoLevelProblem]) -> [TwoLevelState] {
        var results = [TwoLevelState](repeating: .up, count: problems.count)
        var pool = LanePool()
        var next = 0
        while true {
            for lane in 0..<Lanes.scalarCount where pool.owner[lane] < 0 && next < problems.count {
                pool.load(problems[next], index: next, lane: lane)
                next += 1
            }
            guard let run = pool.stepsUntilNextFinish() else { break }
            pool.advance(steps: run)
            for lane in 0..<Lanes.scalarCount where pool.owner[lane] >= 0 {
                pool.stepsLeft[lane] -= run
                if pool.stepsLeft[lane] == 0 {
                    results[pool.owner[lane]] = pool.state(lane: lane)
                    pool.unload(lane: lane)
                }
            }
        }
        return results
    }

    /// The same method on one problem with scalar arithmetic; the reference for `solve`.
    public static func solveScalar(_ problem: TwoLevelProblem) -> TwoLevelState {
        let h = problem.stepSize
        let half = 0.5 * h
        let sixth = h / 6
        var y = problem.initialState
        for k in 0..<problem.steps {
            let t = problem.start + Double(k) * h
            let k1 = derivative(problem.hamiltonian, t, y)
            let k2 = derivative(problem.hamiltonian, t + half, axpy(y, half, k1))
            let k3 = derivative(problem.hamiltonian, t + half, axpy(y, half, k2))
            let k4 = derivative(problem.hamiltonian, t + h, axpy(y, h, k3))
            y.upReal += sixth * (k1.upReal + 2 * k2.upReal + 2 * k3.upReal + k4.upReal)
            y.upImaginary += sixth * (k1.upImaginary + 2 * k2.upImaginary + 2 * k3.upImaginary + k4.upImaginary)
            y.downReal += sixth * (k1.downReal + 2 * k2.downReal + 2 * k3.downReal + k4.downReal)
            y.downImaginary += sixth * (k1.downImaginary + 2 * k2.downImaginary + 2 * k3.downImaginary + k4.downImaginary)
        }
        return y
    }

    @inline(__always)
    static func axpy(_ y: TwoLevelState, _ a: Double, _ k: TwoLevelState) -> TwoLevelState {
        TwoLevelState(upReal: y.upReal + a * k.upReal, upImaginary: y.upImaginary + a * k.upImaginary,
                      downReal: y.downReal + a * k.downReal, downImaginary: y.downImaginary + a * k.downImaginary)
    }

    /// dψ/dt = −i H ψ with H = hz σz + hx σx.
    @inline(__always)
    static func derivative(_ hamiltonian: LinearTwoLevelHamiltonian, _ t: Double, _ y: TwoLevelState) -> TwoLevelState {
        let (hz, hx) = hamiltonian.coefficients(at: t)
        let upRe = hz * y.upReal + hx * y.downReal, upIm = hz * y.upImaginary + hx * y.downImaginary
        let downRe = hx * y.upReal - hz * y.downReal, downIm = hx * y.upImaginary - hz * y.downImaginary
        return TwoLevelState(upReal: upIm, upImaginary: -upRe, downReal: downIm, downImaginary: -downRe)
    }

    /// Lane registers: the state, the time grid and the Hamiltonian of each lane's problem.
    struct LanePool {
        var upRe = Lanes(), upIm = Lanes(), downRe = Lanes(), downIm = Lanes()
        var start = Lanes(), step = Lanes(), stepIndex = Lanes()
        var zOffset = Lanes(), zSlope = Lanes(), xOffset = Lanes(), xSlope = Lanes()
        var owner = [Int](repeating: -1, count: Lanes.scalarCount)
        var stepsLeft = [Int](repeating: 0, count: Lanes.scalarCount)

        mutating func load(_ problem: TwoLevelProblem, index: Int, lane: Int) {
            upRe[lane] = problem.initialState.upReal
            upIm[lane] = problem.initialState.upImaginary
            downRe[lane] = problem.initialState.downReal
            downIm[lane] = problem.initialState.downImaginary
            start[lane] = problem.start
            step[lane] = problem.stepSize
            stepIndex[lane] = 0
            zOffset[lane] = problem.hamiltonian.zOffset
            zSlope[lane] = problem.hamiltonian.zSlope
            xOffset[lane] = problem.hamiltonian.xOffset
            xSlope[lane] = problem.hamiltonian.xSlope
            owner[lane] = index
            stepsLeft[lane] = problem.steps
        }

        /// An idle lane integrates nothing: zero Hamiltonian and zero step.
        mutating func unload(lane: Int) {
            owner[lane] = -1
            step[lane] = 0
            zOffset[lane] = 0; zSlope[lane] = 0; xOffset[lane] = 0; xSlope[lane] = 0
        }

        func state(lane: Int) -> TwoLevelState {
            TwoLevelState(upReal: upRe[lane], upImaginary: upIm[lane], downReal: downRe[lane], downImaginary: downIm[lane])
        }

        func stepsUntilNextFinish() -> Int? {
            var fewest: Int?
            for lane in 0..<Lanes.scalarCount where owner[lane] >= 0 {
                fewest = Swift.min(fewest ?? .max, stepsLeft[lane])
            }
            return fewest
        }

        /// The hot loop: `steps` RK4 steps of all lanes, entirely in registers.
        mutating func advance(steps: Int) {
            var ar = upRe, ai = upIm, br = downRe, bi = downIm
            var n = stepIndex
            let t0 = start, h = step, half = 0.5 * step, sixth = step / 6
            let z0 = zOffset, z1 = zSlope, x0 = xOffset, x1 = xSlope
            for _ in 0..<steps {
                let t = t0 + n * h
                let tHalf = t + half, tEnd = t + h
                let (k1ar, k1ai, k1br, k1bi) = Self.derivative(z0 + z1 * t, x0 + x1 * t, ar, ai, br, bi)
                let hz2 = z0 + z1 * tHalf, hx2 = x0 + x1 * tHalf
                let (k2ar, k2ai, k2br, k2bi) = Self.derivative(hz2, hx2, ar + half * k1ar, ai + half * k1ai, br + half * k1br, bi + half * k1bi)
                let (k3ar, k3ai, k3br, k3bi) = Self.derivative(hz2, hx2, ar + half * k2ar, ai + half * k2ai, br + half * k2br, bi + half * k2bi)
                let (k4ar, k4ai, k4br, k4bi) = Self.derivative(z0 + z1 * tEnd, x0 + x1 * tEnd, ar + h * k3ar, ai + h * k3ai, br + h * k3br, bi + h * k3bi)
                ar += sixth * (k1ar + 2 * k2ar + 2 * k3ar + k4ar)
                ai += sixth * (k1ai + 2 * k2ai + 2 * k3ai + k4ai)
                br += sixth * (k1br + 2 * k2br + 2 * k3br + k4br)
                bi += sixth * (k1bi + 2 * k2bi + 2 * k3bi + k4bi)
                n += 1
            }
            upRe = ar; upIm = ai; downRe = br; downIm = bi
            stepIndex = n
        }

        @inline(__always)
        static func derivative(_ hz: Lanes, _ hx: Lanes, _ ar: Lanes, _ ai: Lanes, _ br: Lanes, _ bi: Lanes)
            -> (Lanes, Lanes, Lanes, Lanes)
        {
            let upRe = hz * ar + hx * br, upIm = hz * ai + hx * bi
            let downRe = hx * ar - hz * br, downIm = hx * ai - hz * bi
            return (upIm, -upRe, downIm, -downRe)
        }
    }
}
