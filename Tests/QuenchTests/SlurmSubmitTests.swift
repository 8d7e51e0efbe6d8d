import Engine
import Foundation
import Testing

/// The one-machine Slurm of `scripts/slurm-test-cluster.sh`. QUENCH_SLURM_TESTS=1: start it (installing
/// the packages if needed) and fail the tests if that fails — what CI does; QUENCH_SLURM_TESTS=0: skip;
/// unset: run the tests only if the test cluster is already up (`scripts/slurm-test-cluster.sh status`).
enum SlurmCluster {
    static let mode = ProcessInfo.processInfo.environment["QUENCH_SLURM_TESTS"]
    static let helper = QuenchBinary.repository + "/scripts/slurm-test-cluster.sh"

    /// The helper's result: `start` when required, else `status`.
    static let check: ProcessResult = {
        (try? Command.run("/bin/bash", [helper, mode == "1" ? "start" : "status"]))
            ?? ProcessResult(status: -1, stdout: "", stderr: "cannot run \(helper)")
    }()

    static var shouldRun: Bool { mode == "1" || (mode != "0" && check.status == 0) }

    /// Fails the test unless the cluster is up.
    static func require() throws {
        try #require(check.status == 0, "the test Slurm did not start (\(helper)): \(check.stdout)\(check.stderr)")
    }

    /// Job ids in the queue (array tasks and steps reduced to their job id); nil when squeue fails
    /// (a busy slurmctld times out), which must not read as an empty queue.
    static func queued() -> Set<String>? {
        guard let result = try? Command.run("/usr/bin/squeue", ["-h", "-o", "%i"]), result.status == 0 else { return nil }
        return Set(result.stdout.split(separator: "\n").map { String($0.prefix { $0 != "_" }) })
    }

    /// Waits until no job recorded in the scan's submissions.json is queued or running (resubmissions
    /// are recorded before the job that made them ends), seen twice in a row. A generous guard
    /// against hanging forever.
    static func waitForScan(_ output: String, guardSeconds: Double = 1800) {
        let deadline = Date().addingTimeInterval(guardSeconds)
        var quietPolls = 0
        while Date() < deadline {
            let ids = SubmissionLog.read(output: output).flatMap { $0.jobs.map { String($0.id.prefix { $0.isNumber }) } }
            if let queue = queued(), !ids.isEmpty, !ids.contains(where: queue.contains) {
                quietPolls += 1
                if quietPolls == 2 { return }
            } else {
                quietPolls = 0
            }
            usleep(500_000)
        }
        Issue.record("the jobs of \(output) were still queued after \(Int(guardSeconds)) s: \(queued() ?? [])")
    }

    /// The exit code of a finished job from `scontrol show job` (kept for MinJobAge seconds).
    static func exitCode(_ id: String) -> String? {
        let text = (try? Command.run("/usr/bin/scontrol", ["show", "job", id]))?.stdout ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("ExitCode=") }.map { String($0.dropFirst(9)) }
    }
}

/// `quench submit` on a real one-machine Slurm: results byte-identical to a local `quench run`.
@Suite("quench submit on a real Slurm", .serialized, .enabled(if: SlurmCluster.shouldRun))
struct SlurmSubmitTests {
    static let shipped = TestJobs.longLZ

    /// results.csv of a local run of `job`, once per job file.
    static let references = ReferenceRuns()

    func submit(_ job: String, output: String, _ options: [String]) throws -> [SubmittedJob] {
        let result = try Command.quench(["submit", job, "--output", output] + options)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return SubmissionLog.read(output: output).last?.jobs ?? []
    }

    func logs(_ output: String) -> String {
        let folder = output + "/submit/logs"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.map { "== \($0)\n" + ((try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) ?? "") }.joined(separator: "\n")
    }

    @Test("one MPI job (srun --mpi=pmix, 1 node × 2 ranks, 00:10:00): results.csv identical to quench run; job id in the manifest")
    func mpiJob() throws {
        try SlurmCluster.require()
        let output = temporaryFolder("slurm-mpi")
        let jobs = try submit(Self.shipped, output: output, ["--scheduler", "slurm", "--nodes", "1", "--ntasks-per-node", "2", "--time", "00:10:00"])
        try #require(jobs.count == 1)
        SlurmCluster.waitForScan(output)
        #expect(SlurmCluster.exitCode(jobs[0].id) == "0:0", "\(logs(output))")
        #expect(resultsBytes(output) == Self.references.csv(Self.shipped), "\(logs(output))")
        let manifest = try readManifest(output)
        let scheduler = manifest["scheduler"] as? [String: Any]
        #expect(scheduler?["job_id"] as? String == jobs[0].id && (manifest["run"] as? [String: Any])?["ranks"] as? Int == 2)
        #expect(logs(output).contains("srun --mpi=pmix"))
        print("slurm mpi job \(jobs[0].id): results.csv identical to the local run")
    }

    @Test("scancel: SIGTERM to the ranks of an srun job ends it with exit 5 (job ExitCode 5:0) and a message counting exactly what the journal holds; a full scancel leaves no lock; --resume finishes identical")
    func scancelled() throws {
        try SlurmCluster.require()
        func waitForRecords(_ output: String, _ id: String) {
            while journalledRecords(output) < 50 && SlurmCluster.queued()?.contains(id) != false { usleep(100_000) }
        }
        let signalled = temporaryFolder("slurm-scancel-term")
        let jobs = try submit(Self.shipped, output: signalled, ["--scheduler", "slurm", "--nodes", "1", "--ntasks-per-node", "2", "--time", "00:10:00"])
        try #require(jobs.count == 1)
        waitForRecords(signalled, jobs[0].id)
        _ = try Command.run("/usr/bin/scancel", ["--signal=TERM", jobs[0].id])
        SlurmCluster.waitForScan(signalled)
        #expect(SlurmCluster.exitCode(jobs[0].id) == "5:0", "\(logs(signalled))")
        #expect(logs(signalled).contains("interrupted by SIGTERM: \(journalledRecords(signalled)) of 1024 points are safe"), "\(logs(signalled))")
        #expect(!FileManager.default.fileExists(atPath: signalled + "/quench.lock"))

        let cancelled = temporaryFolder("slurm-scancel")
        let second = try submit(Self.shipped, output: cancelled, ["--scheduler", "slurm", "--nodes", "1", "--ntasks-per-node", "2", "--time", "00:10:00"])
        try #require(second.count == 1)
        waitForRecords(cancelled, second[0].id)
        _ = try Command.run("/usr/bin/scancel", [second[0].id])
        SlurmCluster.waitForScan(cancelled)
        #expect(logs(cancelled).contains("interrupted by SIGTERM: \(journalledRecords(cancelled)) of 1024 points are safe"), "\(logs(cancelled))")
        #expect(!FileManager.default.fileExists(atPath: cancelled + "/quench.lock"), "the ranks stopped cleanly and released the lock")
        let resumed = try Command.quench(["run", Self.shipped, "--output", cancelled, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resultsBytes(cancelled) == Self.references.csv(Self.shipped))
        print("slurm scancel: job \(jobs[0].id) ended with 5:0 after SIGTERM; job \(second[0].id) cancelled, resumed identical")
    }

    @Test("job array of 3 slices (mpirun launcher) and a dependent merge step: results.csv identical to quench run")
    func arrayJob() throws {
        try SlurmCluster.require()
        let output = temporaryFolder("slurm-array")
        let jobs = try submit(Self.shipped, output: output, ["--scheduler", "slurm", "--shape", "array", "--array-tasks", "3", "--nodes", "1",
                                                             "--ntasks-per-node", "2", "--time", "00:10:00", "--launcher", "mpirun"])
        try #require(jobs.map(\.role) == ["array", "merge"])
        SlurmCluster.waitForScan(output)
        #expect(SlurmCluster.exitCode(jobs[1].id) == "0:0", "\(logs(output))")
        #expect(resultsBytes(output) == Self.references.csv(Self.shipped), "\(logs(output))")
        let scheduler = try readManifest(output)["scheduler"] as? [String: Any]
        #expect(scheduler?["job_id"] as? String == jobs[1].id && scheduler?["job_ids"] as? [String] == jobs.map(\.id))
        for slice in 0..<3 { #expect(FileManager.default.fileExists(atPath: output + "/journal/slice-\(slice)-of-3.log")) }
        print("slurm array \(jobs[0].id) + merge \(jobs[1].id): results.csv identical to the local run")
    }

    @Test("walltime: a job stopped by its limit exits 6; --resume --resubmit finishes it across allocations, identical; the same for an array")
    func walltime() throws {
        try SlurmCluster.require()
        // About 20 core-seconds here; each allocation stops taking points 2 s after the start.
        let job = try smallLZJob(points: 800, window: 70, name: "lz-walltime")
        let short = ["--scheduler", "slurm", "--ntasks-per-node", "2", "--time", "00:01:00", "--time-margin", "58"]

        let output = temporaryFolder("slurm-walltime")
        let first = try submit(job, output: output, short)
        SlurmCluster.waitForScan(output)
        #expect(SlurmCluster.exitCode(first[0].id) == "6:0", "\(logs(output))")
        #expect(!FileManager.default.fileExists(atPath: output + "/results.csv"))
        #expect(logs(output).contains("quench: stopped at the time limit"))
        let refused = try Command.quench(["submit", job, "--output", output] + short)
        #expect(refused.status == 2 && refused.stderr.contains("--resume"), "\(refused.stderr)")
        _ = try submit(job, output: output, short + ["--resume", "--resubmit", "--max-resubmissions", "60"])
        SlurmCluster.waitForScan(output)
        let submissions = SubmissionLog.read(output: output)
        #expect(resultsBytes(output) == Self.references.csv(job), "\(logs(output))")
        #expect((submissions.map(\.resubmission).max() ?? 0) >= 1, "no resubmission happened: \(logs(output))")
        let ids = (try readManifest(output)["scheduler"] as? [String: Any])?["job_ids"] as? [String] ?? []
        #expect(ids.count == submissions.count && ids.first == first[0].id)
        print("slurm walltime: \(submissions.count) submissions (\(ids.joined(separator: ", "))), results.csv identical to the local run")

        let array = temporaryFolder("slurm-walltime-array")
        _ = try submit(job, output: array, short + ["--shape", "array", "--array-tasks", "2", "--resubmit", "--max-resubmissions", "60"])
        SlurmCluster.waitForScan(array)
        #expect(resultsBytes(array) == Self.references.csv(job), "\(logs(array))")
        let rounds = SubmissionLog.read(output: array)
        #expect(rounds.count >= 2 && rounds.allSatisfy { $0.jobs.map(\.role) == ["array", "merge"] }, "\(rounds)")
        print("slurm walltime array: \(rounds.count) rounds of array + merge, results.csv identical to the local run")
    }

    @Test("PBS scripts through Slurm's qsub wrapper (slurm-wlm-torque): MPI job and array + merge, identical to quench run")
    func pbsThroughTorqueWrapper() throws {
        try SlurmCluster.require()
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/qsub"), "qsub (slurm-wlm-torque) is not installed")
        let output = temporaryFolder("pbs-mpi")
        let jobs = try submit(Self.shipped, output: output, ["--scheduler", "pbs", "--ntasks-per-node", "2", "--time", "00:10:00"])
        try #require(jobs.count == 1)
        SlurmCluster.waitForScan(output)
        #expect(resultsBytes(output) == Self.references.csv(Self.shipped), "\(logs(output))")
        #expect(logs(output).contains("mpirun -n 2"))

        let array = temporaryFolder("pbs-array")
        let arrayJobs = try submit(Self.shipped, output: array, ["--scheduler", "pbs", "--shape", "array", "--array-tasks", "2",
                                                                "--ntasks-per-node", "2", "--time", "00:10:00"])
        try #require(arrayJobs.map(\.role) == ["array", "merge"])
        SlurmCluster.waitForScan(array)
        #expect(resultsBytes(array) == Self.references.csv(Self.shipped), "\(logs(array))")
        print("pbs via qsub wrapper: job \(jobs[0].id) and array \(arrayJobs[0].id) + merge \(arrayJobs[1].id) identical to the local run")
    }
}

/// Local reference runs, computed once per job file and shared by the tests.
final class ReferenceRuns: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: Data] = [:]

    func csv(_ job: String) -> Data? {
        lock.lock()
        defer { lock.unlock() }
        if let data = cache[job] { return data }
        let output = temporaryFolder("reference")
        let result = try? Command.quench(["run", job, "--output", output, "--quiet"])
        guard result?.status == 0, let data = resultsBytes(output) else {
            Issue.record("the local reference run of \(job) failed: \(result?.stderr ?? "")")
            return nil
        }
        cache[job] = data
        return data
    }
}
