/// TOML integers and floats. Integers: decimal without leading zeros, or `0x`, `0o`, `0b` without a
/// sign; `_` only between digits; outside the 64-bit range is an error. Floats: a decimal integer
/// part with a fraction, an exponent or both, or `inf` and `nan` with an optional sign.
enum TOMLNumber {
    static func value(_ word: Substring) throws(TOMLValueError) -> TOMLNode.Value {
        let invalid = TOMLValueError("'\(word)' is not a valid number")
        if let radix = prefixedRadix(word) {
            let digits = word.dropFirst(2)
            guard isDigitRun(digits, radix: radix) else { throw invalid }
            guard let n = Int(digits.filter { $0 != "_" }, radix: radix) else { throw outOfRange(word) }
            return .integer(n)
        }
        let unsigned = word.first == "+" || word.first == "-" ? word.dropFirst() : word
        let negative = word.first == "-"
        switch unsigned {
        case "inf": return .float(negative ? -.infinity : .infinity)
        case "nan": return .float(.nan)
        default: break
        }

        let integerEnd = unsigned.firstIndex { $0 == "." || $0 == "e" || $0 == "E" } ?? unsigned.endIndex
        let integerPart = unsigned[..<integerEnd]
        guard isDigitRun(integerPart, radix: 10) else { throw invalid }
        guard integerPart == "0" || integerPart.first != "0" else { throw TOMLValueError("'\(word)' has a leading zero") }
        let plain = String(word.filter { $0 != "_" })
        if integerEnd == unsigned.endIndex {
            guard let n = Int(plain) else { throw outOfRange(word) }
            return .integer(n)
        }

        var rest = unsigned[integerEnd...]
        if rest.first == "." {
            rest = rest.dropFirst()
            let fractionEnd = rest.firstIndex { $0 == "e" || $0 == "E" } ?? rest.endIndex
            guard isDigitRun(rest[..<fractionEnd], radix: 10) else { throw invalid }
            rest = rest[fractionEnd...]
        }
        if !rest.isEmpty {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            guard isDigitRun(rest, radix: 10) else { throw invalid }
        }
        guard let x = Double(plain) else { throw invalid }
        return .float(x)
    }

    private static func prefixedRadix(_ word: Substring) -> Int? {
        switch word.prefix(2) {
        case "0x": 16
        case "0o": 8
        case "0b": 2
        default: nil
        }
    }

    /// One or more digits of `radix` (ASCII), with single underscores between digits.
    private static func isDigitRun(_ text: Substring, radix: Int) -> Bool {
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.hexDigitValue.map { $0 < radix } == true }
        guard let first = text.first, let last = text.last, isDigit(first), isDigit(last), !text.contains("__") else { return false }
        return text.allSatisfy { isDigit($0) || $0 == "_" }
    }

    private static func outOfRange(_ word: Substring) -> TOMLValueError {
        TOMLValueError("integer \(word) is outside the 64-bit range \(Int.min) to \(Int.max)")
    }
}
