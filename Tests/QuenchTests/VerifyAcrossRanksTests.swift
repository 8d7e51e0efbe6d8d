import Foundation
import Testing

/// `quench verify` under mpirun: the sample spread over the ranks gives verify.json's bytes of a local
/// verify, and every rank exits with rank 0's code.
@Suite("quench verify under mpirun", .serialized)
struct VerifyAcrossRanksTests {
    /// verify.json's text without its `run` object (ranks, threads_per_rank, seconds, date: how verify ran).
    func withoutRun(_ folder: String) throws -> String {
        let lines = try String(contentsOfFile: folder + "/verify.json", encoding: .utf8).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "  \"run\" : {"))
        let end = try #require(lines[start...].firstIndex { $0.hasPrefix("  }") })
        return (lines[..<start] + lines[(end + 1)...]).joined(separator: "\n")
    }

    func run(_ folder: String) throws -> [String: Any] { try #require(VerifiedScan.json(folder)["run"] as? [String: Any]) }

    /// `mpirun -n ranks quench arguments…`, each rank in a shell that records its exit code and
    /// exits only once every rank has (so mpirun ends none early): the result and the codes by rank.
    func mpirunRecordingExitCodes(_ ranks: Int, _ arguments: [String]) throws -> (result: ProcessResult, codes: [Int: Int32]) {
        let codes = temporaryFolder("exit-codes") + "/codes"
        let script = "\"$0\" \"$@\"; code=$?; echo \"$OMPI_COMM_WORLD_RANK $code\" >> '\(codes)'; "
            + "while [ \"$(wc -l < '\(codes)')\" -lt \(ranks) ]; do sleep 0.05; done; exit $code"
        let result = try Command.mpirun(["-n", "\(ranks)", "/bin/sh", "-c", script, QuenchBinary.path] + arguments)
        let text = (try? String(contentsOfFile: codes, encoding: .utf8)) ?? ""
        let pairs = text.split(separator: "\n").compactMap { line -> (Int, Int32)? in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let rank = Int(fields[0]), let code = Int32(fields[1]) else { return nil }
            return (rank, code)
        }
        return (result, Dictionary(pairs, uniquingKeysWith: { a, _ in a }))
    }

    func occurrences(_ text: String, _ part: String) -> Int { text.components(separatedBy: part).count - 1 }

    @Test("verify.json is the same bytes for a local verify on 1 and 2 threads and for mpirun -n 2 and -n 3, but for its run object; rank 0 alone prints")
    func sameBytesEverywhere() throws {
        let (folder, _) = try VerifiedScan.make("ranks", count: 40)
        let local = try Command.quench(["verify", folder, "--sample", "10", "--threads", "1"])
        #expect(local.status == 0, "\(local.stdout)\(local.stderr)")
        let expected = try withoutRun(folder)
        #expect(try run(folder)["ranks"] as? Int == 1 && run(folder)["threads_per_rank"] as? Int == 1)
        #expect((try VerifiedScan.json(folder)["sample"] as? [String: Any])?["compared"] as? Int == 10)

        let twoThreads = try Command.quench(["verify", folder, "--sample", "10", "--threads", "2"])
        #expect(twoThreads.status == 0, "\(twoThreads.stderr)")
        #expect(try withoutRun(folder) == expected, "2 threads differ")
        for ranks in [2, 3] {
            let result = try Command.mpirun(ranks, ["verify", folder, "--sample", "10"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(try withoutRun(folder) == expected, "mpirun -n \(ranks) differs")
            #expect(try run(folder)["ranks"] as? Int == ranks && run(folder)["threads_per_rank"] as? Int == 1)
            #expect(result.stdout.contains("\(ranks) rank(s) × 1 thread(s)"), "\(result.stdout)")
            #expect(occurrences(result.stdout, "passed: every judged observable") == 1, "\(result.stdout)")
            #expect(occurrences(result.stderr, "recomputing 10 of 40 points") == 1, "\(result.stderr)")
        }
    }

    @Test("under mpirun -n 2 every rank exits 8 when a p_stay of results.csv is off by 1e-3, and 2 when there is no results.csv; rank 0 alone speaks")
    func exitCodesOfEveryRank() throws {
        let (folder, _) = try VerifiedScan.make("ranks-corrupt", count: 40)
        try VerifiedScan.corrupt(folder, point: 39)   // the last point: in every sample
        let (exceeded, codes) = try mpirunRecordingExitCodes(2, ["verify", folder, "--sample", "10"])
        #expect(exceeded.status == 8, "\(exceeded.stdout)\(exceeded.stderr)")
        #expect(codes == [0: 8, 1: 8], "\(exceeded.stderr)")
        #expect(occurrences(exceeded.stdout, "exceeded: p_stay at point 39") == 1, "\(exceeded.stdout)")
        let json = try VerifiedScan.json(folder)
        #expect(json["exit_code"] as? Int == 8 && json["passed"] as? Bool == false)
        #expect(VerifiedScan.observable(json, "p_stay")?["point"] as? Int == 39)

        let empty = temporaryFolder("ranks-empty")
        let (refused, refusedCodes) = try mpirunRecordingExitCodes(2, ["verify", empty])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refusedCodes == [0: 2, 1: 2], "\(refused.stderr)")
        #expect(occurrences(refused.stderr, "no results.csv") == 1, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: empty + "/verify.json"))
    }

    @Test("ranks started with different --factor (one mpirun, two commands) are refused on every rank with exit 2 before any work")
    func ranksThatWouldDisagree() throws {
        let (folder, _) = try VerifiedScan.make("ranks-disagree")
        let result = try Command.mpirun(["-n", "1", QuenchBinary.path, "verify", folder, ":", "-n", "1", QuenchBinary.path, "verify", folder, "--factor", "10"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("the ranks would recompute differently"), "\(result.stderr)")
        #expect(!result.stderr.contains("recomputing") && !FileManager.default.fileExists(atPath: folder + "/verify.json"))
    }
}
