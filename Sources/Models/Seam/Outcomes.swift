import Integrators

/// A model's result columns: a struct of named observables, declared once as `Observable`s.
public protocol ModelObservables: Sendable {
    /// Every column, in the order of results.csv.
    static var columns: [Observable<Self>] { get }
}

/// One result column of a model's observables, with its accuracy contract (`.unstated` unless the
/// model's documentation states one).
public struct Observable<Values>: Sendable {
    public let spec: ObservableSpec
    let value: @Sendable (Values) -> Double

    public init(_ name: String, _ path: KeyPath<Values, Double> & Sendable, _ meaning: String, _ accuracy: Accuracy = .unstated) {
        spec = ObservableSpec(name, meaning, accuracy)
        value = { $0[keyPath: path] }
    }
}

/// A joint constraint among a point's parameters that the point breaks.
public struct ConstraintViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameters the rule involves, by name.
    public let parameters: [String]
    /// The rule, e.g. "L must be even (modes k = (2m−1)π/L, m = 1…L/2)".
    public let rule: String

    public init(_ parameters: [String], _ rule: String) {
        self.parameters = parameters
        self.rule = rule
    }

    public var description: String { rule }
}

/// Why a point has no observables. The text of each case is what results.csv's reason says.
public enum PointFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The integrator stopped early, with its own reason; `context` says which part of the point.
    case integration(IntegrationFailure, context: String? = nil)
    /// The point breaks a joint constraint (normally refused before any work by `quench check`).
    case constraint(ConstraintViolation)
    /// A value the model's method cannot handle at this size, with the limit and the way out.
    case outsideMethodDomain(String)
    /// The integration finished but an observable is not a finite number.
    case nonFinite(String)
    /// The Engine's values do not fit the model's declaration (a bug, never a job-file problem).
    case undecodable(parameter: String, value: String)

    public var description: String {
        switch self {
        case .integration(let failure, nil): "\(failure)"
        case .integration(let failure, let context?): "\(context): \(failure)"
        case .constraint(let violation): violation.rule
        case .outsideMethodDomain(let reason): reason
        case .nonFinite(let what): what
        case .undecodable(let parameter, let value): "internal error: parameter \(parameter) = \(value) does not fit the model's declaration"
        }
    }
}

/// The result of one point: its observables and any recorded series, or why it failed.
public enum PointResult<Observables: ModelObservables>: Sendable {
    case finished(Observables, series: [SeriesData] = [])
    case failed(PointFailure)

    /// The observables, or nil for a failed point.
    public var observables: Observables? {
        if case .finished(let values, _) = self { values } else { nil }
    }

    /// The recorded series (empty for a failed point).
    public var series: [SeriesData] {
        if case .finished(_, let series) = self { series } else { [] }
    }
}
