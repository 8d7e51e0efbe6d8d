import Models
import Foundation
import TestSupport
import Testing

/// The shipped LZ job's accuracy, and the tests' long LZ scan (rk4, seconds) run by the built binary:
/// the same bytes whatever the run, killed, interrupted or resumed.
@Suite("lz-two-level scan, end to end", .serialized)
struct ScanEndToEndTests {
    static let job = TestJobs.longLZ

    func runLocal(threads: Int, output: String, extra: [String] = []) throws -> ProcessResult {
        let result = try Command.quench(["run", Self.job, "--threads", "\(threads)", "--output", output, "--quiet"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return result
    }

    func csv(_ folder: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: folder + "/results.csv")) }

    @Test("jobs/lz-two-level.toml: p_stay matches an independent integration at the same T to its tolerance 1e-9, and P_LZ within the finite-T bound")
    func accuracy() throws {
        let output = temporaryFolder("accuracy")
        let result = try Command.quench(["run", "jobs/lz-two-level.toml", "--threads", "2", "--output", output, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try readResults(output)
        #expect(rows.count == 1024)
        var worstReference = 0.0, worstWindow = 0.0
        for row in rows {
            let v = Double(row["v"]!)!, delta = Double(row["delta"]!)!, T = Double(row["T"]!)!
            let pStay = Double(row["p_stay"]!)!, pLZ = Double(row["p_lz"]!)!
            #expect(row["status"] == "ok")
            #expect(Double(row["norm_error"]!)! <= 2e-9)
            let reference = IndependentTwoLevelReference.converged(rate: v, gap: delta, halfWindow: T)
            #expect(reference.errorEstimate < 1e-10)
            worstReference = max(worstReference, abs(pStay - reference.value))
            // Finite window: |p_stay − P_LZ| ≤ 2√(P(1−P))·ε(1+ε) + ε², ε = Δ/(vT) (README).
            let eps = delta / (v * T)
            let bound = 2 * (pLZ * (1 - pLZ)).squareRoot() * eps * (1 + eps) + eps * eps
            worstWindow = max(worstWindow, abs(pStay - pLZ) / bound)
        }
        #expect(worstReference <= 1e-9, "max |p_stay − reference| = \(worstReference)")
        #expect(worstWindow <= 1, "max |p_stay − P_LZ| / bound = \(worstWindow)")
        print("lz-two-level: max |p_stay − reference| = \(worstReference), max window-error/bound = \(worstWindow)")
        let manifest = try readManifest(output)
        let run = manifest["run"] as! [String: Any]
        #expect(run["threads_per_rank"] as? Int == 2)
        #expect((manifest["job"] as! [String: Any])["model"] as? String == "lz.two-level")
    }

    @Test("results.csv is byte-identical for threads 1 and 2 and for mpirun -n 1, 2, 3")
    func sameBytesEverywhere() throws {
        let reference = temporaryFolder("t1")
        _ = try runLocal(threads: 1, output: reference)
        let expected = try csv(reference)
        let twoThreads = temporaryFolder("t2")
        _ = try runLocal(threads: 2, output: twoThreads)
        #expect(try csv(twoThreads) == expected)
        for ranks in 1...3 {
            let output = temporaryFolder("np\(ranks)")
            let result = try Command.mpirun(ranks, ["run", Self.job, "--output", output, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\(ranks) rank(s)"))
            #expect(try csv(output) == expected, "mpirun -n \(ranks) differs")
            let perRank = try readManifest(output)["ranks"] as! [[String: Any]]
            #expect(perRank.count == ranks)
            #expect(perRank.reduce(0) { $0 + ($1["points"] as! Int) } == 1024)
        }
    }

    @Test("the static and even schedules give the same bytes as dynamic under mpirun -n 2 and 3")
    func schedules() throws {
        let reference = temporaryFolder("schedule-reference")
        _ = try runLocal(threads: 1, output: reference)
        for (schedule, ranks) in [("static", 2), ("static", 3), ("even", 3)] {
            let output = temporaryFolder("schedule-\(schedule)-\(ranks)")
            let result = try Command.mpirun(ranks, ["run", Self.job, "--output", output, "--quiet", "--schedule", schedule])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\(schedule) schedule"))
            #expect(try csv(output) == csv(reference), "\(schedule) at \(ranks) ranks differs")
            #expect((try readManifest(output)["run"] as! [String: Any])["schedule"] as? String == schedule)
        }
    }

    /// Waits while `process` runs until the journal in `output` holds `atLeast` records; returns how many it holds.
    func waitForJournal(_ process: Process, output: String, atLeast: Int) -> Int {
        var lines = 0
        while process.isRunning {
            lines = journalledRecords(output)
            if lines >= atLeast { break }
            usleep(20_000)
        }
        return lines
    }

    /// Starts a run, SIGKILLs it once the journal holds `atLeast` records, and returns how many it held.
    func killMidway(output: String, atLeast: Int, launcher: (() throws -> (Process, URL, URL))) throws -> Int {
        let (process, _, _) = try launcher()
        let lines = waitForJournal(process, output: output, atLeast: atLeast)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
        return lines
    }

    @Test("a run killed with SIGKILL half way resumes without recomputing and ends byte-identical")
    func killAndResume() throws {
        let reference = temporaryFolder("clean")
        _ = try runLocal(threads: 2, output: reference)
        let expected = try csv(reference)

        let output = temporaryFolder("killed")
        let journalled = try killMidway(output: output, atLeast: 400) {
            try Command.start(QuenchBinary.path, ["run", Self.job, "--threads", "1", "--output", output, "--quiet"])
        }
        #expect(journalled >= 400 && journalled < 1024)
        #expect(!FileManager.default.fileExists(atPath: output + "/results.csv"))

        let refused = try Command.quench(["run", Self.job, "--output", output, "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--resume"))

        let resumed = try runLocal(threads: 2, output: output, extra: ["--resume"])
        let fromJournal = Int(resumed.stdout.split(separator: "(")[1].split(separator: " ")[0]).map { 1024 - $0 } ?? -1
        #expect(fromJournal >= journalled, "\(resumed.stdout)")
        #expect(try csv(output) == expected)
    }

    @Test("a journal from a killed local run is finished under mpirun -n 2, byte-identical")
    func resumeUnderMPI() throws {
        let reference = temporaryFolder("clean-mpi")
        _ = try runLocal(threads: 2, output: reference)
        let output = temporaryFolder("killed-mpi")
        _ = try killMidway(output: output, atLeast: 300) {
            try Command.start(QuenchBinary.path, ["run", Self.job, "--threads", "2", "--output", output, "--quiet"])
        }
        let resumed = try Command.mpirun(2, ["run", Self.job, "--output", output, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try csv(output) == csv(reference))
    }

    /// Processes whose command line is quench with `--output output` (the ranks of a run).
    func quenchRanks(output: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.first.map { $0.hasSuffix("/quench") } == true && arguments.contains(output)
        }
    }

    /// Starts a run, sends `signal` to its quench processes (every rank, as a scheduler's scancel
    /// does) once the journal holds `atLeast` records, and returns the launched process's result.
    func interrupt(_ launch: () throws -> (Process, URL, URL), output: String, atLeast: Int, signal: Int32) throws -> ProcessResult {
        let (process, out, err) = try launch()
        _ = waitForJournal(process, output: output, atLeast: atLeast)
        for pid in quenchRanks(output: output) { kill(pid, signal) }
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @Test("SIGTERM and SIGINT: exit code 5, a message that says how to resume, and a resume that ends byte-identical",
          arguments: [SIGTERM, SIGINT])
    func interrupted(signal: Int32) throws {
        let reference = temporaryFolder("clean-signal")
        _ = try runLocal(threads: 2, output: reference)
        let output = temporaryFolder("signal")
        let result = try interrupt({ try Command.start(QuenchBinary.path, ["run", Self.job, "--threads", "1", "--output", output, "--quiet"]) },
                                   output: output, atLeast: 50, signal: signal)
        #expect(result.status == 5, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("interrupted by SIG") && result.stderr.contains("--resume"))
        let status = try Command.quench(["status", output])
        #expect(status.status == 0 && status.stdout.contains("remaining"))
        _ = try runLocal(threads: 2, output: output, extra: ["--resume"])
        #expect(try csv(output) == csv(reference))
        #expect(try Command.quench(["status", output]).stdout.contains("finished: results.csv written"))
    }

    @Test("SIGTERM to the ranks of mpirun -n 2 (as scancel sends it), dynamic and static: the points in flight finish, exit 5, a message counting exactly what the journal holds; --resume under MPI ends byte-identical",
          arguments: ["dynamic", "static"])
    func interruptedUnderMPI(schedule: String) throws {
        let reference = temporaryFolder("clean-signal-mpi")
        _ = try runLocal(threads: 2, output: reference)
        let output = temporaryFolder("signal-mpi")
        let result = try interrupt({ try Command.start("/usr/bin/mpirun", ["-n", "2", QuenchBinary.path, "run", Self.job, "--output", output,
                                                                           "--quiet", "--schedule", schedule]) },
                                   output: output, atLeast: 50, signal: SIGTERM)
        #expect(result.status == 5, "\(result.status): \(result.stderr)")
        let journalled = journalledRecords(output)
        #expect(result.stderr.contains("interrupted by SIGTERM: \(journalled) of 1024 points are safe"), "journal holds \(journalled): \(result.stderr)")
        let resumed = try Command.mpirun(2, ["run", Self.job, "--output", output, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try csv(output) == csv(reference))
    }

    @Test("a second signal, or points in flight past the grace time, end the run at once: exit 5, and the message still counts exactly what the journal holds")
    func forcedStop() throws {
        let output = temporaryFolder("signal-forced")
        let (process, _, err) = try Command.start(QuenchBinary.path, ["run", Self.job, "--threads", "1", "--output", output, "--quiet"],
                                                  environment: ["QUENCH_SIGNAL_GRACE_SECONDS": "60"])
        _ = waitForJournal(process, output: output, atLeast: 50)
        kill(process.processIdentifier, SIGINT)
        usleep(5_000)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        let journalled = journalledRecords(output)
        #expect(process.terminationStatus == 5, "\(stderr)")
        #expect(stderr.contains("interrupted by SIGINT: \(journalled) of 1024 points are safe"), "journal holds \(journalled): \(stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/quench.lock"), "the forced stop releases the lock")
    }

    /// The MPI rank of a process, from its environment (nil for mpirun itself).
    func mpiRank(_ pid: Int32) -> Int? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return nil }
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            if text.hasPrefix("OMPI_COMM_WORLD_RANK=") { return Int(text.dropFirst("OMPI_COMM_WORLD_RANK=".count)) }
        }
        return nil
    }

    /// Kill trials: `QUENCH_STRESS_TRIALS` (default 3; use 20 or more on demand). Each starts the scan
    /// under mpirun -n 2, waits a seeded random time, then SIGKILLs a worker rank, rank 0, or every
    /// process of the job (mpirun and the ranks, as a node failure would), resumes under mpirun -n 2,
    /// and compares results.csv with a clean run.
    @Test("kill -9 of a worker rank, of rank 0 or of the whole job at random moments, then --resume: always byte-identical")
    func killStress() throws {
        let trials = Int(ProcessInfo.processInfo.environment["QUENCH_STRESS_TRIALS"] ?? "") ?? 3
        let reference = temporaryFolder("stress-reference")
        _ = try runLocal(threads: 2, output: reference)
        let expected = try csv(reference)
        var rng = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &rng)
        var generator = SplitMix64(seed: seed)
        for trial in 0..<trials {
            let output = temporaryFolder("stress-\(trial)")
            let (process, _, _) = try Command.start("/usr/bin/mpirun", ["-n", "2", QuenchBinary.path, "run", Self.job, "--output", output, "--quiet"])
            let delay = Double(generator.next() % 1500) / 1000 + 0.3
            let target = Int(generator.next() % 3)   // 0: worker rank, 1: rank 0, 2: the whole job
            let deadline = Date().addingTimeInterval(delay)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            let ranks = quenchRanks(output: output)
            switch target {
            case 0: for pid in ranks where mpiRank(pid) == 1 { kill(pid, SIGKILL) }
            case 1: for pid in ranks where mpiRank(pid) == 0 { kill(pid, SIGKILL) }
            default:
                kill(process.processIdentifier, SIGKILL)
                for pid in ranks { kill(pid, SIGKILL) }
            }
            process.waitUntilExit()
            // Make sure no rank of the killed job survives to write into the journal.
            let survivorsDeadline = Date().addingTimeInterval(10)
            while !quenchRanks(output: output).isEmpty && Date() < survivorsDeadline { usleep(20_000) }
            for pid in quenchRanks(output: output) { kill(pid, SIGKILL) }
            let resumed = try Command.mpirun(2, ["run", Self.job, "--output", output, "--resume", "--quiet"])
            #expect(resumed.status == 0, "trial \(trial) (seed \(seed), target \(target), delay \(delay)): \(resumed.stderr)")
            #expect(try csv(output) == expected, "trial \(trial) (seed \(seed), target \(target), delay \(delay)) differs")
        }
    }
}
