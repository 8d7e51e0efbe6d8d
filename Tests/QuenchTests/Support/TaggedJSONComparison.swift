import Foundation

/// toml-test's comparison of tagged JSON (`{"type": …, "value": "…"}` for each value): tables by
/// their keys, arrays in order, floats by value (nan equals nan, the sign of zero counts), dates and
/// times after normalising (upper-case `T` and `Z`, `T` for a space, no trailing zeros in the
/// fraction), every other value as exact text, compared scalar by scalar.
enum TaggedJSONComparison {
    /// The first difference between `decoded` and `expected` (parsed JSON) as "path: what", or nil
    /// when they agree.
    static func difference(_ decoded: Any, _ expected: Any, at path: String = "") -> String? {
        if let want = expected as? [String: Any], want.count == 2, let type = want["type"] as? String, let value = want["value"] as? String {
            guard let got = decoded as? [String: Any], got.count == 2, let gotType = got["type"] as? String,
                  let gotValue = got["value"] as? String else { return "\(path): expected a \(type) value, got \(decoded)" }
            guard gotType == type else { return "\(path): type \(gotType), expected \(type)" }
            return same(gotValue, value, type: type) ? nil : "\(path): \(gotValue), expected \(value)"
        }
        if let want = expected as? [String: Any] {
            guard let got = decoded as? [String: Any] else { return "\(path): expected a table, got \(decoded)" }
            guard Set(got.keys.map { Array($0.unicodeScalars) }) == Set(want.keys.map { Array($0.unicodeScalars) }) else {
                return "\(path): keys \(got.keys.sorted()), expected \(want.keys.sorted())"
            }
            return want.keys.sorted().lazy.compactMap { difference(got[$0]!, want[$0]!, at: path + "." + $0) }.first
        }
        if let want = expected as? [Any] {
            guard let got = decoded as? [Any], got.count == want.count else { return "\(path): expected an array of \(want.count), got \(decoded)" }
            return zip(got, want).enumerated().lazy.compactMap { difference($1.0, $1.1, at: "\(path)[\($0)]") }.first
        }
        return "\(path): expected JSON of an unknown shape: \(expected)"
    }

    static func same(_ decoded: String, _ expected: String, type: String) -> Bool {
        switch type {
        case "float":
            guard let x = number(decoded), let y = number(expected) else { return false }
            return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
        case "datetime", "datetime-local", "date-local", "time-local":
            return normalised(decoded) == normalised(expected)
        default:
            return decoded.unicodeScalars.elementsEqual(expected.unicodeScalars)
        }
    }

    private static func number(_ text: String) -> Double? {
        switch text {
        case "nan", "+nan", "-nan": .nan
        case "inf", "+inf": .infinity
        case "-inf": -.infinity
        default: Double(text)
        }
    }

    private static func normalised(_ moment: String) -> String {
        var text = Array(moment.uppercased())
        if text.count > 10 && text[10] == " " { text[10] = "T" }
        guard let dot = text.firstIndex(of: ".") else { return String(text) }
        let end = text[(dot + 1)...].firstIndex { !$0.isASCII || !$0.isNumber } ?? text.endIndex
        var fraction = text[(dot + 1)..<end]
        while fraction.last == "0" { fraction.removeLast() }
        return String(text[..<dot]) + (fraction.isEmpty ? "" : "." + String(fraction)) + String(text[end...])
    }
}
