extension TOMLCursor {
    /// A string from its opening quote: basic (`"…"`, with escapes), literal (`'…'`, as written), or
    /// either multi-line form (`"""…"""`, `'''…'''`) when `multilineAllowed` (keys are single-line).
    /// Multi-line strings drop a newline right after the opening quotes and read CRLF as LF; up to
    /// two quotes may stand just before the closing three. Control characters other than tab must
    /// be escaped.
    mutating func string(multilineAllowed: Bool) throws(TOMLSyntaxError) -> String {
        guard let quote = peek() else { throw error("expected a string") }
        let basic = quote == UInt8(ascii: "\"")
        let delimiter = String(repeating: basic ? "\"" : "'", count: 3)
        let multiline = starts(with: delimiter)
        if multiline && !multilineAllowed { throw error("a key cannot be a multi-line string") }
        let opening = mark
        advance(by: multiline ? 3 : 1)
        if multiline { _ = try skipNewline() }
        var content: [UInt8] = []
        while let c = peek() {
            switch c {
            case quote where !multiline:
                advance()
                return String(decoding: content, as: UTF8.self)
            case quote:
                let quotes = min(5, bytes[position...].prefix { $0 == quote }.count), closes = quotes >= 3
                content.append(contentsOf: repeatElement(quote, count: closes ? quotes - 3 : quotes))
                advance(by: quotes)
                if closes { return String(decoding: content, as: UTF8.self) }
            case UInt8(ascii: "\\") where basic:
                try escape(into: &content, multiline: multiline)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                guard multiline else { throw error("the string opened on column \(opening.column) is not closed on its line") }
                _ = try skipNewline()
                content.append(UInt8(ascii: "\n"))
            case _ where Self.isControl(c):
                throw error("\(currentDescription) must be written as an escape, in a basic string (\"…\")")
            default:
                content.append(c)
                advance()
            }
        }
        throw opening.error("the string is not closed (\(delimiter.prefix(multiline ? 3 : 1)) missing)")
    }

    /// An escape in a basic string, from its backslash: `\b \t \n \f \r \" \\`, `\uXXXX`,
    /// `\UXXXXXXXX` (a Unicode scalar value), and in multi-line strings a backslash at the end of a
    /// line, which drops the newline and all whitespace and newlines after it.
    private mutating func escape(into content: inout [UInt8], multiline: Bool) throws(TOMLSyntaxError) {
        let start = mark
        advance()
        guard let e = peek() else { return }
        let simple: [UInt8: UInt8] = [UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "f"): 0x0C,
                                      UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\")]
        if let byte = simple[e] {
            content.append(byte)
            advance()
        } else if e == UInt8(ascii: "u") || e == UInt8(ascii: "U") {
            let count = e == UInt8(ascii: "u") ? 4 : 8
            advance()
            let digits = bytes[position...].prefix(count)
            guard digits.count == count, digits.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                  let code = UInt32(String(decoding: digits, as: UTF8.self), radix: 16), let scalar = Unicode.Scalar(code) else {
                throw start.error("\\\(Character(Unicode.Scalar(e))) needs \(count) hex digits of a Unicode scalar value (at most 10FFFF, no surrogates D800 to DFFF)")
            }
            content.append(contentsOf: String(scalar).utf8)
            advance(by: count)
        } else if multiline && [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(e) {
            skipWhitespace()
            guard try skipNewline() else { throw start.error("a backslash followed by spaces must end its line") }
            repeat { skipWhitespace() } while try skipNewline()
        } else {
            throw start.error("invalid escape: a backslash before \(currentDescription); allowed: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX")
        }
    }
}
