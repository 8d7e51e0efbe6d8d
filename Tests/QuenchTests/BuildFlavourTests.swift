import Foundation
import Testing

/// Two builds of quench that round differently (the portable default and a QUENCH_TARGET_CPU build
/// with FMA) never put their records in one scan (issue 14): MPI ranks of mixed builds are refused
/// before any work, and a scan of one build is not resumed by the other.
///
/// Needs a second build: `QUENCH_TARGET_CPU=native swift build -c release --product quench
/// --scratch-path .build-native`, named by QUENCH_OTHER_BUILD (.ci/run does both).
@Suite("two build flavours, end to end")
struct BuildFlavourTests {
    static let variable = "QUENCH_OTHER_BUILD"
    static let other = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }

    /// The flavour a binary records in its manifest, from a finished scan of `job` in `output`.
    func flavour(of binary: String, job: String, output: String) throws -> String {
        let result = try Command.run(binary, ["run", job, "--output", output, "--quiet"])
        #expect(result.status == 0, "\(binary): \(result.stderr)")
        return (try readManifest(output)["quench"] as! [String: Any])["build"] as! String
    }

    @Test("mpirun with ranks of two builds is refused on every rank (exit 2) before any work; a scan of one build is not resumed by the other, naming both; their results agree to the tolerance, not bit for bit",
          .enabled(if: other != nil, "\(variable) is unset: no second build to mix (CI sets it)"))
    func mixedBuilds() throws {
        let other = try #require(Self.other)
        let scratch = temporaryFolder("flavours")
        let job = try FolderIntegrityTests.job(T: 5, in: scratch)
        let mine = try flavour(of: QuenchBinary.path, job: job, output: scratch + "/mine")
        let theirs = try flavour(of: other, job: job, output: scratch + "/theirs")
        try #require(mine != theirs, "\(Self.variable) names a binary of this build's flavour (\(mine))")

        let mixed = scratch + "/mixed"
        let run = try Command.mpirun(["-n", "1", QuenchBinary.path, "run", job, "--output", mixed, "--quiet", ":",
                                      "-n", "1", other, "run", job, "--output", mixed, "--quiet"])
        #expect(run.status == 2 && run.stderr.contains("differently built quench binaries"), "exit \(run.status): \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mixed + "/results.csv"))
        #expect(journalledRecords(mixed) == 0)

        let resumed = try Command.run(other, ["run", job, "--output", scratch + "/mine", "--resume", "--quiet"])
        #expect(resumed.status == 2 && resumed.stderr.contains("built as \(mine)") && resumed.stderr.contains("built as \(theirs)"),
                "exit \(resumed.status): \(resumed.stderr)")

        let a = try readResults(scratch + "/mine"), b = try readResults(scratch + "/theirs")
        #expect(a.count == 50 && b.count == 50)
        let tolerance = 1e-9   // lz.two-level's default tolerance
        let worst = zip(a, b).map { abs(Double($0["p_stay"]!)! - Double($1["p_stay"]!)!) }.max() ?? .nan
        #expect(worst <= tolerance, "portable and \(theirs) differ by \(worst) in p_stay")
        print("\(mine) vs \(theirs): max |Δp_stay| = \(worst) over 50 points")
    }
}
