import Foundation

/// An independent integrator for H(t) = (v t/2) σz + (Δ/2) σx, written apart from Integrators/:
/// fourth-order commutator-free Magnus (Blanes–Moan), whose two exponentials are exact 2×2 rotations.
/// For H linear in t, α₁H(t+c₁h) + α₂H(t+c₂h) = ½H(t + 5h/6) and α₂H(t+c₁h) + α₁H(t+c₂h) = ½H(t + h/6).
/// Unitary to round-off, so its error is the Magnus truncation alone, O(h⁴) globally.
public enum IndependentTwoLevelReference {
    public struct Amplitudes { var upRe, upIm, downRe, downIm: Double }

    public static func finalState(rate: Double, gap: Double, halfWindow: Double, steps: Int) -> Amplitudes {
        var psi = Amplitudes(upRe: 1, upIm: 0, downRe: 0, downIm: 0)
        let h = 2 * halfWindow / Double(steps)
        for k in 0..<steps {
            let t = -halfWindow + Double(k) * h
            psi = rotate(psi, a: rate * (t + h / 6) / 2, b: gap / 2, theta: h / 2)
            psi = rotate(psi, a: rate * (t + 5 * h / 6) / 2, b: gap / 2, theta: h / 2)
        }
        return psi
    }

    /// exp(−iθ(aσz + bσx)) ψ = cos(θr) ψ − i sin(θr)/r (aσz + bσx) ψ, r = √(a² + b²).
    static func rotate(_ psi: Amplitudes, a: Double, b: Double, theta: Double) -> Amplitudes {
        let r = (a * a + b * b).squareRoot()
        let c = cos(theta * r), s = r > 0 ? sin(theta * r) / r : theta
        let mUpRe = a * psi.upRe + b * psi.downRe, mUpIm = a * psi.upIm + b * psi.downIm
        let mDownRe = b * psi.upRe - a * psi.downRe, mDownIm = b * psi.upIm - a * psi.downIm
        return Amplitudes(upRe: c * psi.upRe + s * mUpIm, upIm: c * psi.upIm - s * mUpRe,
                          downRe: c * psi.downRe + s * mDownIm, downIm: c * psi.downIm - s * mDownRe)
    }

    /// p_stay = |⟨↑|ψ(T)⟩|².
    public static func stayProbability(rate: Double, gap: Double, halfWindow: Double, steps: Int) -> Double {
        let psi = finalState(rate: rate, gap: gap, halfWindow: halfWindow, steps: steps)
        return psi.upRe * psi.upRe + psi.upIm * psi.upIm
    }
}

extension IndependentTwoLevelReference {
    /// p_stay at a step small enough that the Magnus error is far below 1e-10, with the difference
    /// to half as many steps as its error estimate (Richardson: error ≈ difference/15).
    public static func converged(rate: Double, gap: Double, halfWindow: Double, step: Double = 2e-3) -> (value: Double, errorEstimate: Double) {
        let steps = 2 * Int((halfWindow / step).rounded(.up))
        let coarse = stayProbability(rate: rate, gap: gap, halfWindow: halfWindow, steps: steps / 2)
        let fine = stayProbability(rate: rate, gap: gap, halfWindow: halfWindow, steps: steps)
        return (fine, abs(fine - coarse) / 15)
    }
}
