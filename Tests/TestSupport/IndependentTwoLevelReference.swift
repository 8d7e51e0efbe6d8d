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

extension IndependentTwoLevelReference {
    /// Weight on the negative-energy eigenvector at g_f of one Ising k-mode, integrated in the lab time
    /// of the untransformed Bogoliubov–de Gennes equations i d/dt(u, v) = 2[(g − cos k)σz + sin k σx](u, v),
    /// g = −t/τ_Q, from the positive-energy eigenvector at g₀ (t = −g₀τ_Q) to t = −g_fτ_Q, in `steps`
    /// equal steps of the same CFM4 scheme (H is linear in t).
    public static func isingExcitation(k: Double, quenchTime: Double, initialField: Double, finalField: Double, steps: Int) -> Double {
        func eigenvector(_ g: Double, positive: Bool) -> (Double, Double) {
            let a = 2 * (g - cos(k)), b = 2 * sin(k), e = (a * a + b * b).squareRoot()
            // (aσz + bσx − λ)x = 0 for λ = ±e, in whichever of the two forms has no cancellation.
            let (x, y) = positive ? (a >= 0 ? (a + e, b) : (b, e - a)) : (a >= 0 ? (-b, a + e) : (a - e, b))
            let n = (x * x + y * y).squareRoot()
            return (x / n, y / n)
        }
        let start = -initialField * quenchTime, end = -finalField * quenchTime
        let (u0, v0) = eigenvector(initialField, positive: true)
        var psi = Amplitudes(upRe: u0, upIm: 0, downRe: v0, downIm: 0)
        let h = (end - start) / Double(steps), b = 2 * sin(k)
        func z(_ t: Double) -> Double { 2 * (-t / quenchTime - cos(k)) }
        for i in 0..<steps {
            let t = start + Double(i) * h
            psi = rotate(psi, a: z(t + h / 6), b: b, theta: h / 2)
            psi = rotate(psi, a: z(t + 5 * h / 6), b: b, theta: h / 2)
        }
        let (uf, vf) = eigenvector(finalField, positive: false)
        let re = uf * psi.upRe + vf * psi.downRe, im = uf * psi.upIm + vf * psi.downIm
        return re * re + im * im
    }

    /// Kink (quasiparticle) density n and residual energy e_res per site of an even ring of L sites,
    /// summed over the modes k = (2m−1)π/L, each mode at a step of at most `step` and at most a
    /// rotation of 0.05 per step, with the difference to twice that step as error estimates.
    public static func isingDensities(quenchTime: Double, sites: Int, initialField: Double, finalField: Double, step: Double = 2e-3)
        -> (n: Double, eRes: Double, nError: Double, eResError: Double) {
        var n = 0.0, e = 0.0, nCoarse = 0.0, eCoarse = 0.0
        let window = (initialField - finalField) * quenchTime, largestEnergy = 2 * (initialField + 1)
        let steps = 2 * Int((window / min(step, 0.05 / largestEnergy)).rounded(.up) / 2) + 2
        for m in 1...(sites / 2) {
            let k = Double(2 * m - 1) * .pi / Double(sites)
            let energy = 2 * ((finalField - cos(k)) * (finalField - cos(k)) + sin(k) * sin(k)).squareRoot()
            let fine = isingExcitation(k: k, quenchTime: quenchTime, initialField: initialField, finalField: finalField, steps: steps)
            let coarse = isingExcitation(k: k, quenchTime: quenchTime, initialField: initialField, finalField: finalField, steps: steps / 2)
            n += fine; e += energy * fine; nCoarse += coarse; eCoarse += energy * coarse
        }
        let scale = 2 / Double(sites)
        return (scale * n, scale * e, scale * abs(n - nCoarse) / 15, scale * abs(e - eCoarse) / 15)
    }
}
