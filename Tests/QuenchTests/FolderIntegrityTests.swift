import Engine
import Foundation
import Testing

/// Nothing lost, nothing mixed up (issue 14), tried with the built binary as a user would: two
/// writers on one folder, kills, journals from another job or build, overwrites, odd output paths.
@Suite("output folder integrity, end to end")
struct FolderIntegrityTests {
    /// A fast scan (50 points, `auto`) in two variants of the same shape.
    static func job(T: Double, in folder: String, name: String = "integrity") throws -> String {
        let path = folder + "/\(name)-T\(Int(T)).toml"
        try "[scan]\nname = \"\(name)\"\nmodel = \"lz.two-level\"\n[axes]\nv = { logspace = [-1, 1], count = 50 }\n[fixed]\nT = \(T)\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func file(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Waits (without a time limit on the test's result) until `condition` holds or `process` ends.
    func wait(for process: Process, until condition: () -> Bool) {
        while process.isRunning && !condition() { usleep(20_000) }
    }

    /// A finished 50-point scan of `job(T:)` in a scratch folder: its job file and output folder.
    func finishedScan(_ name: String, T: Double = 5) throws -> (scratch: String, job: String, output: String) {
        let scratch = temporaryFolder(name)
        let job = try Self.job(T: T, in: scratch)
        let output = scratch + "/out"
        #expect(try Command.quench(["run", job, "--output", output, "--quiet"]).status == 0)
        return (scratch, job, output)
    }

    @Test("a second writer on a running scan's folder is refused (exit 2, naming the holder); status says running; a SIGKILLed run's lock is stale: status says killed at once, and --resume takes it over, removes temporary leftovers and finishes")
    func lockAndStaleLock() throws {
        let output = temporaryFolder("locked")
        let job = TestJobs.longLZ
        let (process, _, _) = try Command.start(QuenchBinary.path, ["run", job, "--threads", "1", "--output", output, "--quiet"])
        wait(for: process) { journalledRecords(output) >= 20 }
        #expect(process.isRunning, "the scan finished before the second writer could try")
        let holder = FolderLock.read(output + "/quench.lock")
        #expect(holder?.pid == process.processIdentifier)

        let second = try Command.quench(["run", job, "--output", output, "--resume", "--quiet"])
        #expect(second.status == 2 && second.stderr.contains("in use by another quench") && second.stderr.contains("pid \(process.processIdentifier)"),
                "\(second.status): \(second.stderr)")
        let overwrite = try Command.quench(["run", job, "--output", output, "--overwrite", "--quiet"])
        #expect(overwrite.status == 2 && overwrite.stderr.contains("in use"), "\(overwrite.stderr)")
        #expect(try Command.quench(["report", output]).status == 2)
        let running = try Command.quench(["status", output])
        #expect(running.stdout.contains("running: pid \(process.processIdentifier)"), "\(running.stdout)")

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killed = try Command.quench(["status", output])
        #expect(killed.stdout.contains("stopped: killed") && !killed.stdout.contains("running"), "\(killed.stdout)")

        // Temporary files a kill during an atomic write leaves behind.
        try Data("half".utf8).write(to: URL(fileURLWithPath: output + "/results.csv.tmp-999999"))
        try Data("half".utf8).write(to: URL(fileURLWithPath: output + "/journal/scan.json.tmp-999998"))
        let resumed = try Command.quench(["run", job, "--output", output, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("took over the lock of pid \(process.processIdentifier)"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("removed 2 temporary file(s)"), "\(resumed.stderr)")
        #expect(!exists(output + "/results.csv.tmp-999999") && !exists(output + "/journal/scan.json.tmp-999998"))
        #expect(!exists(output + "/quench.lock"), "the lock is released at the end")
        #expect(try Command.quench(["status", output]).stdout.contains("finished"))
    }

    @Test("a lock held by a zombie (a killed holder whose parent was killed too, never reaped) is stale")
    func zombieHolder() throws {
        let (_, job, output) = try finishedScan("zombie")
        // sh starts a child that exits at once, then becomes `sleep`, which never reaps it.
        let (parent, _, _) = try Command.start("/bin/sh", ["-c", "true & exec sleep 30"])
        defer { kill(parent.processIdentifier, SIGKILL); parent.waitUntilExit() }
        var zombie: Int32?
        while zombie == nil && parent.isRunning {
            let children = (try? String(contentsOfFile: "/proc/\(parent.processIdentifier)/task/\(parent.processIdentifier)/children", encoding: .utf8)) ?? ""
            zombie = children.split(separator: " ").compactMap { Int32($0) }.first { pid in
                (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)).map { $0.split(separator: ")").last?.hasPrefix(" Z") == true } ?? false
            }
            usleep(10_000)
        }
        guard let zombie else { Issue.record("no zombie appeared"); return }
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let lock = #"{"pid": \#(zombie), "host": "\#(String(cString: host))", "started": "2026-12-02T00:00:00Z", "command": "run"}"#
        try lock.write(toFile: output + "/quench.lock", atomically: true, encoding: .utf8)
        let resumed = try Command.quench(["run", job, "--output", output, "--resume", "--quiet"])
        #expect(resumed.status == 0 && resumed.stderr.contains("took over the lock of pid \(zombie)"), "\(resumed.stderr)")
    }

    @Test("a lock of another host is respected while its heartbeat is fresh, stale 3 minutes after it stopped, and stale at once for the same batch job (a requeue)")
    func otherHostLock() throws {
        let (_, job, output) = try finishedScan("other-host")
        let lock = output + "/quench.lock"
        let holder = #"{"pid": 4242, "host": "node-17.cluster", "started": "2026-12-02T00:00:00Z", "command": "run", "batchJob": "777"}"#
        try holder.write(toFile: lock, atomically: true, encoding: .utf8)
        let fresh = try Command.quench(["run", job, "--output", output, "--resume", "--quiet"])
        #expect(fresh.status == 2 && fresh.stderr.contains("pid 4242 on node-17.cluster") && fresh.stderr.contains("cannot check a process on node-17.cluster"),
                "\(fresh.stderr)")
        #expect(try Command.quench(["status", output]).stdout.contains("running on another host"))

        let requeued = try Command.quench(["run", job, "--output", output, "--resume", "--quiet"], environment: ["SLURM_JOB_ID": "777"])
        #expect(requeued.status == 0 && requeued.stderr.contains("took over the lock of pid 4242 on node-17.cluster"), "\(requeued.stderr)")

        try holder.write(toFile: lock, atomically: true, encoding: .utf8)
        var times = [timeval(tv_sec: time(nil) - 200, tv_usec: 0), timeval(tv_sec: time(nil) - 200, tv_usec: 0)]
        #expect(utimes(lock, &times) == 0)
        let silent = try Command.quench(["run", job, "--output", output, "--resume", "--quiet"])
        #expect(silent.status == 0 && silent.stderr.contains("took over the lock of pid 4242"), "\(silent.stderr)")
    }

    @Test("two --resume runs started together: one computes, the other is refused; the journal holds each point once")
    func concurrentResumes() throws {
        let scratch = temporaryFolder("twice")
        let job = TestJobs.longLZ  // long enough (seconds) that the two runs overlap
        let output = scratch + "/out"
        let first = try Command.start(QuenchBinary.path, ["run", job, "--output", output, "--quiet", "--threads", "1"])
        let second = try Command.start(QuenchBinary.path, ["run", job, "--output", output, "--resume", "--quiet", "--threads", "1"])
        first.0.waitUntilExit()
        second.0.waitUntilExit()
        let codes = [first.0.terminationStatus, second.0.terminationStatus].sorted()
        #expect(codes == [0, 2], "\(codes)")
        let indices = (String(data: file(output + "/journal/records.log") ?? Data(), encoding: .utf8) ?? "")
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ")[0] }
        #expect(indices.count == 1024 && Set(indices).count == 1024)
    }

    @Test("a journal copied from another job of the same shape is refused (file and count named); a line moved in from it is dropped and said so; a journal of another build is refused naming both builds")
    func journalsBoundToTheirJob() throws {
        let scratch = temporaryFolder("bound")
        let five = try Self.job(T: 5, in: scratch), nine = try Self.job(T: 9, in: scratch)
        let a = scratch + "/a", b = scratch + "/b"
        #expect(try Command.quench(["run", five, "--output", a, "--quiet"]).status == 0)
        #expect(try Command.quench(["run", nine, "--output", b, "--quiet"]).status == 0)
        let original = file(b + "/results.csv"), ownJournal = file(b + "/journal/records.log")!

        try file(a + "/journal/records.log")!.write(to: URL(fileURLWithPath: b + "/journal/records.log"))
        let foreign = try Command.quench(["run", nine, "--output", b, "--resume", "--quiet"])
        #expect(foreign.status == 2 && foreign.stderr.contains("records.log") && foreign.stderr.contains("50 record(s) belong to another job"),
                "\(foreign.status): \(foreign.stderr)")
        #expect(try Command.quench(["status", b]).stdout.contains("50 record(s) in journal/ belong to another job"))
        #expect(file(b + "/results.csv") == original)

        // One line of the other job moved into the middle of this job's journal, replacing this job's line for point 7.
        var lines = String(decoding: ownJournal, as: UTF8.self).split(separator: "\n").map(String.init)
        let stranger = String(decoding: file(a + "/journal/records.log")!, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("7 ") }!
        let at = lines.firstIndex { $0.hasPrefix("7 ") }!
        lines[at] = String(stranger)
        try (lines.joined(separator: "\n") + "\n").write(toFile: b + "/journal/records.log", atomically: true, encoding: .utf8)
        let repaired = try Command.quench(["run", nine, "--output", b, "--resume", "--quiet"])
        #expect(repaired.status == 0 && repaired.stderr.contains("dropped 1 damaged line(s) (line \(at + 1))"), "\(repaired.stderr)")
        #expect(repaired.stdout.contains("1 computed, 49 from the journal"), "\(repaired.stdout)")
        #expect(file(b + "/results.csv") == original, "the dropped point is computed again, to the same bits")

        // Binary garbage appended to the journal: status still counts the 50 valid points.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: b + "/journal/records.log"))
        handle.seekToEndOfFile(); handle.write(Data([0xff, 0x00, 0xfe, 0x0a, 0xc3, 0x28, 0x0a])); try handle.close()
        let garbled = try Command.quench(["status", b])
        #expect(garbled.stdout.contains("done 50 (0 failed), remaining 0"), "\(garbled.stdout)")

        // The same job's journal written by another build flavour.
        let build = (try readManifest(b)["quench"] as! [String: Any])["build"] as! String
        let other = build == "portable" ? "cpu=znver4,fma" : "portable"
        let scan = String(decoding: file(b + "/journal/scan.json")!, as: UTF8.self)
        try scan.replacingOccurrences(of: "\"build\" : \"\(build)\"", with: "\"build\" : \"\(other)\"")
            .write(toFile: b + "/journal/scan.json", atomically: true, encoding: .utf8)
        let otherBuild = try Command.quench(["run", nine, "--output", b, "--resume", "--quiet"])
        #expect(otherBuild.status == 2 && otherBuild.stderr.contains("built as \(other)") && otherBuild.stderr.contains("built as \(build)"),
                "\(otherBuild.stderr)")
    }

    @Test("--overwrite removes everything quench wrote (series.csv, plots, report, verify.json, journal) and nothing else; files with quench's names but no journal are never replaced without it")
    func overwriteAndForeignFiles() throws {
        let scratch = temporaryFolder("overwrite")
        let five = try Self.job(T: 5, in: scratch), nine = try Self.job(T: 9, in: scratch)
        let output = scratch + "/out"
        #expect(try Command.quench(["run", five, "--output", output, "--quiet"]).status == 0)
        try FileManager.default.createDirectory(atPath: output + "/plots", withIntermediateDirectories: true)
        for name in ["series.csv", "plots/p_stay-vs-v.svg", "report.html", "verify.json", "notes.txt"] {
            try Data("earlier".utf8).write(to: URL(fileURLWithPath: output + "/" + name))
        }
        #expect(try Command.quench(["run", nine, "--output", output, "--overwrite", "--quiet"]).status == 0)
        #expect(!exists(output + "/series.csv") && !exists(output + "/plots") && !exists(output + "/report.html") && !exists(output + "/verify.json"))
        #expect(file(output + "/notes.txt") == Data("earlier".utf8), "a file quench did not write stays")
        #expect(try readManifest(output)["runs"].map { ($0 as! [Any]).count } == 1, "an overwritten scan's run history goes with it")

        for name in ["manifest.json", "results.h5", "journal/records.log", "series.csv"] {
            let folder = temporaryFolder("foreign")
            if name.hasPrefix("journal/") { try FileManager.default.createDirectory(atPath: folder + "/journal", withIntermediateDirectories: true) }
            try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
            let refused = try Command.quench(["run", five, "--output", folder, "--quiet"])
            let shown = name.hasPrefix("journal/") ? "journal/" : name
            #expect(refused.status == 2 && refused.stderr.contains("holds \(shown)") && refused.stderr.contains("--overwrite"), "\(name): \(refused.stderr)")
            #expect(file(folder + "/" + name) == Data("mine".utf8))
            #expect(!exists(folder + "/quench.lock") && !exists(folder + "/results.csv"))
        }
    }

    @Test("empty, root, '.', '..', too long and file outputs, and dot names, are refused; nothing is created")
    func badOutputs() throws {
        let scratch = temporaryFolder("paths")
        let job = try Self.job(T: 5, in: scratch)
        let long = scratch + "/" + Array(repeating: String(repeating: "x", count: 250), count: 20).joined(separator: "/")
        let component = scratch + "/" + String(repeating: "y", count: 300) + "/out"
        let aFile = scratch + "/a-file"
        try Data().write(to: URL(fileURLWithPath: aFile))
        for (output, words) in [("", "the path is empty"), ("/", "file system root"), (scratch + "/..", "parent folder itself"),
                                (".", "current or parent folder"), (long, "bytes long"), (component, "longer than 255 bytes"),
                                (aFile, "is a file, not a folder")] {
            let result = try Command.quench(["run", job, "--output", output, "--quiet"])
            #expect(result.status == 2 && result.stderr.contains(words), "\(output.prefix(60)): \(result.status) \(result.stderr)")
        }
        #expect(!exists(scratch + "/" + String(repeating: "x", count: 250)), "no empty folders left by a too-long path")
        #expect(!exists(scratch + "/" + String(repeating: "y", count: 300)))
        #expect(!exists("/results.csv") && !exists("/quench.lock") && !exists(QuenchBinary.repository + "/quench.lock"))

        // A scan whose estimated output (10⁵ points × 4 series × 10⁵ samples, terabytes) cannot fit.
        let huge = scratch + "/huge.toml"
        try "[scan]\nmodel = \"bcs.quantum\"\n[axes]\neta = { linspace = [0.5, 2], count = 100000 }\n[fixed]\nN = 10\nprotocol = \"product\"\n[record]\nseries = [\"S_ent\", \"S_ent_early\", \"S_ent_limit\", \"loschmidt_echo\"]\nsamples = 100000\n"
            .write(toFile: huge, atomically: true, encoding: .utf8)
        let full = try Command.quench(["run", huge, "--output", scratch + "/full/out", "--quiet"])
        #expect(full.status == 2 && full.stderr.contains("not enough disk space"), "\(full.stderr)")
        #expect(!exists(scratch + "/full"), "a run refused for space leaves no folder and no journal")

        for (line, words) in [("name = \"..\"", "not a valid scan name"), ("name = \".\"", "not a valid scan name"),
                              ("output = \".\"", "cannot be the output folder"), ("output = \"\"", "the path is empty"),
                              ("output = \"results/..\"", "parent folder itself")] {
            let path = scratch + "/dots.toml"
            try "[scan]\nmodel = \"lz.two-level\"\n\(line)\n[axes]\nv = [1, 2]\n".write(toFile: path, atomically: true, encoding: .utf8)
            let check = try Command.quench(["check", path])
            #expect(check.status == 1 && check.stderr.contains(words), "\(line): \(check.stderr)")
        }
    }

    @Test("status: a folder that does not exist, one that holds no scan, and a submitted scan not started yet")
    func statusMessages() throws {
        let missing = try Command.quench(["status", "/nonexistent/scan"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/scan does not exist"), "\(missing.stderr)")
        let empty = temporaryFolder("empty")
        #expect(try Command.quench(["status", empty]).stderr.contains("holds no scan"))
        try FileManager.default.createDirectory(atPath: empty + "/submit", withIntermediateDirectories: true)
        try #"{"submissions": [{"time": "2026-12-02T12:00:00Z", "scheduler": "slurm", "shape": "single", "resubmission": 0, "jobs": [{"role": "mpi", "id": "4242", "script": "x.sh"}]}]}"#
            .write(toFile: empty + "/submit/submissions.json", atomically: true, encoding: .utf8)
        let queued = try Command.quench(["status", empty])
        #expect(queued.status == 0 && queued.stdout.contains("submitted as job(s) 4242") && queued.stdout.contains("no run has started yet"),
                "\(queued.stdout) \(queued.stderr)")
    }

    @Test("the manifest keeps every run: a resume of a finished scan and a merge append to runs, and run says how this one ran")
    func runHistory() throws {
        let scratch = temporaryFolder("history")
        let job = try Self.job(T: 5, in: scratch)
        let output = scratch + "/out"
        #expect(try Command.quench(["run", job, "--output", output, "--quiet", "--threads", "2"]).status == 0)
        let first = try readManifest(output)["run"] as! [String: Any]
        #expect(try Command.quench(["run", job, "--output", output, "--resume", "--quiet", "--threads", "1"]).status == 0)
        #expect(try Command.quench(["merge", job, "--output", output]).status == 0)
        let runs = try readManifest(output)["runs"] as! [[String: Any]]
        #expect(runs.count == 3)
        #expect(runs[0]["wall_seconds"] as? Double == first["wall_seconds"] as? Double && runs[0]["threads_per_rank"] as? Int == 2)
        #expect(runs[1]["points_computed"] as? Int == 0 && runs[1]["threads_per_rank"] as? Int == 1 && runs[2]["schedule"] as? String == "merge")
        #expect(runs.allSatisfy { ($0["build"] as? String)?.isEmpty == false })
    }

    @Test("under mpirun -n 2 a missing job file always exits 1, and a refused run always 2 (every rank ends with rank 0's code)")
    func exitCodesUnderMPI() throws {
        for _ in 0..<4 {
            let missing = try Command.mpirun(2, ["run", "/nonexistent/job.toml", "--quiet"])
            #expect(missing.status == 1, "\(missing.status): \(missing.stderr)")
        }
        let (_, job, output) = try finishedScan("mpi-codes")
        for _ in 0..<3 {
            let refused = try Command.mpirun(2, ["run", job, "--output", output, "--quiet"])
            #expect(refused.status == 2, "\(refused.status): \(refused.stderr)")
        }
    }
}
