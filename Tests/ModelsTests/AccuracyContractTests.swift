import Models
import Testing

/// The accuracy contract of every observable, as the README states it (what `quench verify` judges).
@Suite("accuracy contracts")
struct AccuracyContractTests {
    func contracts(_ model: String) -> [String: Accuracy] {
        let observables = ModelRegistry.model(named: model)!.description.observables
        return Dictionary(uniqueKeysWithValues: observables.map { ($0.name, $0.accuracy) })
    }

    @Test("bounded observables: lz p_stay, ising.kz n and e_res, bcs.classical and bcs.quantum n_j, p_ground, lmg.exact and lmg.oscillator fidelity and example.rabi p_flip absolute; lmg.oscillator and lmg.exact n_exc, lmg.exact Q relative to max(1, value)")
    func bounded() {
        let bounded = ModelRegistry.names.flatMap { model in
            contracts(model).filter { $0.value.bound(tolerance: 1, value: 0) != nil }.map { "\(model) \($0.key) \($0.value)" }
        }
        #expect(Set(bounded) == [
            "lz.two-level p_stay absolute", "lmg.oscillator n_exc relative (floor 1)", "lmg.oscillator fidelity absolute", "example.rabi p_flip absolute",
            "bcs.classical n_lowest absolute", "bcs.classical n_below absolute", "bcs.classical n_above absolute",
            "bcs.classical n_highest absolute", "ising.kz n absolute", "ising.kz e_res absolute",
            "lmg.exact fidelity absolute", "lmg.exact n_exc relative (floor 1)", "lmg.exact residual_energy relative (floor 1)",
            "bcs.quantum n_lowest absolute", "bcs.quantum n_below absolute", "bcs.quantum n_above absolute",
            "bcs.quantum n_highest absolute", "bcs.quantum p_ground absolute",
        ])
    }

    @Test("reference columns are exact, error measures diagnostic; bcs.gap's tolerance is unused, so all its columns are exact")
    func references() {
        #expect(contracts("lz.two-level")["p_lz"] == .exact && contracts("lz.two-level")["norm_error"] == .diagnostic)
        #expect(contracts("ising.kz")["n_kz"] == .exact && contracts("ising.kz")["e_res"] == .absolute)
        #expect(contracts("bcs.quantum")["p_ground_exact"] == .exact && contracts("bcs.quantum")["max_config_error"] == .diagnostic)
        #expect(contracts("lmg.exact")["n_exc"] == .relative(floor: 1) && contracts("lmg.exact")["norm_error"] == .diagnostic)
        #expect(contracts("bcs.gap").values.allSatisfy { $0 == .exact })
    }
}
