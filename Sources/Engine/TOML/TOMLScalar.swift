/// Why a value's text is not a TOML value; the parser adds the line and column.
struct TOMLValueError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The values written without quotes or brackets: booleans, numbers, dates and times.
enum TOMLScalar {
    /// The value `word` spells (a run of letters, digits and `_ + - . :`, with a space between a date
    /// and a time).
    static func value(_ word: Substring) throws(TOMLValueError) -> TOMLNode.Value {
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: break
        }
        if looksLikeDateOrTime(word) { return .dateTime(try TOMLDateTime(parsing: word)) }
        if let first = word.first, first.isLetter, !["inf", "nan"].contains(word) {
            throw TOMLValueError("expected a value, found '\(word)' (strings need quotes)")
        }
        return try TOMLNumber.value(word)
    }

    /// A date starts with a four-digit year and '-' (`1979-05-27`), a time with two digits and ':'
    /// (`07:32:00`); signs and exponents (`-1e-9`) do not make a date.
    static func looksLikeDateOrTime(_ word: Substring) -> Bool {
        let c = Array(word.utf8.prefix(5))
        func digits(_ n: Int) -> Bool { c.count > n && c[0..<n].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        return (digits(4) && c[4] == UInt8(ascii: "-")) || (digits(2) && c[2] == UInt8(ascii: ":"))
    }
}
