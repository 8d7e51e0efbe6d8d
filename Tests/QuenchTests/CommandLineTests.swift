import Models
import Engine
import Foundation
import TestSupport
import Testing

@Suite("command line")
struct CommandLineTests {
    func write(_ text: String, name: String = "job.toml") throws -> String {
        let path = temporaryFolder("job") + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("malformed job files: quench check and quench run print file:line, key and reason, and exit 1",
          arguments: MalformedJobs.all)
    func malformed(_ bad: MalformedJob) throws {
        let path = try write(bad.text)
        let check = try Command.quench(["check", path])
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("error: \(path)" + (bad.line.map { ":\($0)" } ?? "")), "\(check.stderr)")
        for words in bad.mustMention { #expect(check.stderr.contains(words), "'\(words)' missing: \(check.stderr)") }
        let output = temporaryFolder("never")
        let run = try Command.quench(["run", path, "--output", output + "/out"])
        #expect(run.status == 1)
        #expect(!FileManager.default.fileExists(atPath: output + "/out"), "a bad job must not create its output")
    }

    @Test("a missing job file is an error, not a crash")
    func missingFile() throws {
        let result = try Command.quench(["check", "/nonexistent/job.toml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/job.toml: no such file"))
    }

    @Test("bad command-line values are usage errors")
    func badOptions() throws {
        let result = try Command.quench(["run", "jobs/lz-two-level.toml", "--threads", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--threads must be between 1 and 1024"))
        let many = try Command.quench(["run", "jobs/lz-two-level.toml", "--threads", "100000"])
        #expect(many.status == 64 && many.stderr.contains("--threads must be between 1 and 1024, got 100000"), "\(many.stderr)")
        for seconds in ["nan", "-1", "inf", "0"] {
            let plan = try Command.quench(["plan", "jobs/lz-two-level.toml", "--calibration-seconds=\(seconds)"])
            #expect(plan.status == 64 && plan.stderr.contains("--calibration-seconds must be a number of seconds"), "\(seconds): \(plan.stderr)")
        }
        let folder = temporaryFolder("job-as-folder")
        let asFolder = try Command.quench(["check", folder])
        #expect(asFolder.status == 1 && asFolder.stderr.contains("is a folder, not a job file"), "\(asFolder.stderr)")
        let binary = folder + "/binary.toml"
        try Data([0xff, 0xfe, 0x00, 0x41]).write(to: URL(fileURLWithPath: binary))
        let notText = try Command.quench(["check", binary])
        #expect(notText.status == 1 && notText.stderr.contains("is not UTF-8 text"), "\(notText.stderr)")
    }

    @Test("quench models lists parameters with defaults, ranges and units, and observables")
    func models() throws {
        let result = try Command.quench(["models"])
        #expect(result.status == 0)
        for words in ["lz.two-level", "v ", "default 1.0", "0.0 < v", "energy/time", "p_stay", "p_lz", "methods: auto, magnus4, rk4"] {
            #expect(result.stdout.contains(words), "'\(words)' missing")
        }
    }

    @Test("quench check and quench plan describe the shipped job")
    func checkAndPlan() throws {
        let check = try Command.quench(["check", "jobs/lz-two-level.toml"])
        #expect(check.status == 0)
        #expect(check.stdout.contains("1024 points"))
        let plan = try Command.quench(["plan", "jobs/lz-two-level.toml", "--calibration-seconds", "0.05"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("1024 points") && plan.stdout.contains("estimated:") && plan.stdout.contains("on one core"))
    }

    @Test("resuming with a changed job is refused and says what changed")
    func changedJobRefused() throws {
        let base = "[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2, 3]\n[fixed]\nT = 10\n"
        let path = try write(base)
        let output = temporaryFolder("changed")
        #expect(try Command.quench(["run", path, "--output", output, "--quiet"]).status == 0)
        let changed = try write(base.replacingOccurrences(of: "T = 10", with: "T = 12"))
        let result = try Command.quench(["run", changed, "--output", output, "--resume"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("fixed T = 10.0 → fixed T = 12.0"), "\(result.stderr)")
        let again = try Command.quench(["run", path, "--output", output, "--resume", "--quiet"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("3 from the journal"))
    }

    @Test("a launcher that starts N singletons is detected before any work")
    func singletons() throws {
        let output = temporaryFolder("singleton")
        let result = try Command.quench(["run", "jobs/lz-two-level.toml", "--output", output + "/out"],
                                        environment: ["SLURM_PROCID": "0", "SLURM_STEP_NUM_TASKS": "4"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("started 4 processes but MPI sees a world of 1"))
        #expect(!FileManager.default.fileExists(atPath: output + "/out"))
    }

    @Test("an unwritable output folder is refused before any work")
    func unwritable() throws {
        let result = try Command.quench(["run", "jobs/lz-two-level.toml", "--output", "/proc/quench-cannot-write"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot use output folder"))
    }
}

@Suite("command line fuzzing")
struct CommandLineFuzzTests {
    @Test("60 mutated shipped jobs through quench check: exit 0, or exit 1 with an error line; never a crash or a hang (10 s)")
    func mutatedJobs() throws {
        let folder = URL(fileURLWithPath: QuenchBinary.repository).appendingPathComponent("jobs")
        let jobs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }.sorted()
        var rng = SplitMix64(seed: 7)
        let scratch = temporaryFolder("fuzz")
        for round in 0..<60 {
            let text = try String(contentsOf: folder.appendingPathComponent(jobs[round % jobs.count]), encoding: .utf8)
            let path = scratch + "/mutant-\(round).toml"
            try JobMutator.mutate(text, &rng).write(toFile: path, atomically: true, encoding: .utf8)
            let (process, out, err) = try Command.start(QuenchBinary.path, ["check", path])
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(5_000) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            #expect(process.terminationReason == .exit, "round \(round): killed by a signal (crash or hang)")
            #expect(process.terminationStatus == 0 || (process.terminationStatus == 1 && stderr.hasPrefix("error: \(path)")),
                    "round \(round): exit \(process.terminationStatus), \(stderr) \((try? String(contentsOf: out, encoding: .utf8)) ?? "")")
        }
    }
}

@Suite("failed points")
struct FailedPointTests {
    func write(_ text: String, _ name: String, in folder: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rows(_ folder: String) throws -> [Substring] {
        try String(contentsOfFile: folder + "/results.csv", encoding: .utf8).split(separator: "\n")
    }

    @Test("a failed point is a row with status failed; status lists it; --retry-failed recomputes only it, with other integrator settings")
    func retryFailed() throws {
        let scratch = temporaryFolder("retry")
        let base = "[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [0.5, 1.0, 2.0, 4.0]\n[fixed]\nT = 10.0\n[integrator]\nmethod = \"rk4\"\ntolerance = "
        let first = try write(base + "1e-9\n", "first.toml", in: scratch)
        let tighter = try write(base + "1e-10\n", "tighter.toml", in: scratch)
        let output = scratch + "/out", fresh = scratch + "/fresh"
        #expect(try Command.quench(["run", first, "--output", output, "--quiet"]).status == 0)
        let original = try rows(output)
        #expect(try Command.quench(["run", tighter, "--output", fresh, "--quiet"]).status == 0)

        // Point 2 fails (as a diverging point would): its failure is journalled after its first result.
        let journal = Journal(folder: output + "/journal")
        _ = try journal.resume(observableCount: 4)
        try journal.append([Record(index: 2, outcome: .failed(reason: "injected divergence"), rank: 0)])
        let status = try Command.quench(["status", output])
        #expect(status.stdout.contains("done 4 (1 failed)") && status.stdout.contains("failed point 2: injected divergence"), "\(status.stdout)")
        #expect(try Command.quench(["run", first, "--output", output, "--resume", "--quiet"]).status == 0)
        #expect(try rows(output)[3].hasSuffix(",nan,nan,nan,nan,failed"))
        #expect((try readManifest(output)["results"] as! [String: Any])["failed"] as? Int == 1)

        let changedWindow = try write(base.replacingOccurrences(of: "T = 10.0", with: "T = 12.0") + "1e-10\n", "window.toml", in: scratch)
        let refused = try Command.quench(["run", changedWindow, "--output", output, "--retry-failed"])
        #expect(refused.status == 2 && refused.stderr.contains("only the [integrator] settings may change"), "\(refused.stderr)")

        let retried = try Command.quench(["run", tighter, "--output", output, "--retry-failed", "--quiet"])
        #expect(retried.status == 0 && retried.stdout.contains("1 computed, 1 of them failed before"), "\(retried.stdout)")
        let after = try rows(output), reference = try rows(fresh)
        #expect(after[3] == reference[3], "the retried point has the new settings' result")
        #expect(after[1] == original[1] && after[2] == original[2] && after[4] == original[4], "the other points are untouched")
        #expect((try readManifest(output)["run"] as! [String: Any])["retried_failed"] as? Int == 1)
        #expect(try Command.quench(["run", tighter, "--output", output, "--resume", "--quiet"]).status == 0, "the journal now belongs to the new settings")
    }

    @Test("a point the model cannot compute is a failed row with its reason; the scan goes on and exits 0")
    func modelFailure() throws {
        let scratch = temporaryFolder("model-failure")
        // ν = 10⁵ at t₀ = 1 gives G = 10⁻⁵, below the critical coupling of four levels: a point that only
        // fails when it runs (the gap equation decides), unlike the rules `check` refuses up front.
        let job = try write("[scan]\nmodel = \"bcs.classical\"\n[axes]\nnu = [1.0, 100000.0]\n[fixed]\nN = 4\nt0 = 1.0\nT = 10.0\n",
                            "subcritical.toml", in: scratch)
        let result = try Command.quench(["run", job, "--output", scratch + "/out", "--quiet"])
        #expect(result.status == 0 && result.stdout.contains("1 failed"), "\(result.stdout)\(result.stderr)")
        let lines = try rows(scratch + "/out")
        #expect(lines[1].hasSuffix(",ok") && lines[2].hasSuffix(",failed"))
        #expect(try Command.quench(["status", scratch + "/out"]).stdout.contains("failed point 1: no mean-field ground state with Δ > 0 at t0 = 1.0"))
    }
}

@Suite("threads")
struct ThreadTests {
    @Test("without a launcher the default thread count is the CPUs in the affinity mask (taskset -c 0 gives 1)")
    func affinity() throws {
        let output = temporaryFolder("affinity")
        let result = try Command.run("/usr/bin/taskset", ["-c", "0", QuenchBinary.path, "run", "jobs/lz-two-level.toml", "--output", output, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((try readManifest(output)["run"] as! [String: Any])["threads_per_rank"] as? Int == 1)
    }

    @Test("progress goes to a log file as plain periodic lines with points, rate and time left")
    func progressInLogs() throws {
        let output = temporaryFolder("progress")
        let result = try Command.quench(["run", TestJobs.longLZ, "--threads", "1", "--output", output],
                                        environment: ["QUENCH_PROGRESS_SECONDS": "0.3"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("quench: ") && $0.contains("/1024 points") && $0.contains("left") }
        #expect(lines.count >= 2, "\(result.stderr)")
    }
}
