import Foundation
import Testing

/// Finished lz.two-level scans for the tests of `quench verify` and of how report and plot show it:
/// `count` rates v ∈ [0.1, 10] (log-spaced) at Δ = 1, T = 10, auto at tolerance 1e-8.
enum VerifiedScan {
    static func job(count: Int) -> String {
        """
        [scan]
        model = "lz.two-level"
        [axes]
        v = { logspace = [-1, 1], count = \(count) }
        [fixed]
        delta = 1.0
        T = 10.0
        [integrator]
        method = "auto"
        tolerance = 1e-8

        """
    }

    /// Runs the scan; returns its folder and job file (an absolute path, which the manifest records).
    static func make(_ name: String, count: Int = 12) throws -> (folder: String, job: String) {
        let folder = temporaryFolder("verify-\(name)")
        let job = folder + "/lz.toml"
        try Self.job(count: count).write(toFile: job, atomically: true, encoding: .utf8)
        let output = folder + "/out"
        let run = try Command.quench(["run", job, "--output", output, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        return (output, job)
    }

    static func json(_ folder: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/verify.json"))) as! [String: Any]
    }

    static func observable(_ json: [String: Any], _ name: String) -> [String: Any]? {
        (json["observables"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    /// Edits results.csv: p_stay at `point` moved by 1e-3 (towards 0.5), and each point of `failing` marked failed.
    static func corrupt(_ folder: String, point: Int, failing: [Int] = []) throws {
        let path = folder + "/results.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let column = try #require(lines[0].components(separatedBy: ",").firstIndex(of: "p_stay"))
        var fields = lines[1 + point].components(separatedBy: ",")
        #expect(fields[0] == "\(point)")
        let value = try #require(Double(fields[column]))
        fields[column] = "\(value > 0.5 ? value - 1e-3 : value + 1e-3)"
        lines[1 + point] = fields.joined(separator: ",")
        for failed in failing {
            var fields = lines[1 + failed].components(separatedBy: ",")
            for k in column..<(fields.count - 1) { fields[k] = "nan" }
            fields[fields.count - 1] = "failed"
            lines[1 + failed] = fields.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
