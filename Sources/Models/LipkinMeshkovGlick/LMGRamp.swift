/// How far an LMG Kibble–Zurek ramp goes (the `ramp` parameter of lmg.exact and lmg.oscillator):
/// from h = 2 to h = 0 (full), or to the critical point h = 1 (half).
public enum LMGRamp: String, ParameterChoice {
    case full, half

    /// The `ramp` parameter of a point type that stores it at `path`.
    static func parameter<Point>(_ path: WritableKeyPath<Point, LMGRamp> & Sendable) -> Parameter<Point> {
        .choice("ramp", path, default: .full, meaning: "full: h from 2 to 0; half: h from 2 to the critical point 1")
    }
}
