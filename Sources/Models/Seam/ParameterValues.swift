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

