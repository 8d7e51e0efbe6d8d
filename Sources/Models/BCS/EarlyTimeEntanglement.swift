import Foundation

/// Half-system entanglement of the BCS sweep at early times (PHYSICS.md §1.7), where H₀ is negligible
/// (t ≪ η/W): from every pseudospin along +x, ψ(t) = exp(i(τ/N)S⁺S⁻)ψ₀ with τ = N∫G dt = (N/ν) ln(t/t₀),
/// one-axis twisting in the symmetric subspace.
public enum EarlyTimeEntanglement {
    /// S_ent of ⌊N/2⌋ spins at finite N: the Schmidt matrix in the Dicke bases of the halves is
    /// X_{k,l} = c_{k+l} √(C(N_A,k)C(N_B,l)/C(N,k+l)), c_K = √(C(N,K)/2^N) e^{i(τ/N)(S(S+1) − m² + m)},
    /// m = K − N/2; S = −Σ p ln p over the eigenvalues p of XX†. O(N³).
    public static func finiteN(levels n: Int, tau: Double) -> Double {
        let s = Double(n) / 2, na = n / 2, nb = n - na
        let logBinomial = { (a: Int, b: Int) in lgamma(Double(a + 1)) - lgamma(Double(b + 1)) - lgamma(Double(a - b + 1)) }
        var xr = [Double](repeating: 0, count: (na + 1) * (nb + 1)), xi = xr
        for k in 0...na {
            for l in 0...nb {
                let total = k + l, m = Double(total) - s
                let phase = tau / Double(n) * (s * (s + 1) - m * m + m)
                // |c_K|² × C(N_A,k)C(N_B,l)/C(N,K) = C(N_A,k)C(N_B,l)/2^N.
                let amplitude = exp(0.5 * (logBinomial(na, k) + logBinomial(nb, l) - Double(n) * log(2.0)))
                xr[k * (nb + 1) + l] = amplitude * cos(phase)
                xi[k * (nb + 1) + l] = amplitude * sin(phase)
            }
        }
        return PairEntanglement.vonNeumann(PairEntanglement.reducedDensityEigenvalues(na + 1, nb + 1, xr, xi))
    }

    /// N → ∞ (Zabalo et al. Eq. 110): S = √(1+τ²/4)·arccoth√(1+τ²/4) + ln(τ/4), a bosonic Gaussian mode.
    public static func thermodynamicLimit(tau: Double) -> Double {
        let a = (1 + tau * tau / 4).squareRoot()
        return a * 0.5 * log((a + 1) / (a - 1)) + log(tau / 4)
    }
}
