import Foundation
import TestSupport
import Testing

/// A job whose values are each in range but break a rule among them: refused by check, plan, run and
/// submit before any work, with exit 1, naming the file, the keys with their values, the rule and how
/// many points break it.
struct CrossParameterCase: Sendable, CustomStringConvertible {
    let name: String
    let job: String
    /// Texts the message must contain: the keys with their values, and words of the rule.
    let mustMention: [String]
    var description: String { name }

    static let all: [CrossParameterCase] = [
        CrossParameterCase(name: "ising.kz odd L", job: """
            [scan]
            model = "ising.kz"
            [axes]
            L = [100, 101, 102, 103]
            """, mustMention: ["[axes] L = 101", "even", "2 of 4 points, first point 1"]),
        CrossParameterCase(name: "ising.kz g_final ≥ g0", job: """
            [scan]
            model = "ising.kz"
            [fixed]
            g0 = 2
            g_final = 3
            """, mustMention: ["[fixed] g0 = 2.0", "[fixed] g_final = 3.0", "below", "the only point"]),
        CrossParameterCase(name: "lmg.exact odd N", job: """
            [scan]
            model = "lmg.exact"
            [axes]
            N = [64, 65]
            """, mustMention: ["[axes] N = 65", "even", "1 of 2 points, first point 1"]),
        CrossParameterCase(name: "bcs.quantum M ≥ N", job: """
            [scan]
            model = "bcs.quantum"
            [axes]
            M = [3, 8]
            [fixed]
            N = 8
            """, mustMention: ["[fixed] N = 8", "[axes] M = 8", "0 < M < N", "1 of 2 points, first point 1"]),
        CrossParameterCase(name: "bcs.classical levels of the wrong length", job: """
            [scan]
            model = "bcs.classical"
            [fixed]
            N = 4
            spectrum = "given"
            levels = [-0.5, 0.1, 0.4]
            """, mustMention: ["[fixed] N = 4", "levels = -0.5;0.1;0.4", "the only point"]),
        CrossParameterCase(name: "bcs.quantum levels with a duplicate", job: """
            [scan]
            model = "bcs.quantum"
            [fixed]
            N = 4
            spectrum = "given"
            levels = [-0.5, 0.1, 0.1, 0.4]
            """, mustMention: ["levels = -0.5;0.1;0.1;0.4", "distinct", "the only point"]),
        CrossParameterCase(name: "bcs.gap M ≥ N", job: """
            [scan]
            model = "bcs.gap"
            [fixed]
            N = 10
            M = 10
            """, mustMention: ["[fixed] N = 10", "[fixed] M = 10", "the only point"]),
        CrossParameterCase(name: "example.rabi too many periods", job: """
            [scan]
            model = "example.rabi"
            [axes]
            T = [10, 1e6]
            [fixed]
            omega = 10
            """, mustMention: ["[fixed] omega = 10.0", "[axes] T = 1000000.0", "Rabi periods", "1 of 2 points"]),
        CrossParameterCase(name: "lz.two-level magnus4 past its phase limit", job: """
            [scan]
            model = "lz.two-level"
            [axes]
            T = [300, 2000]
            [fixed]
            v = 10
            [integrator]
            method = "magnus4"
            """, mustMention: ["[fixed] v = 10.0", "[axes] T = 2000.0", "dynamical phase", "method auto", "1 of 2 points, first point 1"]),
        CrossParameterCase(name: "ising.kz magnus4 past its phase limit", job: """
            [scan]
            model = "ising.kz"
            [axes]
            tau_q = [16, 1e6]
            [fixed]
            L = 20
            [integrator]
            method = "magnus4"
            """, mustMention: ["[axes] tau_q = 1000000.0", "dynamical phase", "method auto", "1 of 2 points, first point 1"]),
    ]
}

@Suite("cross-parameter rules")
struct CrossParameterCheckTests {
    @Test("check, plan, run and submit refuse the job with exit 1 and create nothing", arguments: CrossParameterCase.all)
    func refused(_ bad: CrossParameterCase) throws {
        let folder = temporaryFolder("cross")
        let path = folder + "/job.toml"
        try bad.job.write(toFile: path, atomically: true, encoding: .utf8)
        let output = folder + "/out"
        for arguments in [["check", path], ["plan", path], ["run", path, "--output", output],
                          ["submit", path, "--scheduler", "slurm", "--time", "00:10:00", "--dry-run", "--output", output]] {
            let result = try Command.quench(arguments)
            #expect(result.status == 1, "\(arguments[0]): exit \(result.status), \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(path): "), "\(arguments[0]): \(result.stderr)")
            for words in bad.mustMention {
                #expect(result.stderr.contains(words), "\(arguments[0]): '\(words)' missing in: \(result.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: output), "a refused job must not create its output")
    }
}
