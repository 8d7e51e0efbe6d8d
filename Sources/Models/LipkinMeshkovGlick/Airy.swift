import Foundation

/// Airy functions Ai, Ai′, Bi, Bi′ of a real argument, to about 1e-11 relative (absolute where they
/// vanish). |x| ≤ 7: the Maclaurin series Ai = c₁f − c₂g, Bi = √3(c₁f + c₂g) (DLMF 9.4.1–9.4.2),
/// except Ai, Ai′ for 2 < x ≤ 7, where the series cancels: there Airy's equation y″ = xy is
/// integrated (RK4, h = 2.5e-4) backwards from x = 12, the stable direction for the recessive Ai.
/// Beyond |x| = 7, the asymptotic expansions DLMF 9.7.5–9.7.12 with ζ = (2/3)|x|^{3/2}, summed to
/// their smallest term. Checked against mpmath at 30 digits in the tests.
enum Airy {
    struct Values: Equatable {
        var ai: Double, aiPrime: Double, bi: Double, biPrime: Double
    }

    static let ai0 = 0.355_028_053_887_817_239_26        // Ai(0)
    static let aiPrime0 = 0.258_819_403_792_806_798_41   // −Ai′(0)

    static func values(_ x: Double) -> Values {
        if x > 2 && x <= 7 {
            var v = series(x)
            (v.ai, v.aiPrime) = recessive(x)
            return v
        }
        return abs(x) <= 7 ? series(x) : (x > 0 ? positive(x) : negative(-x))
    }

    /// (Ai, Ai′) at 2 < x ≤ 7 by RK4 on y″ = xy from x = 12 down to x.
    static func recessive(_ x: Double) -> (Double, Double) {
        let start = positive(12)
        var y = start.ai, dy = start.aiPrime
        let steps = Int(((12 - x) / 2.5e-4).rounded(.up))
        let h = -(12 - x) / Double(steps)
        for k in 0..<steps {
            let t = 12 + Double(k) * h
            let (k1y, k1d) = (dy, t * y)
            let (k2y, k2d) = (dy + h / 2 * k1d, (t + h / 2) * (y + h / 2 * k1y))
            let (k3y, k3d) = (dy + h / 2 * k2d, (t + h / 2) * (y + h / 2 * k2y))
            let (k4y, k4d) = (dy + h * k3d, (t + h) * (y + h * k3y))
            y += h / 6 * (k1y + 2 * k2y + 2 * k3y + k4y)
            dy += h / 6 * (k1d + 2 * k2d + 2 * k3d + k4d)
        }
        return (y, dy)
    }

    /// Maclaurin series: f = Σ 3ᵏ(1/3)ₖ x^{3k}/(3k)!, g = Σ 3ᵏ(2/3)ₖ x^{3k+1}/(3k+1)!, with derivatives.
    static func series(_ x: Double) -> Values {
        var f = 1.0, g = x, fPrime = 0.0, gPrime = 1.0
        var termF = 1.0, termG = x
        let x3 = x * x * x
        for k in 1..<200 {
            let kk = Double(k)
            termF *= x3 / ((3 * kk - 1) * (3 * kk))               // x^{3k}/[(3k)!/((1/3)ₖ 3ᵏ)] recursion
            termG *= x3 / ((3 * kk) * (3 * kk + 1))
            fPrime += termF * 3 * kk / x                           // d/dx x^{3k} = 3k x^{3k−1}
            gPrime += termG * (3 * kk + 1) / x
            f += termF
            g += termG
            if abs(termF) < 1e-18 * abs(f) && abs(termG) < 1e-18 * max(abs(g), 1e-300) { break }
        }
        if x == 0 { fPrime = 0; gPrime = 1 }
        let s3 = 3.0.squareRoot()
        return Values(ai: ai0 * f - aiPrime0 * g, aiPrime: ai0 * fPrime - aiPrime0 * gPrime,
                      bi: s3 * (ai0 * f + aiPrime0 * g), biPrime: s3 * (ai0 * fPrime + aiPrime0 * gPrime))
    }

    /// uₖ and vₖ of DLMF 9.7.2: u₀ = v₀ = 1, uₖ = (6k−5)(6k−3)(6k−1)/((2k−1)·216·k)·uₖ₋₁, vₖ = −(6k+1)/(6k−1)·uₖ.
    static let coefficients: [(u: Double, v: Double)] = {
        var list: [(Double, Double)] = [(1, 1)]
        var u = 1.0
        for k in 1..<40 {
            let kk = Double(k)
            u *= (6 * kk - 5) * (6 * kk - 3) * (6 * kk - 1) / ((2 * kk - 1) * 216 * kk)
            list.append((u, -(6 * kk + 1) / (6 * kk - 1) * u))
        }
        return list
    }()

    /// Σₖ signₖ cₖ/ζᵏ over the terms k ≡ parity (mod 2) (or all k when parity is nil), alternating
    /// in pairs when `alternatePairs`, stopped at the smallest term.
    static func asymptoticSum(_ zeta: Double, parity: Int?, alternatePairs: Bool, alternate: Bool, useV: Bool) -> Double {
        var sum = 0.0, previous = Double.infinity
        for k in 0..<coefficients.count {
            if let parity, k % 2 != parity { continue }
            let c = useV ? coefficients[k].v : coefficients[k].u
            let term = c / pow(zeta, Double(k))
            if abs(term) > previous { break }
            previous = abs(term)
            var sign = 1.0
            if alternate && k % 2 == 1 { sign = -1 }
            if alternatePairs && (k / 2) % 2 == 1 { sign = -1 }
            sum += sign * term
        }
        return sum
    }

    /// x > 7 (DLMF 9.7.5–9.7.8).
    static func positive(_ x: Double) -> Values {
        let zeta = 2.0 / 3 * pow(x, 1.5), root = Double.pi.squareRoot(), q = pow(x, 0.25)
        let decay = exp(-zeta), growth = exp(zeta)
        return Values(
            ai: decay / (2 * root * q) * asymptoticSum(zeta, parity: nil, alternatePairs: false, alternate: true, useV: false),
            aiPrime: -q * decay / (2 * root) * asymptoticSum(zeta, parity: nil, alternatePairs: false, alternate: true, useV: true),
            bi: growth / (root * q) * asymptoticSum(zeta, parity: nil, alternatePairs: false, alternate: false, useV: false),
            biPrime: q * growth / root * asymptoticSum(zeta, parity: nil, alternatePairs: false, alternate: false, useV: true))
    }

    /// Argument −x with x > 7 (DLMF 9.7.9–9.7.12).
    static func negative(_ x: Double) -> Values {
        let zeta = 2.0 / 3 * pow(x, 1.5), root = Double.pi.squareRoot(), q = pow(x, 0.25)
        let phase = zeta - .pi / 4
        let (s, c) = (sin(phase), cos(phase))
        let uEven = asymptoticSum(zeta, parity: 0, alternatePairs: true, alternate: false, useV: false)
        let uOdd = asymptoticSum(zeta, parity: 1, alternatePairs: true, alternate: false, useV: false)
        let vEven = asymptoticSum(zeta, parity: 0, alternatePairs: true, alternate: false, useV: true)
        let vOdd = asymptoticSum(zeta, parity: 1, alternatePairs: true, alternate: false, useV: true)
        return Values(ai: (c * uEven + s * uOdd) / (root * q), aiPrime: q * (s * vEven - c * vOdd) / root,
                      bi: (-s * uEven + c * uOdd) / (root * q), biPrime: q * (c * vEven + s * vOdd) / root)
    }
}
