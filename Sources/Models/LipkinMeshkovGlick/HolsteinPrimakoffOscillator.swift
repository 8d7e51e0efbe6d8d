import Foundation

/// A complex number for the oscillator's mode function (scalar code; hot loops use lanes).
struct ComplexNumber: Equatable {
    var re: Double, im: Double
    static func + (a: Self, b: Self) -> Self { Self(re: a.re + b.re, im: a.im + b.im) }
    static func - (a: Self, b: Self) -> Self { Self(re: a.re - b.re, im: a.im - b.im) }
    static func * (a: Self, b: Self) -> Self { Self(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re) }
    static func * (a: Double, b: Self) -> Self { Self(re: a * b.re, im: a * b.im) }
    var conjugate: Self { Self(re: re, im: -im) }
    var magnitudeSquared: Double { re * re + im * im }
}

/// The Holstein–Primakoff oscillator of the LMG ramp (PHYSICS.md §2.3–2.4; Defenu et al., PRL 121,
/// 240403 (2018), Eqs. 7 and 10): H_osc = p²/2 + Ω(t)²x²/2 in a Gaussian state with width ξ, where
/// ξ″ + Ω²ξ = 1/(4ξ³) (Ermakov–Milne). Equivalently ξ = |u| with u″ + Ω²u = 0 and
/// Im(ū u′) = −½, the linear form integrated here.
enum HolsteinPrimakoffOscillator {
    /// n_exc = [ξ′² + (Ωξ − 1/(2ξ))²]/(2Ω) with ξ = |u|, ξ′ = Re(ū u′)/|u| (PHYSICS.md §2.3).
    static func excitation(u: ComplexNumber, derivative du: ComplexNumber, omega: Double) -> Double {
        let xi = u.magnitudeSquared.squareRoot()
        let xiPrime = (u.re * du.re + u.im * du.im) / xi
        let mismatch = omega * xi - 1 / (2 * xi)
        return (xiPrime * xiPrime + mismatch * mismatch) / (2 * omega)
    }

    /// The instantaneous ground state: u = 1/√(2Ω), u′ = −iΩu.
    static func groundState(omega: Double) -> (u: ComplexNumber, du: ComplexNumber) {
        let amplitude = 1 / (2 * omega).squareRoot()
        return (ComplexNumber(re: amplitude, im: 0), ComplexNumber(re: 0, im: -omega * amplitude))
    }

    /// Exact propagation of u″ = −(κs + c)u from s₀ to s₁ (κ ≠ 0): with b = ∛(−κ) and
    /// z = b(s + c/κ) it is Airy's equation d²u/dz² = zu, so u = αAi(z) + βBi(z) with
    /// α = π(u Bi′ − Bi u′/b), β = π(Ai u′/b − Ai′ u) from the Wronskian 1/π.
    static func airyPropagate(u: ComplexNumber, du: ComplexNumber, from s0: Double, to s1: Double,
                              slope kappa: Double, offset c: Double) -> (u: ComplexNumber, du: ComplexNumber) {
        let b = cbrt(-kappa)
        let v0 = Airy.values(b * (s0 + c / kappa))
        let alpha = Double.pi * (v0.biPrime * u - (v0.bi / b) * du)
        let beta = Double.pi * ((v0.ai / b) * du - v0.aiPrime * u)
        let v1 = Airy.values(b * (s1 + c / kappa))
        return (v1.ai * alpha + v1.bi * beta, b * (v1.aiPrime * alpha + v1.biPrime * beta))
    }

    /// The scaled ramp of Eq. 10: Ω(s)² = −4s + Λ^{−2/3} (s < 0), 8s + Λ^{−2/3} (s > 0).
    struct ScaledRamp {
        let lambda: Double
        var offset: Double { pow(lambda, -2.0 / 3) }

        func omegaSquared(_ s: Double) -> Double { (s < 0 ? -4 * s : 8 * s) + offset }

        /// Exact u at `end` from the ground state at `start` < 0 (end ≤ 0 stays on the left branch).
        func exact(start: Double, end: Double) -> (u: ComplexNumber, du: ComplexNumber) {
            let ground = groundState(omega: omegaSquared(start).squareRoot())
            let left = airyPropagate(u: ground.u, du: ground.du, from: start, to: min(end, 0), slope: -4, offset: offset)
            guard end > 0 else { return left }
            return airyPropagate(u: left.u, du: left.du, from: 0, to: end, slope: 8, offset: offset)
        }

        /// n_exc at `end` from the ground state at `start`, exactly.
        func exactExcitation(start: Double, end: Double) -> Double {
            let state = exact(start: start, end: end)
            return excitation(u: state.u, derivative: state.du, omega: omegaSquared(end).squareRoot())
        }

        /// The scaling limit (start → −∞ in the positive-frequency state √(π/(2a))[Bi(z) + iAi(z)],
        /// a = 4^{1/3}): n at s = 0 (half ramp), or |β|² = |i(w u′ − w′ u)|² on the late positive-frequency
        /// solution w = √(π/4)[Bi(z′) − iAi(z′)], z′ = −2(s + Λ^{−2/3}/8) (full ramp, end → ∞).
        func scalingLimit(full: Bool) -> Double {
            let a = cbrt(4.0)
            let v = Airy.values(-a * offset / 4)
            let norm = (Double.pi / (2 * a)).squareRoot()
            let u = norm * ComplexNumber(re: v.bi, im: v.ai)
            let du = (norm * a) * ComplexNumber(re: v.biPrime, im: v.aiPrime)
            guard full else { return excitation(u: u, derivative: du, omega: offset.squareRoot()) }
            let late = Airy.values(-offset / 4)
            let wNorm = (Double.pi / 4).squareRoot()
            let w = wNorm * ComplexNumber(re: late.bi, im: -late.ai)
            let dw = (-2 * wNorm) * ComplexNumber(re: late.biPrime, im: -late.aiPrime)
            let wronskian = w * du - dw * u
            return wronskian.magnitudeSquared
        }
    }
}
