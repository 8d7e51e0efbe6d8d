@testable import Engine
import Testing

@Suite("TOML parser")
struct TOMLParserTests {
    @Test("values, arrays over several lines, inline tables, comments and line numbers")
    func parsesJobSubset() throws {
        let text = """
            # comment
            [scan]
            name = "x y" # trailing comment
            literal = 'C:\\path'
            [axes]
            v = [
              0.1, 1e-3, # inside
              -2, +3.5,
            ]
            w = { logspace = [-1, 1], count = 5 }
            [fixed]
            flag = true
            big = 1_000
            x = inf
            """
        let root = try TOMLParser.parse(text)
        guard case .table(let scan) = root["scan"]?.value, case .table(let axes) = root["axes"]?.value,
              case .table(let fixed) = root["fixed"]?.value else {
            Issue.record("tables missing")
            return
        }
        guard case .string("x y") = scan["name"]?.value, case .string("C:\\path") = scan["literal"]?.value else {
            Issue.record("strings")
            return
        }
        guard case .array(let v) = axes["v"]?.value else { Issue.record("array"); return }
        #expect(v.map(\.text) == ["0.1", "0.001", "-2", "3.5"])
        #expect(axes["v"]?.line == 6)
        #expect(v[2].line == 8)
        guard case .table(let w) = axes["w"]?.value, case .integer(5) = w["count"]?.value else { Issue.record("inline"); return }
        guard case .boolean(true) = fixed["flag"]?.value, case .integer(1000) = fixed["big"]?.value,
              case .float(let x) = fixed["x"]?.value else { Issue.record("scalars"); return }
        #expect(x == .infinity)
        #expect(fixed.entry("big")?.keyLine == 13)
    }

    @Test("negative floats with negative exponents are floats, not dates")
    func negativeExponents() throws {
        let root = try TOMLParser.parse("x = -1e-9\nlevels = [-5e-1, 1e-2, 5e-1]\ny = -2.5E-3\n")
        guard case .float(let x) = root["x"]?.value, case .array(let levels) = root["levels"]?.value,
              case .float(let y) = root["y"]?.value else {
            Issue.record("not parsed as floats")
            return
        }
        #expect(x == -1e-9 && y == -2.5e-3)
        #expect(levels.map(\.text) == ["-0.5", "0.01", "0.5"])
    }

    @Test("TOML 1.0 forms keep their lines and file order: multi-line strings, dotted keys, arrays of tables, dates and times")
    func fullSyntax() throws {
        let text = """
            title = '''
            two
            lines'''
            a.b = 0x1F
            [[run]]
            when = 1979-05-27T07:32:00.25-07:00
            [[run]]
            when = 07:32:00
            [run.extra]
            ok = true
            """
        let root = try TOMLParser.parse(text)
        #expect(root.entries.map(\.key) == ["title", "a", "run"])
        guard case .string("two\nlines") = root["title"]?.value, case .table(let a) = root["a"]?.value,
              case .integer(31) = a["b"]?.value, case .array(let runs) = root["run"]?.value, runs.count == 2,
              case .table(let first) = runs[0].value, case .table(let second) = runs[1].value,
              case .dateTime(let when) = first["when"]?.value, case .dateTime(let time) = second["when"]?.value,
              case .table(let extra) = second["extra"]?.value, case .boolean(true) = extra["ok"]?.value else {
            Issue.record("not parsed as written: \(root.entries.map { "\($0.key) = \($0.node.text)" })")
            return
        }
        #expect(root.entry("a")?.keyLine == 4 && root["run"]?.line == 5 && runs.map(\.line) == [5, 7])
        #expect(first["when"]?.line == 6 && extra.line == 9)
        #expect(when.kind == .offsetDateTime && when.text == "1979-05-27T07:32:00.25-07:00")
        #expect(when.time?.fraction == "25" && when.offset == .hoursMinutes(negative: true, hours: 7, minutes: 0))
        #expect(time.kind == .localTime && time.date == nil && time.text == "07:32:00")
    }

    @Test("keys are equal when their code points are: a precomposed and a decomposed é are two keys")
    func keysByCodePoint() throws {
        let root = try TOMLParser.parse("\"\u{E9}\" = 1\n\"e\u{301}\" = 2\n")
        #expect(root.entries.map { Array($0.key.unicodeScalars) } == [["\u{E9}"], ["e", "\u{301}"]])
    }

    @Test("syntax errors carry their line", arguments: [
        ("a = 1\nb = \n", 2, "expected a value"),
        ("[t\nx = 1", 1, "expected ']'"),
        ("x = \"open\n", 1, "not closed"),
        ("x = 1 2\n", 1, "after the value"),
        ("[t]\n[t]\n", 2, "defined twice"),
        ("x = 1.\n", 1, "not a valid number"),
        ("x = 1\ny = 9223372036854775808\n", 2, "64-bit range"),
        ("x = 0x8000_0000_0000_0000\n", 1, "64-bit range"),
        ("x = 2021-02-29\n", 1, "days 1 to 28"),
        ("x = \"bell \u{07}\"\n", 1, "control character U+0007"),
        ("s = \"\"\"\nfine\n\\q\"\"\"\n", 3, "invalid escape"),
        ("a = {b = 1}\n[a]\n", 2, "inline tables cannot be extended"),
        ("[a]\nb.c = 1\n[a.b]\n", 3, "made by dotted keys on line 2"),
        ("[a.b]\n[a]\nb.c = 1\n", 3, "dotted keys cannot add"),
        ("[[a]]\n[a]\n", 2, "array of tables"),
        ("x = [1,\n2,\n\n", 4, "array opened on line 1"),
        ("a = 1\nx = " + String(repeating: "[", count: 100_000), 2, "nest more than 128 deep"),
        ("x = " + String(repeating: "{a = ", count: 100) + "{" + String(repeating: "b.", count: 40) + "c = 1", 1, "nest more than 128 deep"),
        ("[" + Array(repeating: "t", count: 129).joined(separator: ".") + "]\n", 1, "nest more than 128 deep"),
    ])
    func syntaxErrors(text: String, line: Int, words: String) {
        do {
            _ = try TOMLParser.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(words), "\(error.message)")
        }
    }
}
