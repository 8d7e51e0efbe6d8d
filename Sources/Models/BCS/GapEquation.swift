import Foundation

/// The mean-field (BCS) ground state of H = Σ_j 2ε_j s_j^z − g Σ_{j,k} s_j^+ s_k^- at fixed mean pair
/// number (PHYSICS.md §5): gap Δ > 0 (real gauge), chemical potential μ and the Anderson pseudospins.
public struct PairingGroundState: Sendable {
    /// Δ = g Σ_j s_j^x, in the energy units of the levels.
    public let gap: Double
    /// μ, such that Σ_j s_j^z = M − N/2.
    public let chemicalPotential: Double
    /// s_j = (Δ/(2E_j), 0, −(ε_j−μ)/(2E_j)), E_j = √((ε_j−μ)² + Δ²), |s_j| = ½, in the order of the
    /// levels passed in. With ε_j measured from μ, each s_j is parallel to its mean field
    /// b_j = (−2gJ_x, −2gJ_y, 2(ε_j−μ)), J = Σ_k s_k, so it is a fixed point of ds_j/dt = b_j × s_j.
    public let spins: [SIMD3<Double>]
}

/// The BCS gap equation for N discrete pair levels ε_j (PHYSICS.md §5), with the mean pair number
/// fixed at M through μ. With ξ_j = ε_j − μ, E_j = √(ξ_j² + Δ²) and K = N − 2M:
///
///   gap:     1 = g Σ_j tanh(E_j/2T)/(2E_j)
///   number:  Σ_j (ξ_j/E_j) tanh(E_j/2T) = K,  i.e. Σ_j [1 − (ξ_j/E_j) tanh(E_j/2T)] = 2M fermions,
///            or Σ_j s_j^z = M − N/2 with s_j^z = −(ξ_j/2E_j) tanh(E_j/2T) (broken pairs count one
///            fermion each, as in the grand-canonical fermionic BCS theory).
///
/// At T = 0 (tanh = 1) these are the pseudospin equations of `groundState`; at Δ = 0 the number
/// equation is Σ_j 2f(ξ_j) = 2M with the Fermi function f, which fixes μ at and above T_c.
///
/// Method: μ(Δ) from the number equation by safeguarded Newton (bracketed; its left side is strictly
/// monotone in μ), written as Σ_j sign(ξ_j) − K (an exact integer) plus accurately computed small
/// deviations, so μ stays well determined when Δ and T are far below the level spacing. Then Δ from
/// ln(g Σ_j tanh(E_j/2T)/(2E_j)) = 0 along μ(Δ) by safeguarded Newton in ln Δ, with the exact total
/// derivative (the reduced gap function is strictly decreasing in Δ, so the solution is unique), each
/// step applied as a factor on Δ. μ is carried as a shift from the M-th level, so ξ_j keeps full
/// precision near the Fermi level. These variables make Δ and μ equally good from Δ ≪ spacing to
/// g ~ 10⁷ (Δ, |μ| ~ gN). T_c: Brent's method in ln T on the Δ = 0 gap function. Sums run in blocks
/// of 256 with compensated block totals. Results are converged to rounding; a pass costs O(N).
///
/// Levels may come in any order and need not be distinct; preconditions: N ≥ 2, 0 < M < N, g > 0,
/// T ≥ 0, all finite. Energies and temperatures are in the units of the levels (k_B = 1).
public enum GapEquation {
    /// T = 0, fixed mean pair number M: solves 1 = g Σ_j 1/(2E_j) and Σ_j s_j^z = M − N/2.
    /// Returns nil if no nonzero gap exists, i.e. g ≤ g_c = 2/Σ_j 1/|ε_j − μ*| with μ* the Δ → 0⁺ limit
    /// of μ (between the M-th and (M+1)-th lowest level; a discrete spectrum always has a threshold).
    public static func groundState(levels: [Double], coupling g: Double, pairs M: Int) -> PairingGroundState? {
        let problem = Problem(levels: levels, coupling: g, pairs: M, temperature: 0)
        let (delta, shift) = problem.solveGap()
        guard delta > 0 else { return nil }
        let spins = problem.offsets.map { offset -> SIMD3<Double> in
            let xi = offset - shift, energy = (xi * xi + delta * delta).squareRoot()
            return SIMD3(delta / (2 * energy), 0, -xi / (2 * energy))
        }
        return PairingGroundState(gap: delta, chemicalPotential: problem.anchor + shift, spins: spins)
    }

    /// Finite T (fermionic BCS including broken pairs, number equation above): Δ(T) ≥ 0 and μ(T).
    /// Δ = 0 at and above T_c, where μ solves Σ_j tanh(ξ_j/2T) = N − 2M. At T = 0 this is
    /// `groundState` (with gap 0 and μ = μ* below the threshold coupling).
    public static func gap(levels: [Double], coupling g: Double, pairs M: Int, temperature T: Double) -> (gap: Double, chemicalPotential: Double) {
        let problem = Problem(levels: levels, coupling: g, pairs: M, temperature: T)
        let (delta, shift) = problem.solveGap()
        return (delta, problem.anchor + shift)
    }

    /// T_c from 1 = g Σ_j tanh(|ε_j−μ|/(2T_c))/(2|ε_j−μ|), with μ = μ(T_c) of the Δ = 0 number equation
    /// (Fermi function, 2M fermions). Returns 0 if the equation has no root above the T → 0 limit,
    /// where μ → the midpoint of the M-th and (M+1)-th lowest levels; for couplings within the
    /// discreteness window between that criterion and the T = 0 threshold of `groundState`, the two
    /// can disagree on whether there is a gap (mean-field theory for a few levels).
    public static func criticalTemperature(levels: [Double], coupling g: Double, pairs M: Int) -> Double {
        Problem(levels: levels, coupling: g, pairs: M, temperature: 0).criticalTemperature()
    }

    /// Condensation energy at T = 0: E_MF(ground) − E_normal, with the classical pseudospin energy
    /// E = Σ_j 2ε_j s_j^z − g(J_x² + J_y²) and the normal state of the M lowest levels filled
    /// (s_j^z = ±½). For a dense flat band of density ρ it tends to −ρΔ₀²/2 (PHYSICS.md §5).
    public static func condensationEnergy(levels: [Double], coupling g: Double, pairs M: Int, ground: PairingGroundState) -> Double {
        let delta = ground.gap, mu = ground.chemicalPotential
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        var filled = [Bool](repeating: false, count: levels.count)
        for j in order.prefix(M) { filled[j] = true }
        // Σ_j ε_j(−ξ_j/E_j − σ_j) with σ_j = +1 for filled levels, split as Σ ξ_j(…) + μ Σ(…) so that
        // the large normal-state energy never appears; each ξ_j term is |ξ|Δ²/(E(E+|ξ|)) when the
        // level sits on its normal side of μ.
        var sum = 0.0, numberResidual = 0.0
        for (j, level) in levels.enumerated() {
            let xi = level - mu, energy = (xi * xi + delta * delta).squareRoot()
            let sigma: Double = filled[j] ? 1 : -1
            let term = (xi < 0) == filled[j]
                ? abs(xi) * delta * delta / (energy * (energy + abs(xi)))
                : -xi * xi / energy - sigma * xi
            sum += term
            numberResidual += -xi / energy - sigma
        }
        return sum + mu * numberResidual - delta * delta / g
    }
}

extension GapEquation {
    /// Sums over the levels at one (μ, Δ, T); `deviation` and `signs` give the number function
    /// S(μ) = Σ_j (ξ_j/E_j)tanh(E_j/2T) − K = signs − K + deviation.
    struct Sums {
        /// Σ_j φ_j, φ = tanh(E/2T)/E.
        var gap = 0.0
        /// Σ_j [(ξ_j/E_j)tanh(E_j/2T) − sign(ξ_j)], and Σ_j of its absolute values (rounding scale).
        var deviation = 0.0, deviationScale = 0.0
        /// Σ_j sign(ξ_j), exact.
        var signs = 0.0
        /// −∂S/∂μ = Σ (φΔ² + qξ²)/E² with q = sech²(E/2T)/(2T) (q = 0 at T = 0).
        var numberSlope = 0.0
        /// Σ ξ(q − φ)/E² (= ∂S/∂Δ / Δ = −∂gap/∂μ) and Σ (φ − q)/E² (= −∂gap/∂Δ / Δ).
        var mixed = 0.0, curvature = 0.0

        /// Adds a block's sums, the ones that must hold to rounding with Neumaier compensation.
        mutating func add(_ other: Sums, compensation: inout Sums) {
            Self.add(&gap, other.gap, &compensation.gap)
            Self.add(&deviation, other.deviation, &compensation.deviation)
            deviationScale += other.deviationScale
            signs += other.signs
            numberSlope += other.numberSlope
            mixed += other.mixed
            curvature += other.curvature
        }

        static func add(_ total: inout Double, _ term: Double, _ compensation: inout Double) {
            let next = total + term
            compensation += abs(total) >= abs(term) ? (total - next) + term : (term - next) + total
            total = next
        }
    }

    /// One gap problem: the levels, g, M and T, with the bounds every bracket needs. Energies are
    /// measured from an anchor, the M-th lowest level: μ = anchor + shift and ξ_j = offset_j − shift,
    /// where offset_j = ε_j − anchor is exact for the levels near the Fermi level, so ξ_j keeps its full
    /// relative precision there even when μ lies a tiny distance from a level far from 0.
    struct Problem {
        let anchor: Double
        /// ε_j − anchor, in the caller's order.
        let offsets: [Double]
        let coupling: Double
        var temperature: Double
        /// K = N − 2M.
        let imbalance: Double
        /// Lowest and highest offsets; the (M+1)-th lowest offset (the M-th is 0).
        let lowest: Double, highest: Double, above: Double
        /// An energy scale of the levels (for the Δ → 0 probe and tolerances).
        let scale: Double

        init(levels: [Double], coupling g: Double, pairs M: Int, temperature T: Double) {
            precondition(levels.count >= 2 && M > 0 && M < levels.count, "need N ≥ 2 levels and 0 < M < N pairs")
            precondition(g > 0 && g.isFinite && T >= 0 && T.isFinite && levels.allSatisfy(\.isFinite), "need g > 0, T ≥ 0, finite levels")
            let sorted = levels.sorted()
            anchor = sorted[M - 1]
            offsets = levels.map { $0 - sorted[M - 1] }
            coupling = g
            temperature = T
            imbalance = Double(levels.count - 2 * M)
            lowest = sorted[0] - anchor
            highest = sorted[sorted.count - 1] - anchor
            above = sorted[M] - anchor
            scale = max(abs(sorted[0]), abs(sorted[sorted.count - 1]), highest - lowest, .leastNormalMagnitude)
        }

        var count: Double { Double(offsets.count) }

        /// The sums at (shift, Δ) and this problem's temperature.
        func sums(shift: Double, delta: Double) -> Sums {
            let temperature = temperature, deltaSquared = delta * delta
            var total = Sums(), compensation = Sums()
            offsets.withUnsafeBufferPointer { offsets in
                var start = 0
                while start < offsets.count {
                    let end = min(start + 256, offsets.count)
                    var block = Sums()
                    for j in start..<end {
                        let xi = offsets[j] - shift, absXi = abs(xi)
                        let energy = (xi * xi + deltaSquared).squareRoot()
                        let sign: Double = xi > 0 ? 1 : (xi < 0 ? -1 : 0)
                        // φ = t/E, q, (φ − q)/E² and 1 − t with t = tanh(E/2T).
                        var phi: Double, q: Double, phiMinusQOverE2: Double, oneMinusT: Double
                        if temperature == 0 {
                            phi = 1 / energy
                            q = 0
                            phiMinusQOverE2 = phi / (energy * energy)
                            oneMinusT = 0
                        } else {
                            let x = energy / (2 * temperature)
                            if x < 1e-4 {
                                // Series about E = 0 (E = 0 exactly only for ξ = 0 at Δ = 0).
                                phi = (1 - x * x / 3) / (2 * temperature)
                                q = (1 - x * x) / (2 * temperature)
                                phiMinusQOverE2 = 1 / (12 * temperature * temperature * temperature)
                                oneMinusT = 1 - x
                            } else {
                                let m = expm1(-2 * x), e = 1 + m       // e = exp(−E/T)
                                let t = -m / (2 + m)
                                phi = t / energy
                                q = 2 * e / ((1 + e) * (1 + e) * temperature)
                                phiMinusQOverE2 = (phi - q) / (energy * energy)
                                oneMinusT = 2 * e / (1 + e)
                            }
                        }
                        // (ξ/E)t − sign(ξ) = −sign(ξ)[Δ²/(E(E+|ξ|)) + (|ξ|/E)(1 − t)], without cancellation.
                        let deviation = energy > 0 ? -sign * (deltaSquared / (energy * (energy + absXi)) + absXi / energy * oneMinusT) : 0
                        block.gap += phi
                        block.deviation += deviation
                        block.deviationScale += abs(deviation)
                        block.signs += sign
                        block.numberSlope += energy > 0 ? (phi * deltaSquared + q * xi * xi) / (energy * energy) : q
                        block.mixed -= xi * phiMinusQOverE2
                        block.curvature += phiMinusQOverE2
                    }
                    total.add(block, compensation: &compensation)
                    start = end
                }
            }
            total.gap += compensation.gap
            total.deviation += compensation.deviation
            return total
        }

        /// S = Σ_j (ξ_j/E_j)tanh(E_j/2T) − K, decreasing in the shift.
        func numberResidual(_ s: Sums) -> Double { (s.signs - imbalance) + s.deviation }

        /// The shift of μ(Δ) from the number equation, starting at `guess`; returns it and the sums there.
        func chemicalPotential(delta: Double, guess: Double) -> (shift: Double, sums: Sums) {
            // Bracket: if every level's term is ≥ k = K/N (or ≤ k) the sum is ≥ K (≤ K). Each term is
            // ≥ √|k|·√|k| once ξ ≥ a (ξ/E ≥ √|k| and tanh ≥ √|k|).
            let k = imbalance / count, r = abs(k).squareRoot()
            let reach = delta * r / (1 - abs(k)).squareRoot() + 2 * temperature * atanh(r)
            var lo = k >= 0 ? lowest - reach : lowest
            var hi = k >= 0 ? highest : highest + reach
            var shift = min(max(guess, lo), hi)
            var previousStep = hi - lo, step = previousStep
            for _ in 0..<400 {
                let s = sums(shift: shift, delta: delta)
                let residual = numberResidual(s)
                if abs(residual) <= 16 * Double.ulpOfOne * s.deviationScale { return (shift, s) }
                if residual > 0 { lo = shift } else { hi = shift }
                let newton = shift + residual / s.numberSlope
                let next: Double
                if newton > lo && newton < hi && abs(newton - shift) <= 0.5 * abs(previousStep) {
                    next = newton
                } else {
                    next = lo + (hi - lo) / 2
                }
                previousStep = step
                step = next - shift
                // Converged to rounding of the shift, or the bracket is down to neighbouring doubles.
                let resolution = 2 * Double.ulpOfOne * max(abs(shift), 1e-30 * scale)
                if abs(step) <= resolution || hi - lo <= 2 * Double.ulpOfOne * max(abs(lo), abs(hi)) { return (shift, s) }
                shift = next
            }
            return (shift, sums(shift: shift, delta: delta))
        }

        /// Δ ≥ 0 and the shift of μ at this problem's temperature.
        func solveGap() -> (gap: Double, shift: Double) {
            let logTarget = log(2 / coupling)
            // Δ → 0⁺: the gap exists iff the gap function there exceeds 1 (it decreases strictly with Δ).
            let probe = scale * 1e-30
            let start = chemicalPotential(delta: probe, guess: above / 2)
            if log(start.sums.gap) - logTarget <= 0 { return (0, start.shift) }
            // Upper bound: Σ φ ≤ N/Δ, so the root has Δ ≤ gN/2. Newton in ln Δ, applied as a factor on Δ.
            var deltaLo = probe, deltaHi = coupling * count / 2
            let k = imbalance / count
            var delta = deltaHi
            var shift = offsets.reduce(0, +) / count - delta * k / (1 - k * k).squareRoot()
            for _ in 0..<400 {
                let (solvedShift, s) = chemicalPotential(delta: delta, guess: shift)
                shift = solvedShift
                let h = log(s.gap) - logTarget
                if abs(h) <= 4 * Double.ulpOfOne { break }
                if h > 0 { deltaLo = delta } else { deltaHi = delta }
                // dΣφ/dΔ along μ(Δ) = −Δ(QR + P²)/R with P = mixed, Q = curvature, R = numberSlope.
                let slope = -delta * delta * (s.curvature * s.numberSlope + s.mixed * s.mixed) / (s.numberSlope * s.gap)
                let newton = delta * exp(-h / slope)
                let next = newton > deltaLo && newton < deltaHi ? newton : (deltaLo * deltaHi).squareRoot()
                if abs(next - delta) <= 4 * Double.ulpOfOne * delta || deltaHi - deltaLo <= 4 * Double.ulpOfOne * deltaHi { break }
                // First-order prediction of μ along the curve: dμ/dΔ = ΔP/R.
                shift += delta * s.mixed / s.numberSlope * (next - delta)
                delta = next
            }
            return (delta, shift)
        }

        /// T_c of the Δ = 0 gap function, by Brent's method in ln T.
        func criticalTemperature() -> Double {
            let logTarget = log(2 / coupling)
            var shift = above / 2
            func excess(_ logT: Double) -> Double {
                var normal = self
                normal.temperature = exp(logT)
                let solved = normal.chemicalPotential(delta: 0, guess: shift)
                shift = solved.shift
                return log(solved.sums.gap) - logTarget
            }
            // Below spacing/100 around μ the Δ = 0 gap function is at its T → 0 limit (to e^{−25});
            // above gN/4 it is ≤ 2/g because tanh(x)/x ≤ 1.
            let logLo = log(above > 0 ? above / 100 : scale * 1e-20), logHi = log(coupling * count / 4)
            let fLo = excess(logLo)
            guard fLo > 0 else { return 0 }
            shift = above / 2
            let fHi = excess(logHi)
            guard fHi < 0 else { return exp(logHi) }
            return exp(Brent.root(logLo, logHi, fLo, fHi, tolerance: 1e-15, excess))
        }
    }
}

/// Brent's bracketed root finder (Brent 1973, "zeroin"): inverse quadratic interpolation, secant and
/// bisection, never leaving the bracket.
enum Brent {
    /// A root of f in [a, b] with f(a) = fa, f(b) = fb of opposite signs, to absolute `tolerance` in x.
    static func root(_ a: Double, _ b: Double, _ fa: Double, _ fb: Double, tolerance: Double, _ f: (Double) -> Double) -> Double {
        var a = a, b = b, fa = fa, fb = fb
        var c = a, fc = fa, d = b - a, e = d
        for _ in 0..<200 {
            if (fb > 0) == (fc > 0) {
                c = a; fc = fa; d = b - a; e = d
            }
            if abs(fc) < abs(fb) {
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tol = 2 * Double.ulpOfOne * abs(b) + tolerance / 2
            let m = (c - b) / 2
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                var p: Double, q: Double
                let s = fb / fa
                if a == c {
                    p = 2 * m * s
                    q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d
                    d = p / q
                } else {
                    d = m
                    e = m
                }
            } else {
                d = m
                e = m
            }
            a = b
            fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
        }
        return b
    }
}
