import Foundation
import Testing

/// `quench verify` on a small lz.two-level scan (12 rates, T = 10, auto at 1e-8: every point is sampled).
/// Under mpirun: `VerifyAcrossRanksTests`.
@Suite("quench verify", .serialized)
struct VerifyCommandTests {
    @Test("a finished scan passes at tolerance/100 with its own method and with rk4; the ratios do not depend on the thread count")
    func passes() throws {
        let (folder, _) = try VerifiedScan.make("pass")
        var ratios: [Double] = []
        for arguments in [["--threads", "1"], ["--threads", "2"], ["--method", "rk4"]] {
            let result = try Command.quench(["verify", folder] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("p_stay") && result.stdout.contains("passed"), "\(result.stdout)")
            let json = try VerifiedScan.json(folder)
            #expect(json["passed"] as? Bool == true && json["exit_code"] as? Int == 0)
            #expect((json["sample"] as? [String: Any])?["points"] as? [Int] == Array(0..<12))
            let pStay = try #require(VerifiedScan.observable(json, "p_stay"))
            #expect(pStay["accuracy"] as? String == "absolute" && pStay["judged"] as? Bool == true)
            let ratio = try #require(pStay["worst_ratio"] as? Double)
            #expect(ratio <= 1 && ratio > 0)
            ratios.append(ratio)
            #expect((VerifiedScan.observable(json, "p_lz")?["worst_ratio"] as? Double) == 0)
            #expect(VerifiedScan.observable(json, "norm_error") == nil)
        }
        #expect(ratios[0] == ratios[1])
        print("verify on 12 lz points: worst |Δp_stay|/tol = \(ratios[0]) (auto at 1e-10), \(ratios[2]) (rk4 at 1e-10)")
    }

    @Test("a p_stay changed by 1e-3 in results.csv makes verify exit 8 naming that point; a failed point is skipped and counted")
    func corrupted() throws {
        let (folder, _) = try VerifiedScan.make("corrupt")
        try VerifiedScan.corrupt(folder, point: 5, failing: [7])

        let result = try Command.quench(["verify", folder])
        #expect(result.status == 8, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("exceeded: p_stay at point 5"), "\(result.stdout)")
        #expect(result.stdout.contains("checksum differs"))
        #expect(result.stdout.contains("skipped 1 of 12 sampled points: 1 failed in results.csv (7)"), "\(result.stdout)")
        let json = try VerifiedScan.json(folder)
        #expect(json["passed"] as? Bool == false && json["exit_code"] as? Int == 8)
        #expect((json["sample"] as? [String: Any])?["failed_in_results"] as? [Int] == [7])
        #expect((json["sample"] as? [String: Any])?["compared"] as? Int == 11)
        let pStay = try #require(VerifiedScan.observable(json, "p_stay"))
        #expect(pStay["point"] as? Int == 5)
        #expect(try #require(pStay["worst_ratio"] as? Double) > 1e4)
    }

    @Test("refused with exit 2: no results.csv, a job whose fingerprint differs from the manifest's, a folder another quench writes in; bad options exit 64")
    func refusals() throws {
        let (folder, job) = try VerifiedScan.make("refuse")
        let changed = job.replacingOccurrences(of: "lz.toml", with: "changed.toml")
        try VerifiedScan.job(count: 12).replacingOccurrences(of: "1e-8", with: "1e-9").write(toFile: changed, atomically: true, encoding: .utf8)
        let mismatch = try Command.quench(["verify", folder, "--job", changed])
        #expect(mismatch.status == 2 && mismatch.stderr.contains("fingerprint"), "\(mismatch.stderr)")
        let empty = temporaryFolder("verify-empty")
        let none = try Command.quench(["verify", empty])
        #expect(none.status == 2 && none.stderr.contains("no results.csv"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: empty + "/verify.json"))
        let method = try Command.quench(["verify", folder, "--method", "euler"])
        #expect(method.status == 64 && method.stderr.contains("allowed: \"auto\", \"magnus4\", \"rk4\""), "\(method.stderr)")
        #expect(try Command.quench(["verify", folder, "--factor", "0.5"]).status == 64)

        var host = [UInt8](repeating: 0, count: 256)
        gethostname(&host, 255)
        let holder = #"{"pid": \#(getpid()), "host": "\#(String(decoding: host.prefix { $0 != 0 }, as: UTF8.self))", "started": "2026-12-02T00:00:00Z", "command": "run"}"#
        try holder.write(toFile: folder + "/quench.lock", atomically: true, encoding: .utf8)
        let locked = try Command.quench(["verify", folder])
        #expect(locked.status == 2 && locked.stderr.contains("in use by another quench"), "\(locked.stderr)")
    }
}
