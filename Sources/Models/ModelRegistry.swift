/// Every model Quench can scan, by name. A new model is one line here.
public enum ModelRegistry {
    public static let models: [any Model.Type] = [
        TwoLevelLandauZener.self,
        IsingKibbleZurek.self,
        LMGOscillator.self,
        LMGExact.self,
        BCSQuantum.self,
        BCSClassical.self,
        BCSGap.self,
        RabiOscillation.self,
    ]

    public static var names: [String] { models.map { $0.description.name } }

    public static func model(named name: String) -> (any Model.Type)? {
        models.first { $0.description.name == name }
    }
}
