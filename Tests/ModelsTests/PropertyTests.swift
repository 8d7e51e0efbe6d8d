import Foundation
import Models
import Testing

/// Every (model, method) pair's accuracy contract over seeded random draws of its documented domain
/// (issue 13; PropertyHarness has the machinery, the replay seeds and the environment knobs). Each
/// domain below is the model's, as `quench models` prints it, visiting the ends of every range on
/// purpose; where a pair narrows it for the CI budget, the comment says how, and `QUENCH_PROPERTY_COST`
/// widens it.
@Suite("property harness: every model and method keeps its tolerance")
struct PropertyTests {
    static let pairs: [PropertyPair] = twoLevel + ising + lmgOscillator + lmgExact + bcsQuantum + bcsClassical + rabi

    @Test("error ≤ bound for every bounded observable at every tolerance, against an independent reference", arguments: pairs)
    func contract(_ pair: PropertyPair) throws {
        try PropertyHarness.run(pair)
    }

    // MARK: lz.two-level

    /// v ∈ (0, 10⁶], Δ ∈ [0, 10³] (zero gap one draw in ten), T ∈ (0, 10⁴]: each log-uniform over the
    /// decades a user types, with the domain's ends drawn on purpose.
    static func twoLevelPoint(_ r: inout PropertyRandom) -> PropertyPair.Draw {
        let v = r.edgeOr(0.1, [1e-6, 1e6]) { $0.logUniform(1e-6, 1e6) }
        let delta = r.edgeOr(0.15, [0, 1e3]) { $0.logUniform(1e-4, 1e3) }
        let window = r.edgeOr(0.1, [1e-3, 1e4]) { $0.logUniform(1e-3, 1e4) }
        return ["v": .real(v), "delta": .real(delta), "T": .real(window)]
    }

    /// auto against magnus4 (or rk4, or itself at tol/100, where those refuse the window or cost too
    /// much), magnus4 and rk4 against auto.
    /// Draws whose tested or reference method would take more than 10⁷ RK4-step equivalents are skipped
    /// (counted): rk4 at large v·T², magnus4 over long windows.
    static let twoLevel: [PropertyPair] = [
        PropertyPair(model: "lz.two-level", method: "auto", tolerances: [1e-6, 1e-8, 1e-10], draws: 60, costCap: 1e7,
                     draw: twoLevelPoint, reference: { _ in .methods(["magnus4", "rk4", "auto"]) }),
        PropertyPair(model: "lz.two-level", method: "magnus4", tolerances: [1e-6, 1e-8, 1e-10], draws: 60, costCap: 1e7,
                     draw: twoLevelPoint, reference: { _ in .methods(["auto"]) }),
        PropertyPair(model: "lz.two-level", method: "rk4", tolerances: [1e-6, 1e-8, 1e-10], draws: 60, costCap: 1e7,
                     draw: twoLevelPoint, reference: { _ in .methods(["auto"]) }),
    ]

    // MARK: ising.kz

    /// τ_Q ∈ (0, 10⁶], L even in [2, 10⁷] (here ≤ 200: cost is linear in L, the modes do not interact,
    /// and IsingKibbleZurekTests has L = 1000 and 4000), g₀ ∈ (0, 10³], g_final ∈ [0, g₀) (zero one draw in three). The cost cap (about 0.5 s for
    /// the reference at 1e-12) passes over the slowest ramps.
    static func isingPoint(_ r: inout PropertyRandom) -> PropertyPair.Draw {
        let tau = r.edgeOr(0.1, [1e-3, 1e6]) { $0.logUniform(1e-3, 1e6) }
        let sites = 2 * r.edgeOr(0.1, [1, 100]) { $0.logInteger(1...100) }
        let g0 = r.edgeOr(0.1, [1e-2, 1e3]) { $0.logUniform(1e-2, 1e3) }
        let final = r.chance(0.33) ? 0 : g0 * r.uniform(0, 0.999)
        return ["tau_q": .real(tau), "L": .integer(sites), "g0": .real(g0), "g_final": .real(final)]
    }

    static let ising: [PropertyPair] = [
        PropertyPair(model: "ising.kz", method: "auto", tolerances: [1e-6, 1e-8, 1e-10], draws: 24, costCap: 2e5,
                     draw: isingPoint, reference: { _ in .methods(["magnus4", "auto"]) }),
        PropertyPair(model: "ising.kz", method: "magnus4", tolerances: [1e-6, 1e-8, 1e-10], draws: 24, costCap: 2e5,
                     draw: isingPoint, reference: { _ in .methods(["auto"]) }),
    ]

    // MARK: lmg.oscillator

    /// Both forms and ramps. Finite-n: N ∈ [2, 10⁹], δ ∈ (0, 1]; scaled: Λ ∈ (0, 10¹²], S ∈ (0, 10⁵].
    /// The scaled form is judged against its exact Airy solution for the same window (`n_airy`), the
    /// finite-n form against the other method.
    static func oscillatorPoint(_ r: inout PropertyRandom) -> PropertyPair.Draw {
        let ramp = r.pick(["full", "half"])
        if r.chance(0.5) {
            let spins = r.edgeOr(0.1, [2, 1_000_000_000]) { $0.logInteger(2...1_000_000_000) }
            let delta = r.edgeOr(0.1, [1e-4, 1]) { $0.logUniform(1e-4, 1) }
            return ["form": .text("finite-n"), "ramp": .text(ramp), "N": .integer(spins), "delta": .real(delta)]
        }
        let lambda = r.edgeOr(0.1, [1e-3, 1e12]) { $0.logUniform(1e-3, 1e12) }
        let window = r.edgeOr(0.1, [1e-1, 1e5]) { $0.logUniform(1e-1, 1e5) }
        return ["form": .text("scaled"), "ramp": .text(ramp), "Lambda": .real(lambda), "S": .real(window)]
    }

    static func oscillatorReference(other: String) -> @Sendable (PropertyPair.Draw) -> PropertyReference {
        { draw in draw["form"] == .text("scaled") ? .exactColumns(["n_exc": "n_airy"]) : .methods([other]) }
    }

    static let lmgOscillator: [PropertyPair] = [
        PropertyPair(model: "lmg.oscillator", method: "extrapolation8", tolerances: [1e-6, 1e-8, 1e-10], draws: 40, costCap: 1e7,
                     draw: oscillatorPoint, reference: oscillatorReference(other: "dormand-prince")),
        PropertyPair(model: "lmg.oscillator", method: "dormand-prince", tolerances: [1e-6, 1e-8, 1e-10], draws: 40, costCap: 1e7,
                     draw: oscillatorPoint, reference: oscillatorReference(other: "extrapolation8")),
    ]

    // MARK: lmg.exact

    /// N even in [2, 10⁶] (here ≤ 256, and a cost cap: dormand-prince's steps grow with ‖H‖ ∝ N and the
    /// ramp time 1/δ), δ ∈ (0, 10] (here ≥ 10⁻³), both ramps; each method against the other at tol/10
    /// (dormand-prince at 1e-12 takes minutes), so the reference's error is at most a tenth of the bound;
    /// magnus4-lanczos against itself where dormand-prince is over the cost cap.
    static func exactLMGPoint(_ r: inout PropertyRandom) -> PropertyPair.Draw {
        let spins = 2 * r.edgeOr(0.1, [1, 128]) { $0.logInteger(1...128) }
        let delta = r.edgeOr(0.1, [1e-3, 10]) { $0.logUniform(1e-3, 10) }
        return ["N": .integer(spins), "delta": .real(delta), "ramp": .text(r.pick(["full", "half"]))]
    }

    static let lmgExact: [PropertyPair] = [
        PropertyPair(model: "lmg.exact", method: "magnus4-lanczos", tolerances: [1e-5, 1e-7, 1e-9], draws: 12, costCap: 5e5,
                     draw: exactLMGPoint, reference: { draw in
                         // dormand-prince where it takes seconds at most: (N/2 + 1)·δ^{−1/2} ≤ 100.
                         guard case .integer(let n) = draw["N"], case .real(let delta) = draw["delta"] else { return .methods([]) }
                         return .methods([Double(n / 2 + 1) / delta.squareRoot() <= 100 ? "dormand-prince" : "magnus4-lanczos"], factor: 10)
                     }),
        PropertyPair(model: "lmg.exact", method: "dormand-prince", tolerances: [1e-5, 1e-7, 1e-9], draws: 12, costCap: 1e4,
                     draw: exactLMGPoint, reference: { _ in .methods(["magnus4-lanczos"], factor: 10) }, referenceCostCap: 5e5),
    ]

    // MARK: BCS sweeps

    /// The sweep parameters the BCS models share: N levels, M pairs (0: half filling, even N), ν or η,
    /// the four spectra (given: distinct random levels, sometimes nearly degenerate), band width, t₀, T.
    static func sweepPoint(_ r: inout PropertyRandom, levels: ClosedRange<Int>, end: ClosedRange<Double>) -> PropertyPair.Draw {
        let n = r.integer(levels)
        var draw: PropertyPair.Draw = ["N": .integer(n)]
        draw["M"] = .integer(n % 2 == 0 && r.chance(0.3) ? 0 : r.integer(1...(n - 1)))
        if r.chance(0.5) { draw["nu"] = .real(r.logUniform(0.1, 100)) } else { draw["eta"] = .real(r.logUniform(0.1, 20)) }
        let spectrum = r.pick(["equal", "zabalo", "random", "given"])
        draw["spectrum"] = .text(spectrum)
        draw["width"] = .real(r.edgeOr(0.1, [1]) { $0.logUniform(0.1, 10) })
        if spectrum == "random" { draw["seed"] = .integer(r.integer(0...1_000_000)) }
        if spectrum == "given" {
            var levels = Set<Double>()
            let clustered = r.chance(0.3)
            while levels.count < n {
                let x = r.uniform(-1, 1)
                levels.insert(clustered ? (x * 20).rounded() / 20 + r.uniform(0, 1e-3) : x)
            }
            draw["levels"] = .list(levels.sorted())
        }
        draw["t0"] = .real(r.edgeOr(0.7, [1e-7]) { $0.logUniform(1e-9, 1e-3) })
        draw["T"] = .real(r.logUniform(end.lowerBound, end.upperBound))
        return draw
    }

    /// bcs.quantum integrates from t₀ to T, and the t → ∞ tail is the same at every tolerance, so the
    /// reference is the same method at tol/100 (no second integrator of this model exists). N ≤ 10
    /// (the sector work grows as C(N, M)), T ≤ 2000 and a cost cap (about 3 s a draw); both initial states.
    static let bcsQuantum: [PropertyPair] = [
        PropertyPair(model: "bcs.quantum", method: "magnus4-lanczos", tolerances: [1e-6, 1e-8, 1e-10], draws: 12, costCap: 1e6,
                     draw: { r in
                         var draw = sweepPoint(&r, levels: 2...10, end: 0.1...2e3)
                         if r.chance(0.25) { draw["protocol"] = .text("product") }
                         return draw
                     },
                     reference: { _ in .methods(["magnus4-lanczos"]) },
                     knownFailures: knownBCSQuantum),
    ]

    /// Open (issue 13): strong coupling, ν ≤ 0.7, with given or zabalo levels, misses the bound by 2–9×
    /// at tolerances 1e-6 and 1e-8 (within it at 1e-10); the cause is not yet found.
    static let knownBCSQuantum: [UInt64: String] = Dictionary(uniqueKeysWithValues: [
        15661384888354330620, 2297709460727731794, 5401734596815377510,
    ].map { ($0, "bcs.quantum at strong coupling (ν ≤ 0.7): 2–9× the tolerance at 1e-6 and 1e-8, open in issue 13") })

    /// bcs.classical: each method against the other at tol/100 (or itself, where round-off stops the
    /// other there), N ≤ 40 (the work per step is O(N)). Issue 13's failing regime, given and random
    /// levels with N 6–36 and ν 2–18 (up to 48× before step doubling), is inside the draws.
    static let bcsClassical: [PropertyPair] = [
        PropertyPair(model: "bcs.classical", method: "split4", tolerances: [1e-5, 1e-7, 1e-9], draws: 30, costCap: 1e7,
                     draw: { sweepPoint(&$0, levels: 2...40, end: 1...1e4) }, reference: { _ in .methods(["rk4", "split4"]) }),
        PropertyPair(model: "bcs.classical", method: "rk4", tolerances: [1e-5, 1e-7, 1e-9], draws: 30, costCap: 1e7,
                     draw: { sweepPoint(&$0, levels: 2...40, end: 1...1e4) }, reference: { _ in .methods(["split4", "rk4"]) }),
    ]

    // MARK: example.rabi

    /// Ω ∈ (0, 10³], detuning ∈ [0, 10³], T ∈ (0, 10⁶], against the exact Rabi formula; check refuses
    /// windows of more Rabi periods than the method resolves.
    static let rabi: [PropertyPair] = [
        PropertyPair(model: "example.rabi", method: "rk4", tolerances: [1e-6, 1e-8, 1e-10], draws: 60, costCap: 1e7,
                     draw: { r in
                         ["omega": .real(r.edgeOr(0.1, [1e-3, 1e3]) { $0.logUniform(1e-3, 1e3) }),
                          "detuning": .real(r.edgeOr(0.3, [0, 1e3]) { $0.logUniform(1e-3, 1e3) }),
                          "T": .real(r.edgeOr(0.1, [1e-3, 1e6]) { $0.logUniform(1e-3, 1e6) })]
                     },
                     reference: { _ in .exactColumns(["p_flip": "p_flip_exact"]) }),
    ]
}
