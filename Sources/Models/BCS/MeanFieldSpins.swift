import Foundation
import Integrators

/// N classical pseudospins s_j (|s_j| = ½) under the reduced-BCS (XY Gaudin) mean-field Hamiltonian
///
///     H = Σ_j 2ε_j s_j^z − g(t)(J_x² + J_y²),   J = Σ_j s_j,
///     ds_j/dt = b_j × s_j,   b_j = ∂H/∂s_j = (−2g J_x, −2g J_y, 2ε_j),
///
/// which conserves every |s_j| and J_z (PHYSICS.md §1.5). Energies ε_j and g are in the units of the levels, time
/// in their inverse (ħ = 1). The numerics are `SpinArrays` (Integrators) with precession frequencies ω_j = 2ε_j
/// and the coupling part as a `UniformSpinField`: `integrateSplitting` (norm-preserving 4th-order splitting with
/// the exact H₁ flow) and `integrateRK4` (plain Runge–Kutta 4, the reference), both with a `ProportionalStepRule`.
public final class MeanFieldSpins {
    /// The spins; spin j precesses about z at ω_j = 2ε_j.
    public let arrays: SpinArrays
    /// max_j |ε_j|.
    public let largestLevel: Double

    /// Spins `spins[j]` with levels `levels[j]` (same count, at least 1).
    public init(levels: [Double], spins: [SIMD3<Double>]) {
        precondition(levels.count == spins.count && !levels.isEmpty, "one level per spin")
        arrays = SpinArrays(frequencies: levels.map { 2 * $0 }, spins: spins)
        largestLevel = levels.reduce(0) { max($0, abs($1)) }
    }

    /// Number of spins N.
    public var count: Int { arrays.count }

    /// Spin j.
    public func spin(_ j: Int) -> SIMD3<Double> { arrays.spin(j) }

    /// J = Σ_j s_j.
    public var total: SIMD3<Double> { arrays.total }

    /// H = Σ_j 2ε_j s_j^z − g(J_x² + J_y²) at coupling g.
    public func energy(coupling g: Double) -> Double {
        let j = total
        return arrays.precessionEnergy - g * (j.x * j.x + j.y * j.y)
    }

    /// max_j ||s_j| − ½|.
    public var spinLengthError: Double { arrays.largestLengthDeviation(from: 0.5) }

    /// Integrates from `start` > 0 to `end` by the 4th-order splitting (`SpinArrays.integrateSplitting`).
    /// `coupling` is g(t) and `couplingRate` ġ(t); the report's work is ∫ ∂H/∂t dt = −∫ ġ (J_x² + J_y²) dt.
    public func integrateSplitting(from start: Double, to end: Double, rule: ProportionalStepRule,
                                   coupling: @escaping (Double) -> Double, couplingRate: @escaping (Double) -> Double,
                                   sampleTimes: [Double] = [], tabulateRotations: Bool = false) -> SpinIntegrationReport {
        arrays.integrateSplitting(from: start, to: end, rule: rule, field: PairingField(coupling: coupling, couplingRate: couplingRate),
                                  sampleTimes: sampleTimes, tabulateRotations: tabulateRotations)
    }

    /// Integrates from `start` > 0 to `end` by RK4 (`SpinArrays.integrateRK4`); arguments as `integrateSplitting`.
    public func integrateRK4(from start: Double, to end: Double, rule: ProportionalStepRule,
                             coupling: @escaping (Double) -> Double, couplingRate: @escaping (Double) -> Double,
                             sampleTimes: [Double] = []) -> SpinIntegrationReport {
        arrays.integrateRK4(from: start, to: end, rule: rule, field: PairingField(coupling: coupling, couplingRate: couplingRate),
                            sampleTimes: sampleTimes)
    }

    /// Applies the exact H₁ flow (g frozen) for a time τ: every spin rotated by `couplingFlow`.
    public func applyCouplingFlow(coupling g: Double, duration: Double) {
        arrays.rotate(by: Self.couplingFlow(total: total, coupling: g, duration: duration), thenPrecessFor: 0)
    }

    /// Applies the exact H₀ flow for a time τ: spin j rotated about z by 2ε_j τ.
    public func applyLevelFlow(duration: Double) {
        arrays.rotate(by: .identity, thenPrecessFor: duration)
    }

    /// The exact flow of H₁ = −g(J_x² + J_y²) for a time τ, from total spin J: every spin moves in the same field
    /// (−2gJ_x, −2gJ_y, 0); J_z and |J_⊥| are conserved and J_⊥ turns about z at 2gJ_z, and in the frame turning
    /// with it the field is the constant −2gJ(0) (the in-plane field plus the frame's −2gJ_z ẑ). So the flow is
    /// R_z(2gJ_zτ)·Rot(Ĵ, −2g|J|τ), one matrix for all spins.
    public static func couplingFlow(total j: SIMD3<Double>, coupling g: Double, duration tau: Double) -> Rotation3 {
        let length = (j * j).sum().squareRoot()
        guard length > 0 else { return .identity }
        return Rotation3(axis: j / length, angle: -2 * g * length * tau).followedByTurnAboutZ(2 * g * j.z * tau)
    }
}

/// H₁ = −g(t)(J_x² + J_y²) as the uniform field of `SpinArrays`: B = (−2gJ_x, −2gJ_y), ∂H/∂t = −ġ(J_x² + J_y²).
struct PairingField: UniformSpinField {
    let coupling: (Double) -> Double
    let couplingRate: (Double) -> Double

    func field(at t: Double, total: SIMD3<Double>) -> SIMD2<Double> {
        let g = coupling(t)
        return SIMD2(-2 * g * total.x, -2 * g * total.y)
    }

    func flow(at t: Double, total: SIMD3<Double>, duration: Double) -> Rotation3 {
        MeanFieldSpins.couplingFlow(total: total, coupling: coupling(t), duration: duration)
    }

    func work(at t: Double, total: SIMD3<Double>, duration: Double) -> Double {
        -(duration * couplingRate(t) * (total.x * total.x + total.y * total.y))
    }
}
