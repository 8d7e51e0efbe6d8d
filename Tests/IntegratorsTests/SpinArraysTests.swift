import AllocationCounter
import Foundation
import Integrators
import Testing

/// The generic classical-spin numerics: rotation matrices, the rotation passes, and the splitting and RK4 stage
/// structure on a constant uniform field, whose exact flow turns spin j about b_j = (B_x, B_y, ω_j) by |b_j|t.
/// (The BCS Hamiltonian's flows, conservation laws and energy balance are tested in ModelsTests/MeanFieldSpinsTests.)
@Suite("Spin arrays and rotation passes")
struct SpinArraysTests {
    /// Spins of length ½ spread over the sphere and frequencies spread over [−1, 1], from closed forms.
    static func spreadSpins(_ n: Int) -> (frequencies: [Double], spins: [SIMD3<Double>]) {
        let frequencies = (0..<n).map { cos(2.3 * Double($0) + 0.4) }
        let spins = (0..<n).map { j -> SIMD3<Double> in
            let polar = 0.7 * Double(j) + 0.3, azimuth = 1.9 * Double(j)
            return 0.5 * SIMD3(sin(polar) * cos(azimuth), sin(polar) * sin(azimuth), cos(polar))
        }
        return (frequencies, spins)
    }

    static func apply(_ m: Rotation3, _ s: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(m.xx * s.x + m.xy * s.y + m.xz * s.z, m.yx * s.x + m.yy * s.y + m.yz * s.z, m.zx * s.x + m.zy * s.y + m.zz * s.z)
    }

    static func distance(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        let d = a - b
        return max(abs(d.x), abs(d.y), abs(d.z))
    }

    /// A constant field B = (0.3, −0.4, 0): no work, and the flow of ds/dt = B × s is Rot(B̂, |B|τ).
    struct ConstantField: UniformSpinField {
        let b = SIMD3(0.3, -0.4, 0.0)
        func field(at t: Double, total: SIMD3<Double>) -> SIMD2<Double> { SIMD2(b.x, b.y) }
        func flow(at t: Double, total: SIMD3<Double>, duration: Double) -> Rotation3 {
            let length = (b * b).sum().squareRoot()
            return Rotation3(axis: b / length, angle: length * duration)
        }
        func work(at t: Double, total: SIMD3<Double>, duration: Double) -> Double { 0 }
    }

    @Test("Rot(x̂, θ) turns ŷ to (0, cos θ, sin θ); followedByTurnAboutZ(φ) is R_z(φ)·R (1e-15)")
    func rotationMatrices() {
        let theta = 0.7, phi = -1.3
        let r = Rotation3(axis: SIMD3(1, 0, 0), angle: theta)
        #expect(Self.distance(Self.apply(r, SIMD3(0, 1, 0)), SIMD3(0, cos(theta), sin(theta))) < 1e-15)
        let n = SIMD3(1.0, 2.0, -2.0) / 3, s = SIMD3(0.2, -0.5, 0.9)
        let general = Rotation3(axis: n, angle: 2.1), turned = general.followedByTurnAboutZ(phi)
        let expected = Self.apply(Rotation3(axis: SIMD3(0, 0, 1), angle: phi), Self.apply(general, s))
        #expect(Self.distance(Self.apply(turned, s), expected) < 1e-15)
        #expect(Self.distance(Self.apply(general, n), n) < 1e-15)
    }

    @Test("a pass applies the shared matrix, then turns spin j about z by ω_jτ (closed form, 1e-14); J is returned")
    func rotationPass() {
        let (frequencies, spins) = Self.spreadSpins(21)
        let state = SpinArrays(frequencies: frequencies, spins: spins)
        let matrix = Rotation3(axis: SIMD3(0.6, 0, 0.8), angle: 0.9), tau = 0.8
        let total = state.rotate(by: matrix, thenPrecessFor: tau)
        for j in 0..<21 {
            let angle = frequencies[j] * tau, s = Self.apply(matrix, spins[j])
            let expected = SIMD3(cos(angle) * s.x - sin(angle) * s.y, sin(angle) * s.x + cos(angle) * s.y, s.z)
            #expect(Self.distance(state.spin(j), expected) < 1e-14)
        }
        #expect(Self.distance(total, state.total) == 0)
    }

    /// Constant steps h = 2/steps on t ∈ [1, 3] in the constant field.
    static func run(_ method: String, steps: Int, tabulate: Bool = false) -> SpinArrays {
        let (frequencies, spins) = spreadSpins(12)
        let state = SpinArrays(frequencies: frequencies, spins: spins)
        let rule = ProportionalStepRule(relative: 1e9, maximum: 2 / Double(steps))
        if method == "rk4" {
            _ = state.integrateRK4(from: 1, to: 3, rule: rule, field: ConstantField())
        } else {
            _ = state.integrateSplitting(from: 1, to: 3, rule: rule, field: ConstantField(), tabulateRotations: tabulate)
        }
        return state
    }

    @Test("constant field: error against the exact flow falls 16 ± 2.5 times on halving h (order 4)", arguments: ["split4", "rk4"])
    func orderAgainstExactFlow(method: String) {
        let (frequencies, spins) = Self.spreadSpins(12), field = ConstantField().b
        let exact = zip(frequencies, spins).map { omega, s -> SIMD3<Double> in
            let b = SIMD3(field.x, field.y, omega), length = (b * b).sum().squareRoot()
            return Self.apply(Rotation3(axis: b / length, angle: length * 2), s)
        }
        let errors = [40, 80].map { steps in
            let state = Self.run(method, steps: steps)
            return (0..<12).reduce(0) { max($0, Self.distance(state.spin($1), exact[$1])) }
        }
        #expect(abs(errors[0] / errors[1] - 16) < 2.5, "errors \(errors)")
    }

    @Test("tabulated rotations give bitwise the same spins as evaluated ones")
    func tabulatedBitwise() {
        let tabulated = Self.run("split4", steps: 200, tabulate: true), evaluated = Self.run("split4", steps: 200)
        for j in 0..<tabulated.count { #expect(tabulated.spin(j) == evaluated.spin(j)) }
    }

    @Test("no allocation inside a step: the same count for 100 and 10 000 steps", arguments: ["split4", "rk4"])
    func noAllocation(method: String) {
        let (frequencies, spins) = Self.spreadSpins(40)
        func run(_ steps: Int) {
            let state = SpinArrays(frequencies: frequencies, spins: spins)
            let rule = ProportionalStepRule(relative: 1e9, maximum: 1 / Double(steps))
            let report = method == "rk4" ? state.integrateRK4(from: 1, to: 2, rule: rule, field: ConstantField())
                : state.integrateSplitting(from: 1, to: 2, rule: rule, field: ConstantField(), tabulateRotations: true)
            blackHole(report.steps)
        }
        #expect(allocations { run(100) } == allocations { run(10_000) })
    }
}
