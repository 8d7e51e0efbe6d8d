/// A place in a TOML text, for errors.
struct TOMLMark {
    let line: Int
    let column: Int

    func error(_ message: String) -> TOMLSyntaxError { TOMLSyntaxError(line: line, column: column, message: message) }
}

/// The reading position in a TOML text's UTF-8 bytes, with its line and column, and TOML's
/// whitespace (space, tab), newlines (LF, CRLF) and comments.
struct TOMLCursor {
    let bytes: [UInt8]
    private(set) var position = 0
    private(set) var line = 1
    private var lineStart = 0

    /// Checks that `bytes` is UTF-8 (an error names the line of the first bad byte) and steps over
    /// a byte order mark at the start.
    init(_ bytes: [UInt8]) throws(TOMLSyntaxError) {
        if let bad = Self.firstNonUTF8(in: bytes) { throw bad.error("the text is not valid UTF-8") }
        self.bytes = bytes
        if starts(with: "\u{FEFF}") { (position, lineStart) = (3, 3) }
    }

    /// Where `bytes` stops being UTF-8, if it does.
    private static func firstNonUTF8(in bytes: [UInt8]) -> TOMLMark? {
        var iterator = bytes.makeIterator(), decoder = UTF8(), line = 1, offset = 0, lineStart = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { (line, lineStart) = (line + 1, offset) }
            case .emptyInput:
                return nil
            case .error:
                return TOMLMark(line: line, column: offset - lineStart + 1)
            }
        }
    }

    var mark: TOMLMark { TOMLMark(line: line, column: position - lineStart + 1) }

    func error(_ message: String) -> TOMLSyntaxError { mark.error(message) }

    var atEnd: Bool { position == bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }

    func starts(with text: String) -> Bool { bytes[position...].starts(with: text.utf8) }

    mutating func advance(by count: Int = 1) {
        for _ in 0..<count {
            if bytes[position] == UInt8(ascii: "\n") { line += 1; lineStart = position + 1 }
            position += 1
        }
    }

    /// Consumes `text` if it comes next.
    mutating func skip(_ text: String) -> Bool {
        guard starts(with: text) else { return false }
        advance(by: text.utf8.count)
        return true
    }

    /// Control characters, which TOML allows nowhere but tab (newlines aside).
    static func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != 0x09) || c == 0x7F }

    /// The character at the cursor, as messages show it.
    var currentDescription: String {
        guard let c = peek() else { return "the end of the text" }
        if c == UInt8(ascii: "\n") || starts(with: "\r\n") { return "the end of the line" }
        let width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        let text = String(decoding: bytes[position..<min(position + width, bytes.count)], as: UTF8.self)
        let code = text.unicodeScalars.first!.value, hex = String(code, radix: 16, uppercase: true)
        let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if Self.isControl(c) { return "control character \(name)" }
        return c < 0x80 ? "'\(text)'" : "'\(text)' (\(name))"
    }

    // MARK: runs of characters

    /// A bare key's characters (`A-Z a-z 0-9 _ -`) from here, consumed.
    mutating func bareKey() -> String {
        run { Self.isLetterOrDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// The characters of a boolean, number, date or time (`A-Z a-z 0-9 _ + - . :`) from here,
    /// consumed; a date, a space and a time (`1979-05-27 07:32:00`) are one word.
    mutating func bareValueWord() -> String {
        func isWordByte(_ c: UInt8) -> Bool { Self.isLetterOrDigit(c) || "_+-.:".utf8.contains(c) }
        let word = run(while: isWordByte)
        let isDate = word.utf8.count == 10 && TOMLScalar.looksLikeDateOrTime(word[...])
        let timeFollows = peek() == UInt8(ascii: " ") && [1, 2].allSatisfy { peek($0).map(Self.isDigit) == true } && peek(3) == UInt8(ascii: ":")
        guard isDate && timeFollows else { return word }
        advance()
        return word + " " + run(while: isWordByte)
    }

    private mutating func run(while predicate: (UInt8) -> Bool) -> String {
        let start = position
        while let c = peek(), predicate(c) { advance() }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func isLetterOrDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    // MARK: whitespace, comments and newlines

    /// Spaces and tabs.
    mutating func skipWhitespace() {
        while let c = peek(), c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { advance() }
    }

    /// A comment, from `#` to the end of its line (the newline stays); control characters other
    /// than tab are errors in it.
    mutating func skipComment() throws(TOMLSyntaxError) {
        guard peek() == UInt8(ascii: "#") else { return }
        while let c = peek(), c != UInt8(ascii: "\n") {
            if c == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") { return }
            if Self.isControl(c) { throw error("\(currentDescription) is not allowed in a comment") }
            advance()
        }
    }

    /// A newline (LF or CRLF), consumed; false when there is none here. A carriage return without
    /// a line feed is an error.
    mutating func skipNewline() throws(TOMLSyntaxError) -> Bool {
        if skip("\n") || skip("\r\n") { return true }
        if peek() == UInt8(ascii: "\r") { throw error("a carriage return must be followed by a line feed") }
        return false
    }

    /// Whitespace, comments and newlines, as between the values of an array.
    mutating func skipBlankLines() throws(TOMLSyntaxError) {
        repeat {
            skipWhitespace()
            try skipComment()
        } while try skipNewline()
    }

    /// The rest of a line after `what` (a header or a key/value pair): whitespace, a comment, then a
    /// newline or the end of the text.
    mutating func endOfLine(after what: String) throws(TOMLSyntaxError) {
        skipWhitespace()
        try skipComment()
        guard try skipNewline() || atEnd else {
            throw error("unexpected \(currentDescription) after \(what) (one key = value or header per line)")
        }
    }
}
