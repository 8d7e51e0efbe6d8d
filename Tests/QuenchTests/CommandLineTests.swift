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
        #expect(result.stderr.contains("--threads must be at least 1"))
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
        var rng = SplitMix64(state: 7)
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
