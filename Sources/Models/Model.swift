/// A parameter value as a job file gives it.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case real(Double)
    case integer(Int)
    case text(String)
    /// A list of real numbers (e.g. single-particle levels given in the job file).
    case list([Double])

    /// The value as a real number (integers convert exactly below 2^53); nil for text and lists.
    public var real: Double? {
        switch self {
        case .real(let x): x
        case .integer(let n): Double(n)
        case .text, .list: nil
        }
    }

    /// Round-trip text: shortest decimal that reads back to the same Double; list items separated by
    /// ';' (so a list stays one CSV field).
    public var description: String {
        switch self {
        case .real(let x): "\(x)"
        case .integer(let n): "\(n)"
        case .text(let s): s
        case .list(let xs): xs.map { "\($0)" }.joined(separator: ";")
        }
    }
}

/// What values a parameter accepts.
public enum ParameterDomain: Sendable, Equatable {
    /// A real number in a range; `lowerIsOpen`/`upperIsOpen` exclude the bounds.
    case real(lower: Double, upper: Double, lowerIsOpen: Bool = false, upperIsOpen: Bool = false)
    /// An integer in a closed range.
    case integer(ClosedRange<Int>)
    /// One of a fixed set of words.
    case choice([String])
    /// A list of finite real numbers with a length in `count` (an empty list means "not given").
    case realList(count: ClosedRange<Int>)

    /// Whether `value` belongs to the domain.
    public func contains(_ value: ParameterValue) -> Bool {
        switch (self, value) {
        case let (.real(lower, upper, lowerOpen, upperOpen), _):
            guard let x = value.real, x.isFinite else { return false }
            return (lowerOpen ? x > lower : x >= lower) && (upperOpen ? x < upper : x <= upper)
        case let (.integer(range), .integer(n)): return range.contains(n)
        case let (.choice(words), .text(word)): return words.contains(word)
        case let (.realList(count), .list(xs)): return (xs.isEmpty || count.contains(xs.count)) && xs.allSatisfy(\.isFinite)
        default: return false
        }
    }

    /// A human description of the allowed values, e.g. "a real number with 0 < v ≤ 1e+06".
    public func describe(_ name: String) -> String {
        switch self {
        case let .real(lower, upper, lowerOpen, upperOpen):
            "a real number with \(lower) \(lowerOpen ? "<" : "≤") \(name) \(upperOpen ? "<" : "≤") \(upper)"
        case let .integer(range):
            "an integer with \(range.lowerBound) ≤ \(name) ≤ \(range.upperBound)"
        case let .choice(words):
            "one of " + words.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .realList(count):
            "a list of \(count.lowerBound) to \(count.upperBound) finite real numbers, e.g. [-0.5, 0.1, 0.4], or [] for none"
        }
    }
}

/// A model parameter: what a job file may set in [axes] or [fixed].
public struct ParameterSpec: Sendable {
    public let name: String
    public let domain: ParameterDomain
    public let defaultValue: ParameterValue
    public let unit: String
    public let meaning: String

    public init(_ name: String, _ domain: ParameterDomain, default defaultValue: ParameterValue, unit: String, meaning: String) {
        self.name = name
        self.domain = domain
        self.defaultValue = defaultValue
        self.unit = unit
        self.meaning = meaning
    }
}

/// A result column.
public struct ObservableSpec: Sendable {
    public let name: String
    public let meaning: String
    public init(_ name: String, _ meaning: String) {
        self.name = name
        self.meaning = meaning
    }
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

/// Integrator settings of a job ([integrator] section), already validated against the model.
public struct IntegratorSettings: Sendable, Hashable {
    public var method: String
    /// Target accuracy of each observable (absolute), as the model documents it.
    public var tolerance: Double
    public init(method: String, tolerance: Double) {
        self.method = method
        self.tolerance = tolerance
    }
}

/// One parameter point: values in the order of the model's `parameters`.
public struct PointParameters: Sendable, Hashable {
    public let values: [ParameterValue]
    public init(_ values: [ParameterValue]) { self.values = values }
    public subscript(_ i: Int) -> ParameterValue { values[i] }
    /// The i-th value as a real number (the model's own spec guarantees it is numeric).
    public func real(_ i: Int) -> Double { values[i].real! }
}

/// The result of one point: observables in the order of the model's `observables`, or a failure.
public enum PointOutcome: Sendable, Equatable {
    case finished([Double])
    case failed(reason: String)
}

/// What a model is, independently of any run: its name, parameters, observables and methods.
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

    public init(name: String, summary: String, parameters: [ParameterSpec], observables: [ObservableSpec],
                methods: [String], defaultTolerance: Double, naturalPlot: (x: String, y: String), batchSize: Int = 8,
                series: [SeriesSpec] = [], references: [String: [String]] = [:]) {
        self.series = series
        self.references = references
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.observables = observables
        self.methods = methods
        self.defaultTolerance = defaultTolerance
        self.naturalPlot = naturalPlot
        self.batchSize = batchSize
    }

    public func parameterIndex(_ name: String) -> Int? { parameters.firstIndex { $0.name == name } }
}

/// A physical problem that Quench can scan. A point's outcome must be a pure function of
/// (integrator settings, point parameters): the same bits whatever batch it is evaluated in.
public protocol Model: Sendable {
    static var description: ModelDescription { get }
    init(settings: IntegratorSettings)
    /// A model that records series takes the job's [record] request; by default it is ignored.
    init(settings: IntegratorSettings, record: RecordRequest)
    /// Relative cost of a point (arbitrary units, comparable within the model), for scheduling.
    func estimatedCost(_ point: PointParameters) -> Double
    /// Evaluates a batch of points; the result has one outcome per point, in order.
    func evaluate(_ points: [PointParameters]) -> [PointOutcome]
    /// Evaluates a batch with the series asked for at init; by default, `evaluate` with no series.
    func evaluateWithSeries(_ points: [PointParameters]) -> [(outcome: PointOutcome, series: [SeriesData])]
}

extension Model {
    public init(settings: IntegratorSettings, record: RecordRequest) { self.init(settings: settings) }

    public func evaluateWithSeries(_ points: [PointParameters]) -> [(outcome: PointOutcome, series: [SeriesData])] {
        evaluate(points).map { ($0, []) }
    }
}
