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

    @Test("syntax errors carry their line", arguments: [
        ("a = 1\nb = \n", 2, "expected a value"),
        ("[t\nx = 1", 1, "expected ']'"),
        ("x = \"open\n", 1, "not closed"),
        ("x = 1 2\n", 1, "after the value"),
        ("[t]\n[t]\n", 2, "defined twice"),
        ("x = 1979-05-27\n", 1, "dates"),
        ("[[t]]\n", 1, "arrays of tables"),
        ("a.b = 1\n", 1, "dotted keys"),
        ("x = 1.\n", 1, "not a valid number"),
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
