/// A TOML value with the line it was written on, so errors can point at it.
public struct TOMLNode: Sendable {
    public indirect enum Value: Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case dateTime(TOMLDateTime)
        case array([TOMLNode])
        case table(TOMLTable)
    }

    public let value: Value
    /// 1-based line of the value's first character.
    public let line: Int

    /// TOML's name for the value's type, as errors print it.
    public var typeName: String {
        switch value {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .dateTime(let moment): moment.kind.name
        case .array: "array"
        case .table: "table"
        }
    }

    /// The value written back as TOML-like text, for error messages.
    public var text: String {
        switch value {
        case .string(let s): "\"\(s)\""
        case .integer(let n): "\(n)"
        case .float(let x): "\(x)"
        case .boolean(let b): "\(b)"
        case .dateTime(let moment): moment.text
        case .array(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .table(let table): "{" + table.entries.map { "\($0.key) = \($0.node.text)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A TOML table that keeps its keys in file order.
public struct TOMLTable: Sendable {
    public struct Entry: Sendable {
        public let key: String
        public let keyLine: Int
        public var node: TOMLNode
    }

    public internal(set) var entries: [Entry] = []
    /// Line of the table's header, or of the key that made it (0 for the root table).
    public let line: Int

    public init(line: Int) { self.line = line }

    public subscript(_ key: String) -> TOMLNode? {
        entries.first { $0.key == key }?.node
    }

    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
}

/// A syntax error, with its line and column (1-based; the column counts UTF-8 bytes).
public struct TOMLSyntaxError: Error, Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let message: String
}
