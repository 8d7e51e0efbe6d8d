/// The Engine's side of the seam: points as untyped values in the model's parameter order, outcomes
/// as columns. `Model.runner(settings:record:)` makes one for any model; typed decoding happens here.

/// One parameter point as the Engine holds it: values in the order of the model's `parameters`.
public struct PointParameters: Sendable, Hashable {
    public let values: [ParameterValue]
    public init(_ values: [ParameterValue]) { self.values = values }
}

/// The result of one point as the Engine stores it: observables in the order of the model's
/// `observables`, or a failure's text.
public enum PointOutcome: Sendable, Equatable {
    case finished([Double])
    case failed(reason: String)
}

/// One evaluated point: its outcome and any recorded series.
public struct EvaluatedPoint: Sendable {
    public let outcome: PointOutcome
    public let series: [SeriesData]
}

/// A job's method name that the model does not have.
public struct UnknownMethod: Error, Sendable, Equatable, CustomStringConvertible {
    public let model: String
    public let method: String
    public let allowed: [String]
    public var description: String {
        "\(model) has no method \"\(method)\"; allowed: " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

/// Evaluates untyped points with one model and configuration.
public protocol PointRunner: Sendable {
    func estimatedCost(_ point: PointParameters) -> Double
    func evaluate(_ points: [PointParameters]) -> [EvaluatedPoint]
    /// The rule point `values` breaks (see `Model.check`), if any.
    func violation(_ values: PointParameters) -> ConstraintViolation?
}

extension Model {
    /// A runner for the Engine, with the job's method (by name), tolerance and [record] request.
    public static func runner(settings: IntegratorSettings, record: RecordRequest = .none) throws(UnknownMethod) -> any PointRunner {
        guard let method = Method(rawValue: settings.method) else {
            throw UnknownMethod(model: description.name, method: settings.method, allowed: description.methods)
        }
        return TypedRunner(model: Self(ModelConfiguration(method: method, tolerance: settings.tolerance, record: record)))
    }

}

/// Decodes points, checks them, evaluates the valid ones and turns typed results into columns.
struct TypedRunner<M: Model>: PointRunner {
    let model: M
    let decoder = PointDecoder<M.Point>()
    let columns = M.Observables.columns

    func violation(_ values: PointParameters) -> ConstraintViolation? {
        switch decoder.decode(values) {
        case .success(let point): model.check(point)
        case .failure(let failure): ConstraintViolation([], failure.description)
        }
    }

    func estimatedCost(_ point: PointParameters) -> Double {
        guard case .success(let typed) = decoder.decode(point), model.check(typed) == nil else { return 1 }
        return model.estimatedCost(typed)
    }

    func evaluate(_ points: [PointParameters]) -> [EvaluatedPoint] {
        var results = [EvaluatedPoint?](repeating: nil, count: points.count)
        var valid: [M.Point] = [], validIndex: [Int] = []
        for (i, values) in points.enumerated() {
            switch decoder.decode(values) {
            case .failure(let failure): results[i] = EvaluatedPoint(outcome: .failed(reason: failure.description), series: [])
            case .success(let point):
                if let violation = model.check(point) {
                    results[i] = EvaluatedPoint(outcome: .failed(reason: PointFailure.constraint(violation).description), series: [])
                } else {
                    valid.append(point)
                    validIndex.append(i)
                }
            }
        }
        for (i, result) in zip(validIndex, model.evaluate(valid)) {
            switch result {
            case .finished(let observables, let series):
                results[i] = EvaluatedPoint(outcome: .finished(columns.map { $0.value(observables) }), series: series)
            case .failed(let failure):
                results[i] = EvaluatedPoint(outcome: .failed(reason: failure.description), series: [])
            }
        }
        return results.map { $0 ?? EvaluatedPoint(outcome: .failed(reason: "internal error: the model returned too few results"), series: []) }
    }
}
