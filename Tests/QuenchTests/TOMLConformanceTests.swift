import Foundation
import Testing

/// toml-lang/toml-test's cases for TOML 1.0.0, read-only data outside the repository: the folder in
/// QUENCH_TOML_TEST_DIR, else ../shared/toml-test beside the repository. Every case listed in its
/// files-toml-1.0.0 is run through the built toml-decode; none is left out.
enum TOMLTestSuite {
    static let variable = "QUENCH_TOML_TEST_DIR"

    /// nil only when QUENCH_TOML_TEST_DIR is unset and ../shared/toml-test does not exist (the test
    /// is then skipped); a QUENCH_TOML_TEST_DIR that does not hold the suite fails the test.
    static let folder: String? = {
        if let path = ProcessInfo.processInfo.environment[variable] { return path }
        let beside = URL(fileURLWithPath: QuenchBinary.repository).appendingPathComponent("../shared/toml-test").standardized.path
        return FileManager.default.fileExists(atPath: beside) ? beside : nil
    }()

    static let decoder = URL(fileURLWithPath: QuenchBinary.path).deletingLastPathComponent().appendingPathComponent("toml-decode").path
}

@Suite("TOML 1.0 conformance (toml-test)")
struct TOMLConformanceTests {
    @Test("toml-decode gives the expected JSON for every valid case and rejects every invalid case with an error on one of its lines",
          .enabled(if: TOMLTestSuite.folder != nil, "\(TOMLTestSuite.variable) is unset and ../shared/toml-test does not exist beside the repository"))
    func suite() throws {
        let folder = try #require(TOMLTestSuite.folder)
        let list = try String(contentsOfFile: folder + "/files-toml-1.0.0", encoding: .utf8)
        let cases = list.split(whereSeparator: \.isNewline).map(String.init).filter { $0.hasSuffix(".toml") }
        let valid = cases.filter { $0.hasPrefix("valid/") }, invalid = cases.filter { $0.hasPrefix("invalid/") }
        #expect(!valid.isEmpty && !invalid.isEmpty && valid.count + invalid.count == cases.count, "\(cases.count) cases in \(folder)/files-toml-1.0.0")
        var decoded = 0, rejected = 0
        for name in valid {
            if let problem = try validProblem(folder + "/" + name) { Issue.record("\(name): \(problem)") } else { decoded += 1 }
        }
        for name in invalid {
            if let problem = try invalidProblem(folder + "/" + name) { Issue.record("\(name): \(problem)") } else { rejected += 1 }
        }
        print("toml-test, TOML 1.0.0: valid \(decoded)/\(valid.count) decoded to the expected JSON, invalid \(rejected)/\(invalid.count) rejected")
    }

    @Test("the comparison tells values apart: floats by value, dates and times normalised, everything else exactly")
    func comparison() throws {
        func value(_ type: String, _ text: String) -> [String: Any] { ["type": type, "value": text] }
        let same: [(Any, Any)] = [
            (value("float", "1e-01"), value("float", "0.1")), (value("float", "nan"), value("float", "-nan")),
            (value("datetime", "1987-07-05 17:45:56.6z"), value("datetime", "1987-07-05T17:45:56.600Z")),
            (["a": [value("integer", "1")]], ["a": [value("integer", "1")]]),
        ]
        let different: [(Any, Any)] = [
            (value("float", "0.1"), value("float", "0.2")), (value("float", "0.0"), value("float", "-0")),
            (value("integer", "1"), value("float", "1")), (value("string", "e\u{301}"), value("string", "\u{E9}")),
            (value("time-local", "07:32:00.5"), value("time-local", "07:32:00.05")),
            (["a": value("bool", "true")], ["b": value("bool", "true")]), ([value("bool", "true")], [Any]()),
        ]
        for (a, b) in same { #expect(TaggedJSONComparison.difference(a, b) == nil, "\(a) vs \(b)") }
        for (a, b) in different { #expect(TaggedJSONComparison.difference(a, b) != nil, "\(a) vs \(b)") }
    }

    /// What is wrong with toml-decode's answer to a valid case, or nil.
    private func validProblem(_ path: String) throws -> String? {
        let result = try Command.run(TOMLTestSuite.decoder, [], input: path)
        guard result.status == 0 else { return "rejected: \(result.stderr)" }
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: String(path.dropLast(5)) + ".json")))
        guard let decoded = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) else { return "not JSON: \(result.stdout)" }
        return TaggedJSONComparison.difference(decoded, expected)
    }

    /// What is wrong with toml-decode's answer to an invalid case, or nil: it must exit non-zero
    /// with "toml-decode: line L, …" on standard error, L a line of the file.
    private func invalidProblem(_ path: String) throws -> String? {
        let lines = try Data(contentsOf: URL(fileURLWithPath: path)).count { $0 == UInt8(ascii: "\n") } + 1
        let result = try Command.run(TOMLTestSuite.decoder, [], input: path)
        guard result.status != 0 else { return "accepted: \(result.stdout)" }
        let prefix = "toml-decode: line "
        guard result.stderr.hasPrefix(prefix), let line = Int(result.stderr.dropFirst(prefix.count).prefix { $0.isNumber }),
              (1...lines).contains(line) else { return "rejected without a line of its \(lines): \(result.stderr)" }
        return nil
    }
}
