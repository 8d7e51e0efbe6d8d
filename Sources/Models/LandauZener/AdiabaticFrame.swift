import Foundation

/// The adiabatic frame of H(t) = (v t/2) σz + (Δ/2) σx and the analytic propagation through the
/// tails of a sweep (PHYSICS.md §4; derivation checked symbolically).
///
/// With ω = √((vt)² + Δ²), E = ω/2 and the mixing angle θ (cos θ = vt/ω, sin θ = Δ/ω), the adiabatic
/// states are |+⟩ = (cos θ/2, sin θ/2) at energy +E and |−⟩ = (−sin θ/2, cos θ/2) at −E. In the
/// interaction picture b± = e^{±iΦ} c±, Φ(t) = ∫₀ᵗ E = [vtω + Δ² asinh(vt/Δ)]/(4v),
///
///     ḃ₊ = κ e^{2iΦ} b₋,   ḃ₋ = −κ e^{−2iΦ} b₊,   κ = θ̇/2 = −vΔ/(2ω²).
///
/// In a tail (|vt| ≫ Δ) the coupling is small and fast, so the first Magnus term, the unitary
/// rotation by I = ∫κ e^{2iΦ}dt, propagates b to second order in |I| ~ vΔ/(2ω³). I is evaluated by
/// integration by parts: I = [(g₀ − g₁ + g₂) e^{2iΦ}] with g₀ = i vΔ/(2ω³), g₁ = −(3/2)v³Δt/ω⁶,
/// g₂ = (3i/2)v³Δ(1/ω⁷ − 6v²t²/ω⁹); each term is smaller than the last by about 1/(E|t|).
struct AdiabaticFrame {
    let rate: Double
    let gap: Double

    /// A complex number as (re, im).
    typealias Complex = (re: Double, im: Double)

    func omega(_ t: Double) -> Double { ((rate * t) * (rate * t) + gap * gap).squareRoot() }

    /// Φ(t) = ∫₀ᵗ E dt′.
    func phase(_ t: Double) -> Double {
        let w = omega(t)
        guard gap > 0 else { return rate * t * abs(t) / 4 }
        return (rate * t * w + gap * gap * asinh(rate * t / gap)) / (4 * rate)
    }

    /// (cos θ/2, sin θ/2), computed without cancellation on either side of the crossing.
    func halfAngle(_ t: Double) -> (cos: Double, sin: Double) {
        let w = omega(t), x = rate * t
        guard w > 0 else { return (1 / 2.0.squareRoot(), 1 / 2.0.squareRoot()) }
        let onePlus: Double, oneMinus: Double
        if x >= 0 {
            onePlus = (w + x) / w
            oneMinus = gap * gap / (w * (w + x))
        } else {
            onePlus = gap * gap / (w * (w - x))
            oneMinus = (w - x) / w
        }
        return ((onePlus / 2).squareRoot(), (oneMinus / 2).squareRoot())
    }

    /// Lab amplitudes (up, down) → interaction-picture adiabatic amplitudes (b₊, b₋) at t.
    func toInteraction(up: Complex, down: Complex, at t: Double) -> (plus: Complex, minus: Complex) {
        let (c, s) = halfAngle(t)
        let cPlus: Complex = (c * up.re + s * down.re, c * up.im + s * down.im)
        let cMinus: Complex = (c * down.re - s * up.re, c * down.im - s * up.im)
        let phi = phase(t)
        return (rotate(cPlus, by: phi), rotate(cMinus, by: -phi))
    }

    /// Interaction-picture (b₊, b₋) → lab (up, down) at t.
    func toLab(plus: Complex, minus: Complex, at t: Double) -> (up: Complex, down: Complex) {
        let phi = phase(t)
        let cPlus = rotate(plus, by: -phi), cMinus = rotate(minus, by: phi)
        let (c, s) = halfAngle(t)
        return ((c * cPlus.re - s * cMinus.re, c * cPlus.im - s * cMinus.im),
                (s * cPlus.re + c * cMinus.re, s * cPlus.im + c * cMinus.im))
    }

    /// Propagates (b₊, b₋) from `from` to `to`, both in one tail, by the rotation exp([[0, I], [−Ī, 0]]).
    func propagateTail(plus: Complex, minus: Complex, from: Double, to: Double) -> (plus: Complex, minus: Complex) {
        let (end, begin) = (tailIntegral(to), tailIntegral(from))
        let i = (re: end.re - begin.re, im: end.im - begin.im)
        let size = (i.re * i.re + i.im * i.im).squareRoot()
        guard size > 0 else { return (plus, minus) }
        let c = cos(size), s = sin(size) / size
        let iTimesMinus: Complex = (i.re * minus.re - i.im * minus.im, i.re * minus.im + i.im * minus.re)
        let conjTimesPlus: Complex = (i.re * plus.re + i.im * plus.im, i.re * plus.im - i.im * plus.re)
        return ((c * plus.re + s * iTimesMinus.re, c * plus.im + s * iTimesMinus.im),
                (c * minus.re - s * conjTimesPlus.re, c * minus.im - s * conjTimesPlus.im))
    }

    /// The antiderivative (g₀ − g₁ + g₂) e^{2iΦ} of κ e^{2iΦ}, as (re, im).
    func tailIntegral(_ t: Double) -> (re: Double, im: Double) {
        let w = omega(t), v = rate, d = gap
        let w2 = w * w, w3 = w2 * w, w6 = w3 * w3
        let g0 = v * d / (2 * w3)                                           // imaginary
        let g1 = -1.5 * v * v * v * d * t / w6                              // real
        let g2 = 1.5 * v * v * v * d * (1 / (w6 * w) - 6 * v * v * t * t / (w6 * w3))   // imaginary
        let amplitude = (re: -g1, im: g0 + g2)
        let angle = 2 * phase(t)
        let (s, c) = (sin(angle), cos(angle))
        return (amplitude.re * c - amplitude.im * s, amplitude.re * s + amplitude.im * c)
    }

    /// Where the tails begin: the smallest |t| beyond which |g₀| ≤ `size`
    /// and E|t| ≥ 20, so the first Magnus term and three integration-by-parts terms are accurate.
    /// Never 0, even without a gap: the adiabatic basis flips at the crossing (|+⟩ is |↓⟩ before it
    /// and |↑⟩ after), so a tail must not reach across t = 0.
    func tailStart(couplingBound size: Double) -> Double {
        let fromPhase = (40 / rate).squareRoot()
        guard gap > 0 else { return fromPhase }
        let w = pow(rate * gap / (2 * size), 1.0 / 3)
        let fromCoupling = w > gap ? (w * w - gap * gap).squareRoot() / rate : 0
        return max(fromCoupling, fromPhase, 2 * gap / rate)
    }

    private func rotate(_ z: Complex, by angle: Double) -> Complex {
        let (s, c) = (sin(angle), cos(angle))
        return (z.re * c - z.im * s, z.re * s + z.im * c)
    }
}
