/// A result column, with what the job's `[integrator] tolerance` promises about it.
public struct ObservableSpec: Sendable {
    public let name: String
    public let meaning: String
    public let accuracy: Accuracy
    public init(_ name: String, _ meaning: String, _ accuracy: Accuracy = .unstated) {
        self.name = name
        self.meaning = meaning
        self.accuracy = accuracy
    }
}

/// The accuracy contract of one observable: in which sense `tolerance` bounds its error, the
/// difference from the exact solution of the model's equations at the same point (the same window,
/// size and initial state: not a limit such as T → ∞, which reference columns give).
public enum Accuracy: Sendable, Hashable, CustomStringConvertible {
    /// |error| ≤ tolerance.
    case absolute
    /// |error| ≤ tolerance·max(floor, |value|).
    case relative(floor: Double)
    /// Computed without integration (a closed form, or equations solved to rounding); the tolerance
    /// plays no part, and a recomputation gives the same value.
    case exact
    /// Not an approximation of a physical quantity: step counts, drifts, norm errors, error estimates.
    case diagnostic
    /// The model states no accuracy for it.
    case unstated

    /// The largest |error| the contract allows at `tolerance` for an observable of size `value`, or
    /// nil when the tolerance bounds nothing (exact, diagnostic, unstated).
    public func bound(tolerance: Double, value: Double) -> Double? {
        switch self {
        case .absolute: tolerance
        case .relative(let floor): tolerance * max(floor, abs(value))
        case .exact, .diagnostic, .unstated: nil
        }
    }

    /// Short form for `quench models` and verify.json: "absolute", "relative (floor 1)", "exact", ….
    public var description: String {
        switch self {
        case .absolute: "absolute"
        case .relative(let floor): "relative (floor \(floor.shortText))"
        case .exact: "exact"
        case .diagnostic: "diagnostic"
        case .unstated: "unstated"
        }
    }

    /// The contract as a rule, e.g. "|error| ≤ tol·max(1, |value|)".
    public var rule: String {
        switch self {
        case .absolute: "|error| ≤ tol"
        case .relative(let floor): "|error| ≤ tol·max(\(floor.shortText), |value|)"
        case .exact: "computed without integration, the tolerance plays no part"
        case .diagnostic: "not bounded (step counts, drifts, error estimates)"
        case .unstated: "the model states no accuracy"
        }
    }
}

private extension Double {
    /// 1 rather than 1.0 for whole numbers.
    var shortText: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : "\(self)" }
}

/// A time series (or profile) a model can record for each point, beside its observables.
public struct SeriesSpec: Sendable {
    public let name: String
    /// What the series runs over: "t" (time, in the model's units) or another coordinate such as "j" (level rank).
    public let coordinate: String
    public let meaning: String
    public init(_ name: String, coordinate: String, _ meaning: String) {
        self.name = name
        self.coordinate = coordinate
        self.meaning = meaning
    }
}

/// The series a job asks for ([record] section): names from the model's `series`, and how many sample
/// times a time series has (profiles over a coordinate such as a level index have their natural length).
public struct RecordRequest: Sendable, Hashable {
    public var series: [String]
    public var samples: Int
    public init(series: [String] = [], samples: Int = 100) {
        self.series = series
        self.samples = samples
    }
    public static let none = RecordRequest()
    public func wants(_ name: String) -> Bool { series.contains(name) }
}

/// One recorded series of one point: `values[i]` at `coordinates[i]`.
public struct SeriesData: Sendable, Equatable {
    public let name: String
    public let coordinates: [Double]
    public let values: [Double]
    public init(name: String, coordinates: [Double], values: [Double]) {
        precondition(coordinates.count == values.count, "series \(name): \(coordinates.count) coordinates, \(values.count) values")
        self.name = name
        self.coordinates = coordinates
        self.values = values
    }
}

/// Integrator settings of a job ([integrator] section) as the job file gives them; the model's own
/// `Configuration` holds the same with the method as the model's enum.
public struct IntegratorSettings: Sendable, Hashable {
    public var method: String
    /// Target accuracy, in the sense of each observable's `Accuracy` (`quench models` lists them).
    public var tolerance: Double
    public init(method: String, tolerance: Double) {
        self.method = method
        self.tolerance = tolerance
    }
}

/// What a model is, independently of any run: its name, parameters, observables and methods. The
/// parameters, observables and methods are derived from the model's `Point`, `Observables` and
/// `Method` types, so each is declared once.
public struct ModelDescription: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    public let observables: [ObservableSpec]
    /// Integration methods the model supports; the first is the default.
    public let methods: [String]
    public let defaultTolerance: Double
    /// The natural plot: x parameter and y observable.
    public let naturalPlot: (x: String, y: String)
    /// Points worth evaluating together: 8 for models whose points share SIMD lanes, 1 for models
    /// that evaluate a point at a time. The scheduler's smallest chunk.
    public let batchSize: Int
    /// Series a job may ask for in [record]; empty for models that record none.
    public let series: [SeriesSpec]
    /// Analytic or exact references, as data: an observable (or series) name → the observables (or
    /// series) that hold its reference values, drawn as lines by `quench plot --reference`.
    public let references: [String: [String]]

    public init<M: Model>(of model: M.Type, name: String, summary: String, defaultTolerance: Double,
                          naturalPlot: (x: String, y: String), batchSize: Int = 8,
                          series: [SeriesSpec] = [], references: [String: [String]] = [:]) {
        self.name = name
        self.summary = summary
        self.parameters = M.Point.parameters.map(\.spec)
        self.observables = M.Observables.columns.map(\.spec)
        self.methods = M.Method.allCases.map(\.rawValue)
        self.defaultTolerance = defaultTolerance
        self.naturalPlot = naturalPlot
        self.batchSize = batchSize
        self.series = series
        self.references = references
    }

    public func parameterIndex(_ name: String) -> Int? { parameters.firstIndex { $0.name == name } }
}

/// A model's integration methods: a `String` enum whose first case is the default.
public protocol ModelMethod: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}

/// A model's settings for a run: its method, the tolerance, and the series to record.
public struct ModelConfiguration<Method: ModelMethod>: Sendable {
    public var method: Method
    /// Target accuracy, in the sense each model documents.
    public var tolerance: Double
    /// The series asked for in the job's [record] section.
    public var record: RecordRequest

    public init(method: Method, tolerance: Double, record: RecordRequest = .none) {
        self.method = method
        self.tolerance = tolerance
        self.record = record
    }
}

/// A physical problem that Quench can scan.
///
/// A model declares its typed `Point` (parameters), `Method` (integration methods) and
/// `Observables` (result columns); `description` is derived from them. A point's result must be a
/// pure function of (configuration, point): the same bits whatever batch it is evaluated in.
public protocol Model: Sendable {
    associatedtype Point: ModelPoint
    associatedtype Method: ModelMethod
    associatedtype Observables: ModelObservables

    static var description: ModelDescription { get }
    init(_ configuration: ModelConfiguration<Method>)
    /// The rule a point breaks among its parameters' joint values, or a size limit of the configured
    /// method, if any (each value is already inside its own domain). `quench check`, `plan`, `run`
    /// and `submit` apply it to every point before any work; `evaluate` sees only points that pass.
    func check(_ point: Point) -> ConstraintViolation?
    /// Relative cost of a valid point (arbitrary units, comparable within the model), for scheduling.
    func estimatedCost(_ point: Point) -> Double
    /// Evaluates a batch of valid points; one result per point, in order.
    func evaluate(_ points: [Point]) -> [PointResult<Observables>]
}

extension Model {
    public func check(_ point: Point) -> ConstraintViolation? { nil }
}
