/// A parser for the part of TOML 1.0 that job files use: comments, `[table]` and `[a.b]` headers,
/// bare and quoted keys, basic and literal strings, decimal integers, floats (including inf and nan),
/// booleans, arrays over several lines and inline tables. Dates, multi-line strings, dotted keys on
/// the left of `=` and arrays of tables are rejected with a message that says so.
public struct TOMLParser {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0

    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        return try parser.document()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: document structure

    private mutating func document() throws(TOMLSyntaxError) -> TOMLTable {
        var root = TOMLTable(line: 0)
        var path: [String] = []
        var definedTables: Set<[String]> = []
        while true {
            skipBlankAndComments()
            guard let c = peek() else { break }
            if c == UInt8(ascii: "[") {
                let headerLine = line
                advance()
                if peek() == UInt8(ascii: "[") { throw error("arrays of tables ([[...]]) are not used in job files") }
                path = try keyPath(closing: UInt8(ascii: "]"))
                guard definedTables.insert(path).inserted else {
                    throw error("table [\(path.joined(separator: "."))] is defined twice", line: headerLine)
                }
                try Self.modify(&root, path: path[...], line: headerLine) { (_: inout TOMLTable) throws(TOMLSyntaxError) in }
                try endOfLine()
            } else {
                let keyLine = line
                let key = try key()
                skipSpaces()
                if peek() == UInt8(ascii: ".") { throw error("dotted keys are not supported; use a [table] header") }
                guard peek() == UInt8(ascii: "=") else { throw error("expected '=' after key '\(key)'") }
                advance()
                skipSpaces()
                let node = try value()
                try insert(node, key: key, keyLine: keyLine, at: path, in: &root)
                try endOfLine()
            }
        }
        return root
    }

    private mutating func keyPath(closing: UInt8) throws(TOMLSyntaxError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            parts.append(try key())
            skipSpaces()
            if peek() == UInt8(ascii: ".") { advance(); continue }
            guard peek() == closing else { throw error("expected ']' to close the table header") }
            advance()
            return parts
        }
    }

    private func insert(_ node: TOMLNode, key: String, keyLine: Int, at path: [String], in root: inout TOMLTable) throws(TOMLSyntaxError) {
        let duplicate = TOMLSyntaxError(line: keyLine, column: 1, message: "key '\(key)' is defined twice")
        try Self.modify(&root, path: path[...], line: keyLine) { (table: inout TOMLTable) throws(TOMLSyntaxError) in
            if table[key] != nil { throw duplicate }
            table.entries.append(.init(key: key, keyLine: keyLine, node: node))
        }
    }

    /// Applies `body` to the table at `path`, creating missing tables (as of `line`) on the way.
    private static func modify(_ table: inout TOMLTable, path: ArraySlice<String>, line: Int,
                               _ body: (inout TOMLTable) throws(TOMLSyntaxError) -> Void) throws(TOMLSyntaxError) {
        guard let head = path.first else { return try body(&table) }
        if let index = table.entries.firstIndex(where: { $0.key == head }) {
            guard case .table(var child) = table.entries[index].node.value else {
                throw TOMLSyntaxError(line: table.entries[index].keyLine, column: 1, message: "'\(head)' is a value, not a table")
            }
            try modify(&child, path: path.dropFirst(), line: line, body)
            table.entries[index].node = TOMLNode(value: .table(child), line: table.entries[index].node.line)
        } else {
            var child = TOMLTable(line: line)
            try modify(&child, path: path.dropFirst(), line: line, body)
            table.entries.append(.init(key: head, keyLine: line, node: TOMLNode(value: .table(child), line: line)))
        }
    }

    // MARK: keys and values

    private mutating func key() throws(TOMLSyntaxError) -> String {
        guard let c = peek() else { throw error("expected a key") }
        if c == UInt8(ascii: "\"") { return try basicString() }
        if c == UInt8(ascii: "'") { return try literalString() }
        let start = position
        while let c = peek(), isBareKeyCharacter(c) { advance() }
        guard position > start else { throw error("expected a key, found '\(Character(Unicode.Scalar(c)))'") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func value() throws(TOMLSyntaxError) -> TOMLNode {
        let valueLine = line
        guard let c = peek() else { throw error("expected a value") }
        switch c {
        case UInt8(ascii: "\""):
            if starts(with: "\"\"\"") { throw error("multi-line strings are not used in job files") }
            return TOMLNode(value: .string(try basicString()), line: valueLine)
        case UInt8(ascii: "'"):
            if starts(with: "'''") { throw error("multi-line strings are not used in job files") }
            return TOMLNode(value: .string(try literalString()), line: valueLine)
        case UInt8(ascii: "["):
            return TOMLNode(value: .array(try array()), line: valueLine)
        case UInt8(ascii: "{"):
            return TOMLNode(value: .table(try inlineTable()), line: valueLine)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if starts(with: "true") { position += 4; return TOMLNode(value: .boolean(true), line: valueLine) }
            if starts(with: "false") { position += 5; return TOMLNode(value: .boolean(false), line: valueLine) }
            throw error("expected a value, found '\(word())'")
        default:
            return TOMLNode(value: try number(), line: valueLine)
        }
    }

    private mutating func array() throws(TOMLSyntaxError) -> [TOMLNode] {
        advance()
        var items: [TOMLNode] = []
        while true {
            skipBlankAndComments()
            guard let c = peek() else { throw error("array is not closed with ']'") }
            if c == UInt8(ascii: "]") { advance(); return items }
            items.append(try value())
            skipBlankAndComments()
            if peek() == UInt8(ascii: ",") { advance(); continue }
            guard peek() == UInt8(ascii: "]") else { throw error("expected ',' or ']' in array") }
        }
    }

    private mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLTable {
        var table = TOMLTable(line: line)
        advance()
        skipSpaces()
        if peek() == UInt8(ascii: "}") { advance(); return table }
        while true {
            skipSpaces()
            let keyLine = line
            let key = try key()
            skipSpaces()
            guard peek() == UInt8(ascii: "=") else { throw error("expected '=' after key '\(key)' in inline table") }
            advance()
            skipSpaces()
            let node = try value()
            if table[key] != nil { throw error("key '\(key)' is defined twice in inline table") }
            table.entries.append(.init(key: key, keyLine: keyLine, node: node))
            skipSpaces()
            if peek() == UInt8(ascii: ",") { advance(); continue }
            guard peek() == UInt8(ascii: "}") else { throw error("expected ',' or '}' in inline table (inline tables fit on one line)") }
            advance()
            return table
        }
    }

    private mutating func number() throws(TOMLSyntaxError) -> TOMLNode.Value {
        let text = word()
        let digits = text.filter { $0 != "_" }
        switch digits {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-._eE".contains($0)) }) else {
            throw error(text.isEmpty ? "expected a value" : "expected a value, found '\(text)' (strings need quotes)")
        }
        if Self.looksLikeDateOrTime(text) { throw error("dates and times are not used in job files") }
        if !digits.contains(where: { ".eE".contains($0) }), let n = Int(digits) { return .integer(n) }
        if digits.contains(where: { ".eE".contains($0) }), let x = Double(digits), !digits.hasPrefix("."), !digits.hasSuffix(".") {
            return .float(x)
        }
        throw error("'\(text)' is not a valid number")
    }

    /// A date starts with a four-digit year and '-' (`1979-05-27`), a time with two digits and ':' (`07:32:00`);
    /// signs and exponents (`-1e-9`) do not make a date.
    private static func looksLikeDateOrTime(_ text: String) -> Bool {
        let c = Array(text.utf8), isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let date = c.count > 4 && c[0..<4].allSatisfy(isDigit) && c[4] == UInt8(ascii: "-")
        let time = c.count > 2 && c[0..<2].allSatisfy(isDigit) && c[2] == UInt8(ascii: ":")
        return date || time
    }

    private mutating func basicString() throws(TOMLSyntaxError) -> String {
        advance()
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll()
        }
        while let c = peek() {
            if c == UInt8(ascii: "\n") { throw error("string is not closed on its line") }
            advance()
            switch c {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard let e = peek() else { break }
                advance()
                switch e {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = e == UInt8(ascii: "u") ? 4 : 8
                    guard position + count <= bytes.count,
                          let code = UInt32(String(decoding: bytes[position..<position + count], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    position += count
                    scalars.append(scalar)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
                }
            default:
                pending.append(c)
            }
        }
        throw error("string is not closed")
    }

    private mutating func literalString() throws(TOMLSyntaxError) -> String {
        advance()
        let start = position
        while let c = peek(), c != UInt8(ascii: "'") {
            if c == UInt8(ascii: "\n") { throw error("string is not closed on its line") }
            advance()
        }
        guard peek() != nil else { throw error("string is not closed") }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        advance()
        return text
    }

    // MARK: lexical helpers

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func advance() {
        if bytes[position] == UInt8(ascii: "\n") { line += 1; lineStart = position + 1 }
        position += 1
    }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        return position + pattern.count <= bytes.count && Array(bytes[position..<position + pattern.count]) == pattern
    }

    private func isBareKeyCharacter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    /// The run of characters up to the next delimiter, consumed.
    private mutating func word() -> String {
        let start = position
        while let c = peek(), !" \t\r\n,]}#=".utf8.contains(c) { advance() }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func skipSpaces() {
        while let c = peek(), c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { advance() }
    }

    private mutating func skipBlankAndComments() {
        while let c = peek() {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                advance()
            } else if c == UInt8(ascii: "#") {
                while let c = peek(), c != UInt8(ascii: "\n") { advance() }
            } else {
                return
            }
        }
    }

    /// After a key/value pair or a header: only spaces and a comment may follow on the line.
    private mutating func endOfLine() throws(TOMLSyntaxError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#") { while let c = peek(), c != UInt8(ascii: "\n") { advance() } }
        if peek() == UInt8(ascii: "\r") { advance() }
        guard let c = peek() else { return }
        guard c == UInt8(ascii: "\n") else { throw error("unexpected '\(word())' after the value (one key = value per line)") }
        advance()
    }

    private func error(_ message: String, line: Int? = nil) -> TOMLSyntaxError {
        TOMLSyntaxError(line: line ?? self.line, column: position - lineStart + 1, message: message)
    }
}
