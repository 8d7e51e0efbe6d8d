import Foundation

/// The exponential integral E₁(z) = ∫_z^∞ e^{−u}/u du for complex z with Re z ≥ 0, z ≠ 0 (principal
/// branch): the power series E₁ = −γ − ln z − Σ_{k≥1} (−z)^k/(k·k!) for |z| ≤ 2, the continued fraction
/// e^{−z}/(z + 1 − 1²/(z + 3 − 2²/(z + 5 − …))) (modified Lentz) beyond. Relative accuracy ~1e-15.
/// The BCS tail correction needs E₁(−iωT) = ∫_T^∞ e^{iωt}/t dt.
enum ExponentialIntegral {
    static func e1(_ z: ComplexNumber) -> ComplexNumber {
        let modulus = z.magnitudeSquared.squareRoot()
        precondition(modulus > 0 && z.re >= 0, "E1 needs Re z ≥ 0, z ≠ 0")
        if modulus <= 2 {
            let eulerGamma = 0.57721566490153286061
            var sum = ComplexNumber(re: 0, im: 0)
            var power = ComplexNumber(re: 1, im: 0)  // (−z)^k / k!
            let minusZ = ComplexNumber(re: -z.re, im: -z.im)
            for k in 1...60 {
                power = (1 / Double(k)) * (power * minusZ)
                let term = (1 / Double(k)) * power
                sum = sum + term
                if term.magnitudeSquared < 1e-36 * sum.magnitudeSquared { break }
            }
            let logZ = ComplexNumber(re: log(modulus), im: atan2(z.im, z.re))
            return ComplexNumber(re: -eulerGamma - logZ.re - sum.re, im: -logZ.im - sum.im)
        }
        let tiny = 1e-300
        var b = ComplexNumber(re: z.re + 1, im: z.im)
        var c = ComplexNumber(re: 1 / tiny, im: 0)
        var d = reciprocal(b)
        var h = d
        for i in 1...100_000 {
            let an = -Double(i * i)
            b = ComplexNumber(re: b.re + 2, im: b.im)
            d = reciprocal(an * d + b)
            c = b + an * reciprocal(c)
            let delta = c * d
            h = h * delta
            if (delta - ComplexNumber(re: 1, im: 0)).magnitudeSquared < 1e-32 { break }
        }
        let scale = exp(-z.re)
        return h * ComplexNumber(re: scale * cos(z.im), im: -scale * sin(z.im))
    }

    static func reciprocal(_ z: ComplexNumber) -> ComplexNumber {
        let m = z.magnitudeSquared
        return ComplexNumber(re: z.re / m, im: -z.im / m)
    }
}
