import Engine

/// toml-test's tagged JSON: each value is `{"type": "…", "value": "…"}` (the value as text), a
/// table a JSON object with its keys in file order, an array a JSON array.
enum TaggedJSON {
    static func object(_ table: TOMLTable) -> String {
        "{" + table.entries.map { quoted($0.key) + ": " + json($0.node) }.joined(separator: ", ") + "}"
    }

    static func json(_ node: TOMLNode) -> String {
        switch node.value {
        case .string(let s): tagged("string", s)
        case .integer(let n): tagged("integer", String(n))
        case .float(let x): tagged("float", x.isNaN ? "nan" : x.description)
        case .boolean(let b): tagged("bool", String(b))
        case .dateTime(let moment): tagged(type(of: moment.kind), moment.text)
        case .array(let items): "[" + items.map(json).joined(separator: ", ") + "]"
        case .table(let table): object(table)
        }
    }

    private static func tagged(_ type: String, _ value: String) -> String {
        "{\"type\": \(quoted(type)), \"value\": \(quoted(value))}"
    }

    private static func type(of kind: TOMLDateTime.Kind) -> String {
        switch kind {
        case .offsetDateTime: "datetime"
        case .localDateTime: "datetime-local"
        case .localDate: "date-local"
        case .localTime: "time-local"
        }
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as is.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
