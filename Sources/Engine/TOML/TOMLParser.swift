/// A parser for TOML 1.0.0 (https://toml.io/en/v1.0.0): all string, number, date and time forms,
/// bare, quoted and dotted keys, arrays, inline tables, `[tables]` and `[[arrays of tables]]`, with
/// the rules on defining each table once. Tables keep their keys in file order; every value keeps
/// its line. Errors name the line and column.
package struct TOMLParser {
    /// Most tables and arrays a value may sit in (headers, dotted keys, arrays and inline tables
    /// together): deeper input is an error, not a stack overflow in the recursive readers.
    package static let maximumNesting = 128

    private var cursor: TOMLCursor
    private var document = TOMLTableBuilder()
    /// Tables and arrays around the place being read; between values, the current header's depth.
    private var nesting = 0

    package static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        try parse(utf8: Array(text.utf8))
    }

    /// Parses UTF-8 bytes; bytes that are not UTF-8 are an error on their line.
    package static func parse(utf8 bytes: [UInt8]) throws(TOMLSyntaxError) -> TOMLTable {
        var parser = TOMLParser(cursor: try TOMLCursor(bytes))
        return try parser.parseDocument()
    }

    private init(cursor: TOMLCursor) { self.cursor = cursor }

    // MARK: document structure

    private mutating func parseDocument() throws(TOMLSyntaxError) -> TOMLTable {
        while true {
            cursor.skipWhitespace()
            switch cursor.peek() {
            case nil:
                return document.finish()
            case UInt8(ascii: "["):
                try header()
                try cursor.endOfLine(after: "the table header")
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try cursor.endOfLine(after: "a comment")
            default:
                let (path, node, mark) = try keyValue()
                try document.assign(node, to: path, mark)
                try cursor.endOfLine(after: "the value")
            }
        }
    }

    /// `[key]` or `[[key]]`.
    private mutating func header() throws(TOMLSyntaxError) {
        let mark = cursor.mark
        let isArray = cursor.skip("[[")
        if !isArray { cursor.advance() }
        let path = try key()
        nesting = 0
        try enter(path.count)
        guard cursor.skip(isArray ? "]]" : "]") else {
            throw cursor.error("expected '\(isArray ? "]]" : "]")' to close the table header, found \(cursor.currentDescription)")
        }
        if isArray { try document.appendTable(at: path, mark) } else { try document.defineTable(at: path, mark) }
    }

    /// `key = value`, and where the key starts.
    private mutating func keyValue() throws(TOMLSyntaxError) -> (path: [String], node: TOMLNode, mark: TOMLMark) {
        cursor.skipWhitespace()
        let mark = cursor.mark
        let path = try key()
        guard cursor.skip("=") else {
            throw cursor.error("expected '=' after the key '\(TOMLTableBuilder.display(path))', found \(cursor.currentDescription)")
        }
        cursor.skipWhitespace()
        try enter(path.count - 1)
        defer { nesting -= path.count - 1 }
        return (path, try value(), mark)
    }

    /// Goes `levels` tables or arrays deeper; the caller comes back up.
    private mutating func enter(_ levels: Int) throws(TOMLSyntaxError) {
        nesting += levels
        guard nesting <= Self.maximumNesting else {
            throw cursor.error("tables and arrays nest more than \(Self.maximumNesting) deep here")
        }
    }

    /// A key: bare or quoted parts joined by dots, whitespace allowed around the dots and after the key.
    private mutating func key() throws(TOMLSyntaxError) -> [String] {
        var parts: [String] = []
        repeat {
            cursor.skipWhitespace()
            if cursor.peek() == UInt8(ascii: "\"") || cursor.peek() == UInt8(ascii: "'") {
                parts.append(try cursor.string(multilineAllowed: false))
            } else {
                let bare = cursor.bareKey()
                guard !bare.isEmpty else { throw cursor.error("expected a key, found \(cursor.currentDescription)") }
                parts.append(bare)
            }
            cursor.skipWhitespace()
        } while cursor.skip(".")
        return parts
    }

    // MARK: values

    private mutating func value() throws(TOMLSyntaxError) -> TOMLNode {
        let line = cursor.line
        switch cursor.peek() {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return TOMLNode(value: .string(try cursor.string(multilineAllowed: true)), line: line)
        case UInt8(ascii: "["):
            return TOMLNode(value: .array(try array()), line: line)
        case UInt8(ascii: "{"):
            return TOMLNode(value: .table(try inlineTable()), line: line)
        default:
            let mark = cursor.mark
            let word = cursor.bareValueWord()
            guard !word.isEmpty else { throw cursor.error("expected a value, found \(cursor.currentDescription)") }
            do {
                return TOMLNode(value: try TOMLScalar.value(word[...]), line: line)
            } catch {
                throw mark.error(error.message)
            }
        }
    }

    /// `[a, b, …]`, over several lines if need be, with comments and a trailing comma allowed.
    private mutating func array() throws(TOMLSyntaxError) -> [TOMLNode] {
        let opening = cursor.line
        try enter(1)
        defer { nesting -= 1 }
        cursor.advance()
        var items: [TOMLNode] = []
        while true {
            try cursor.skipBlankLines()
            if cursor.skip("]") { return items }
            guard !cursor.atEnd else { throw cursor.error("the array opened on line \(opening) is not closed with ']'") }
            items.append(try value())
            try cursor.skipBlankLines()
            if cursor.skip("]") { return items }
            guard cursor.skip(",") else {
                throw cursor.error("expected ',' or ']' in the array opened on line \(opening), found \(cursor.currentDescription)")
            }
        }
    }

    /// `{ key = value, … }` on one line, without a trailing comma.
    private mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLTable {
        let table = TOMLTableBuilder(line: cursor.line)
        try enter(1)
        defer { nesting -= 1 }
        cursor.advance()
        cursor.skipWhitespace()
        if cursor.skip("}") { return table.finish() }
        while true {
            let (path, node, mark) = try keyValue()
            try table.assign(node, to: path, mark)
            cursor.skipWhitespace()
            if cursor.skip("}") { return table.finish() }
            guard cursor.skip(",") else {
                throw cursor.error("expected ',' or '}' in the inline table, found \(cursor.currentDescription) (an inline table stays on one line)")
            }
            cursor.skipWhitespace()
            if cursor.peek() == UInt8(ascii: "}") { throw cursor.error("an inline table has no ',' after its last value") }
        }
    }
}
