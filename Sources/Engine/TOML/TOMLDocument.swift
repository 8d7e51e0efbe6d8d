/// A TOML value with the line it was written on, so errors can point at it.
package struct TOMLNode: Sendable {
    package indirect enum Value: Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case dateTime(TOMLDateTime)
        case array([TOMLNode])
        case table(TOMLTable)
    }

    package let value: Value
    /// 1-based line of the value's first character.
    package let line: Int

    /// TOML's name for the value's type, as errors print it.
    package var typeName: String {
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
    package var text: String {
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
package struct TOMLTable: Sendable {
    package struct Entry: Sendable {
        package let key: String
        package let keyLine: Int
        package var node: TOMLNode
    }

    package internal(set) var entries: [Entry] = []
    /// Line of the table's header, or of the key that made it (0 for the root table).
    package let line: Int

    package init(line: Int) { self.line = line }

    package subscript(_ key: String) -> TOMLNode? {
        entries.first { $0.key == key }?.node
    }

    package func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
}

/// A syntax error, with its line and column (1-based; the column counts UTF-8 bytes).
package struct TOMLSyntaxError: Error, Sendable, Equatable {
    package let line: Int
    package let column: Int
    package let message: String
}
