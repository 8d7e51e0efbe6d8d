/// Classical Runge–Kutta 4 on ds_j/dt = b_j × s_j, b_j = (B_x, B_y, ω_j), for `SpinArrays` in a `UniformSpinField`:
/// the plain reference method (it drifts in |s_j| at the level of its truncation error). Each stage is one pass
/// over the spins that evaluates the derivative with the stage's field, accumulates it, forms the next stage and
/// sums its J.
extension SpinArrays {
    /// Integrates from `start` > 0 to `end` with steps from `rule`. The work integral uses the RK4 weights on
    /// the field's `work` at the stages.
    @inlinable
    public func integrateRK4<Field: UniformSpinField>(from start: Double, to end: Double, rule: ProportionalStepRule, field: Field,
                                                      sampleTimes: [Double] = []) -> SpinIntegrationReport {
        var (report, recorder, total) = beginRun(at: start, sampleTimes: sampleTimes)
        guard end > start else { return report }
        let buffers = (0..<6).map { _ in Self.allocate(padded) }
        defer { for buffer in buffers { Self.free(buffer, padded) } }
        let stage = (buffers[0], buffers[1], buffers[2]), sum = (buffers[3], buffers[4], buffers[5])

        var t = start
        while true {
            let (h, last) = rule.step(at: t, end: end)
            var rate = 0.0
            for k in 0..<4 {
                let tk = k == 0 ? t : k == 3 ? t + h : t + h / 2
                rate += field.work(at: tk, total: total, duration: k == 0 || k == 3 ? 1 : 2)
                total = rk4Stage(k, field: field.field(at: tk, total: total), h: h, stage: stage, sum: sum)
            }
            report.work += h / 6 * rate
            report.steps += 1
            t = last ? end : t + h
            if last { break }
            recorder.record(t, total, into: &report)
        }
        recorder.record(end, total, into: &report)
        return report
    }

    @usableFromInline
    typealias Buffers3 = (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)

    /// Stage k (0…3): f = b × u for u = the state (k = 0) or the stage buffer, with b = (B_x, B_y, ω_j).
    /// k = 0: sum = f; k = 1, 2: sum += 2f; next stage = state + c·h·f (c = ½, ½, 1), whose J is returned.
    /// k = 3: state += h/6·(sum + f), whose J is returned.
    @usableFromInline
    func rk4Stage(_ k: Int, field: SIMD2<Double>, h: Double, stage: Buffers3, sum: Buffers3) -> SIMD3<Double> {
        let bx = Block(repeating: field.x), by = Block(repeating: field.y)
        let advance = Block(repeating: k == 2 ? h : h / 2), sixth = Block(repeating: h / 6)
        let (ux, uy, uz) = k == 0 ? (x, y, z) : stage
        var sx = Block(), sy = Block(), sz = Block()
        for i in stride(from: 0, to: padded, by: Self.blockWidth) {
            let u = (Self.load(ux, i), Self.load(uy, i), Self.load(uz, i))
            let omega = Self.load(frequencies, i)
            // b × u = (b_y u_z − b_z u_y, b_z u_x − b_x u_z, b_x u_y − b_y u_x)
            let fx = LaneMath.muladd(by, u.2, -(omega * u.1))
            let fy = LaneMath.muladd(omega, u.0, -(bx * u.2))
            let fz = LaneMath.muladd(bx, u.1, -(by * u.0))
            let base = (Self.load(x, i), Self.load(y, i), Self.load(z, i))
            var out: (Block, Block, Block)
            if k == 3 {
                out = (LaneMath.muladd(sixth, Self.load(sum.0, i) + fx, base.0),
                       LaneMath.muladd(sixth, Self.load(sum.1, i) + fy, base.1),
                       LaneMath.muladd(sixth, Self.load(sum.2, i) + fz, base.2))
                Self.store(out.0, x, i)
                Self.store(out.1, y, i)
                Self.store(out.2, z, i)
            } else {
                if k == 0 {
                    Self.store(fx, sum.0, i)
                    Self.store(fy, sum.1, i)
                    Self.store(fz, sum.2, i)
                } else {
                    Self.store(LaneMath.muladd(Block(repeating: 2), fx, Self.load(sum.0, i)), sum.0, i)
                    Self.store(LaneMath.muladd(Block(repeating: 2), fy, Self.load(sum.1, i)), sum.1, i)
                    Self.store(LaneMath.muladd(Block(repeating: 2), fz, Self.load(sum.2, i)), sum.2, i)
                }
                out = (LaneMath.muladd(advance, fx, base.0), LaneMath.muladd(advance, fy, base.1), LaneMath.muladd(advance, fz, base.2))
                Self.store(out.0, stage.0, i)
                Self.store(out.1, stage.1, i)
                Self.store(out.2, stage.2, i)
            }
            sx += out.0
            sy += out.1
            sz += out.2
        }
        return SIMD3(sx.sum(), sy.sum(), sz.sum())
    }
}
