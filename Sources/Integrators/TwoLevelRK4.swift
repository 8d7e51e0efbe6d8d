/// Classical fixed-step Runge–Kutta 4 for i dψ/dt = H(t) ψ with a `LinearTwoLevelHamiltonian`.
///
/// `solve` advances many problems at once in the lanes of `SIMD16<Double>` (structure of arrays):
/// each lane has its own Hamiltonian, time grid and step count, and a lane whose problem finishes
/// takes the next one, so lanes never wait for each other. All arithmetic is lane-wise, and step k of
/// a problem is taken at t = start + k·h, so a problem's result is bitwise the same whatever shares
/// its lanes or the lane width, and bitwise equal to `solveScalar`.
///
/// Cost: 4 derivative evaluations (16 flops each) and 60 flops of stage arithmetic per step, i.e.
/// `flopsPerDerivative` = 31 per derivative evaluation, counting a fused multiply-add as 2.
public enum TwoLevelRK4 {
    public static let flopsPerDerivative = 31.0

    /// SIMD widths of the lane pool (the results do not depend on it).
    public enum LaneWidth: Sendable {
        case eight, sixteen
    }

    /// Integrates every problem; results are in the order of `problems`. Concrete entry points, so
    /// the kernel is specialized here whatever module calls it.
    public static func solve(_ problems: [TwoLevelProblem], width: LaneWidth = .sixteen) -> [TwoLevelState] {
        switch width {
        case .eight: solve(problems, lanes: SIMD8<Double>.self)
        case .sixteen: solve(problems, lanes: SIMD16<Double>.self)
        }
    }

    static func solve<Lanes: SIMD>(_ problems: [TwoLevelProblem], lanes: Lanes.Type) -> [TwoLevelState] where Lanes.Scalar == Double {
        var results = [TwoLevelState](repeating: .up, count: problems.count)
        var stepper = Stepper<Lanes>()
        // Every problem brings its own step count (`Stepper.load` returns it in `LaneStart.steps`),
        // which takes the place of the pool's common count: the 1 here is never used.
        LanePool.run(&stepper, problems, steps: 1) { index, final, _, _, _ in results[index] = final }
        return results
    }

    /// The same method on one problem with scalar arithmetic, rounding as the lanes do; the reference for `solve`.
    public static func solveScalar(_ problem: TwoLevelProblem) -> TwoLevelState {
        let h = problem.stepSize
        let half = 0.5 * h
        let sixth = h / 6, third = h / 3
        var y = problem.initialState
        for k in 0..<problem.steps {
            let t = LaneMath.muladd(Double(k), h, problem.start)
            let H = problem.hamiltonian
            let (ar, ai, br, bi) = (y.upReal, y.upImaginary, y.downReal, y.downImaginary)
            let k1 = derivative(H.zOffset, H.zSlope, H.xOffset, H.xSlope, t, ar, ai, br, bi)
            let k2 = derivative(H.zOffset, H.zSlope, H.xOffset, H.xSlope, t + half,
                                LaneMath.muladd(half, k1.0, ar), LaneMath.muladd(half, k1.1, ai),
                                LaneMath.muladd(half, k1.2, br), LaneMath.muladd(half, k1.3, bi))
            let k3 = derivative(H.zOffset, H.zSlope, H.xOffset, H.xSlope, t + half,
                                LaneMath.muladd(half, k2.0, ar), LaneMath.muladd(half, k2.1, ai),
                                LaneMath.muladd(half, k2.2, br), LaneMath.muladd(half, k2.3, bi))
            let k4 = derivative(H.zOffset, H.zSlope, H.xOffset, H.xSlope, t + h,
                                LaneMath.muladd(h, k3.0, ar), LaneMath.muladd(h, k3.1, ai),
                                LaneMath.muladd(h, k3.2, br), LaneMath.muladd(h, k3.3, bi))
            y.upReal = combine(ar, sixth, third, k1.0, k2.0, k3.0, k4.0)
            y.upImaginary = combine(ai, sixth, third, k1.1, k2.1, k3.1, k4.1)
            y.downReal = combine(br, sixth, third, k1.2, k2.2, k3.2, k4.2)
            y.downImaginary = combine(bi, sixth, third, k1.3, k2.3, k3.3, k4.3)
        }
        return y
    }

    /// y + (h/6)k1 + (h/3)k2 + (h/3)k3 + (h/6)k4, as a chain of multiply-adds.
    @usableFromInline @inline(__always)
    static func combine<V>(_ y: V, _ sixth: V, _ third: V, _ k1: V, _ k2: V, _ k3: V, _ k4: V) -> V where V: SIMD, V.Scalar == Double {
        LaneMath.muladd(sixth, k4, LaneMath.muladd(third, k3, LaneMath.muladd(third, k2, LaneMath.muladd(sixth, k1, y))))
    }

    @inlinable @inline(__always)
    static func combine(_ y: Double, _ sixth: Double, _ third: Double, _ k1: Double, _ k2: Double, _ k3: Double, _ k4: Double) -> Double {
        LaneMath.muladd(sixth, k4, LaneMath.muladd(third, k3, LaneMath.muladd(third, k2, LaneMath.muladd(sixth, k1, y))))
    }

    /// dψ/dt = −i H ψ with H = hz σz + hx σx, hz = z0 + z1 t, hx = x0 + x1 t (16 flops).
    @inlinable @inline(__always)
    public static func derivative<V>(_ z0: V, _ z1: V, _ x0: V, _ x1: V, _ t: V, _ ar: V, _ ai: V, _ br: V, _ bi: V)
        -> (V, V, V, V) where V: SIMD, V.Scalar == Double
    {
        let hz = LaneMath.muladd(z1, t, z0), hx = LaneMath.muladd(x1, t, x0)
        let upRe = LaneMath.muladd(hz, ar, hx * br), upIm = LaneMath.muladd(hz, ai, hx * bi)
        let downRe = LaneMath.muladd(hx, ar, -(hz * br)), downIm = LaneMath.muladd(hx, ai, -(hz * bi))
        return (upIm, -upRe, downIm, -downRe)
    }

    @inlinable @inline(__always)
    static func derivative(_ z0: Double, _ z1: Double, _ x0: Double, _ x1: Double, _ t: Double,
                           _ ar: Double, _ ai: Double, _ br: Double, _ bi: Double) -> (Double, Double, Double, Double) {
        let hz = LaneMath.muladd(z1, t, z0), hx = LaneMath.muladd(x1, t, x0)
        let upRe = LaneMath.muladd(hz, ar, hx * br), upIm = LaneMath.muladd(hz, ai, hx * bi)
        let downRe = LaneMath.muladd(hx, ar, -(hz * br)), downIm = LaneMath.muladd(hx, ai, -(hz * bi))
        return (upIm, -upRe, downIm, -downRe)
    }

    /// Fixed-step RK4 as a `LaneStepper`: the state and the Hamiltonian of each lane's problem in
    /// registers; each problem brings its own step count (`LaneStart.steps`).
    struct Stepper<Lanes: SIMD>: LaneStepper where Lanes.Scalar == Double {
        var upRe = Lanes(), upIm = Lanes(), downRe = Lanes(), downIm = Lanes()
        var zOffset = Lanes(), zSlope = Lanes(), xOffset = Lanes(), xSlope = Lanes()

        mutating func load(_ problem: TwoLevelProblem, lane: Int) -> LaneStart {
            upRe[lane] = problem.initialState.upReal
            upIm[lane] = problem.initialState.upImaginary
            downRe[lane] = problem.initialState.downReal
            downIm[lane] = problem.initialState.downImaginary
            zOffset[lane] = problem.hamiltonian.zOffset
            zSlope[lane] = problem.hamiltonian.zSlope
            xOffset[lane] = problem.hamiltonian.xOffset
            xSlope[lane] = problem.hamiltonian.xSlope
            return LaneStart(state: [], start: problem.start, end: problem.end, steps: problem.steps)
        }

        func final(lane: Int) -> TwoLevelState {
            TwoLevelState(upReal: upRe[lane], upImaginary: upIm[lane], downReal: downRe[lane], downImaginary: downIm[lane])
        }

        /// The hot loop: `steps` RK4 steps of all lanes, entirely in registers.
        mutating func fixedSteps(_ steps: Int, start t0: Lanes, size h: Lanes, index: inout Lanes) {
            var ar = upRe, ai = upIm, br = downRe, bi = downIm
            var n = index
            let half = 0.5 * h, sixth = h / 6, third = h / 3
            let z0 = zOffset, z1 = zSlope, x0 = xOffset, x1 = xSlope
            for _ in 0..<steps {
                let t = LaneMath.muladd(n, h, t0)
                let tHalf = t + half, tEnd = t + h
                let k1 = TwoLevelRK4.derivative(z0, z1, x0, x1, t, ar, ai, br, bi)
                let k2 = TwoLevelRK4.derivative(z0, z1, x0, x1, tHalf,
                                                LaneMath.muladd(half, k1.0, ar), LaneMath.muladd(half, k1.1, ai),
                                                LaneMath.muladd(half, k1.2, br), LaneMath.muladd(half, k1.3, bi))
                let k3 = TwoLevelRK4.derivative(z0, z1, x0, x1, tHalf,
                                                LaneMath.muladd(half, k2.0, ar), LaneMath.muladd(half, k2.1, ai),
                                                LaneMath.muladd(half, k2.2, br), LaneMath.muladd(half, k2.3, bi))
                let k4 = TwoLevelRK4.derivative(z0, z1, x0, x1, tEnd,
                                                LaneMath.muladd(h, k3.0, ar), LaneMath.muladd(h, k3.1, ai),
                                                LaneMath.muladd(h, k3.2, br), LaneMath.muladd(h, k3.3, bi))
                ar = TwoLevelRK4.combine(ar, sixth, third, k1.0, k2.0, k3.0, k4.0)
                ai = TwoLevelRK4.combine(ai, sixth, third, k1.1, k2.1, k3.1, k4.1)
                br = TwoLevelRK4.combine(br, sixth, third, k1.2, k2.2, k3.2, k4.2)
                bi = TwoLevelRK4.combine(bi, sixth, third, k1.3, k2.3, k3.3, k4.3)
                n += 1
            }
            upRe = ar; upIm = ai; downRe = br; downIm = bi
            index = n
        }
    }
}
