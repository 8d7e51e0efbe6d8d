/// Typed model parameters, declared once.
///
/// A model's point type lists its parameters as `Parameter` values bound to its own properties by
/// key path. That one list yields the `ParameterSpec`s (what `quench models` prints, what job files
/// are validated against, the CSV/HDF5 columns) and decodes the Engine's values into the typed
/// point. The list's order is the model's parameter order.
///
///     struct Point: ModelPoint {
///         var rate = 1.0
///         static let parameters: [Parameter<Point>] = [
///             .real("v", \.rate, lower: 0, upper: 1e6, lowerIsOpen: true, default: 1, unit: "energy/time", meaning: "sweep rate"),
///         ]
///     }

/// A choice parameter's values: a `String` enum; job files and `quench models` use the raw values.
public protocol ParameterChoice: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {}

/// The typed parameters of one point of a model.
public protocol ModelPoint: Sendable {
    /// A point with placeholder values; decoding sets every declared parameter.
    init()
    /// Every parameter, in the model's order.
    static var parameters: [Parameter<Self>] { get }
}

/// One parameter of a point type: its spec and how its value is stored in the point.
public struct Parameter<Point>: Sendable {
    public let spec: ParameterSpec
    /// Stores `value` in `point`; false when the value is of a kind this parameter does not take.
    let store: @Sendable (ParameterValue, inout Point) -> Bool

    init(spec: ParameterSpec, store: @escaping @Sendable (ParameterValue, inout Point) -> Bool) {
        self.spec = spec
        self.store = store
    }

    /// A real number in [lower, upper] (bounds excluded where `…IsOpen`); job-file integers convert.
    public static func real(_ name: String, _ path: WritableKeyPath<Point, Double> & Sendable, lower: Double, upper: Double,
                            lowerIsOpen: Bool = false, upperIsOpen: Bool = false, default value: Double,
                            unit: String, meaning: String) -> Parameter {
        let domain = ParameterDomain.real(lower: lower, upper: upper, lowerIsOpen: lowerIsOpen, upperIsOpen: upperIsOpen)
        return Parameter(spec: ParameterSpec(name, domain, default: .real(value), unit: unit, meaning: meaning)) { value, point in
            guard let x = value.real else { return false }
            point[keyPath: path] = x
            return true
        }
    }

    /// An integer in a closed range.
    public static func integer(_ name: String, _ path: WritableKeyPath<Point, Int> & Sendable, _ range: ClosedRange<Int>,
                               default value: Int, unit: String, meaning: String) -> Parameter {
        Parameter(spec: ParameterSpec(name, .integer(range), default: .integer(value), unit: unit, meaning: meaning)) { value, point in
            guard case .integer(let n) = value else { return false }
            point[keyPath: path] = n
            return true
        }
    }

    /// One of the cases of a `ParameterChoice` enum, by raw value.
    public static func choice<Choice: ParameterChoice>(_ name: String, _ path: WritableKeyPath<Point, Choice> & Sendable,
                                                       default value: Choice, unit: String = "", meaning: String) -> Parameter {
        let words = Choice.allCases.map(\.rawValue)
        return Parameter(spec: ParameterSpec(name, .choice(words), default: .text(value.rawValue), unit: unit, meaning: meaning)) { value, point in
            guard case .text(let word) = value, let choice = Choice(rawValue: word) else { return false }
            point[keyPath: path] = choice
            return true
        }
    }

    /// A list of finite real numbers whose length is in `count` (an empty list means "not given").
    public static func list(_ name: String, _ path: WritableKeyPath<Point, [Double]> & Sendable, count: ClosedRange<Int>,
                            default value: [Double], unit: String, meaning: String) -> Parameter {
        Parameter(spec: ParameterSpec(name, .realList(count: count), default: .list(value), unit: unit, meaning: meaning)) { value, point in
            guard case .list(let xs) = value else { return false }
            point[keyPath: path] = xs
            return true
        }
    }

    /// The same parameter as part of a larger point that holds this point type at `path` (shared groups).
    public func lifted<Outer>(into path: WritableKeyPath<Outer, Point> & Sendable) -> Parameter<Outer> {
        let store = self.store
        return Parameter<Outer>(spec: spec) { value, outer in store(value, &outer[keyPath: path]) }
    }
}

extension Array {
    /// A group of parameters as part of a larger point type (see `Parameter.lifted(into:)`).
    public func lifted<Point, Outer>(into path: WritableKeyPath<Outer, Point> & Sendable) -> [Parameter<Outer>]
    where Element == Parameter<Point> {
        map { $0.lifted(into: path) }
    }
}

/// Decodes the Engine's values (in the declaration's order) into a typed point.
struct PointDecoder<Point: ModelPoint>: Sendable {
    let parameters = Point.parameters

    func decode(_ values: PointParameters) -> Result<Point, PointFailure> {
        guard values.values.count == parameters.count else {
            return .failure(.undecodable(parameter: "(all)", value: "\(values.values.count) values for \(parameters.count) parameters"))
        }
        var point = Point()
        for (parameter, value) in zip(parameters, values.values) where !parameter.store(value, &point) {
            return .failure(.undecodable(parameter: parameter.spec.name, value: value.description))
        }
        return .success(point)
    }
}
