import Engine
import Foundation
import Testing

/// A small LZ scan (300 points of the shipped job's kind) written to a temporary job file.
func smallLZJob(points: Int = 300, window: Double = 50, name: String = "lz-small") throws -> String {
    let path = temporaryFolder("job") + "/\(name).toml"
    try """
        [scan]
        name = "\(name)"
        model = "lz.two-level"
        [axes]
        v = { logspace = [-1, 1], count = \(points) }
        [fixed]
        T = \(window)
        [integrator]
        method = "rk4"
        tolerance = 1e-9
        """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

func resultsBytes(_ folder: String) -> Data? { try? Data(contentsOf: URL(fileURLWithPath: folder + "/results.csv")) }

@Suite("quench submit without a scheduler")
struct SubmitCommandTests {
    let shipped = TestJobs.longLZ

    @Test("--dry-run prints the exact script and writes nothing")
    func dryRun() throws {
        let output = temporaryFolder("dry") + "/out"
        let result = try Command.quench(["submit", shipped, "--scheduler", "slurm", "--nodes", "1", "--ntasks-per-node", "2",
                                         "--time", "00:10:00", "--output", output, "--dry-run", "--directive=--mem=1G", "--account", "p1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("#!/bin/bash\n"))
        for line in ["#SBATCH --ntasks-per-node=2", "#SBATCH --time=00:10:00", "#SBATCH --mem=1G", "#SBATCH --account=p1",
                     "OUTPUT=\(output)", "STOP_AFTER=540", "srun --mpi=pmix"] {
            #expect(result.stdout.contains(line), "missing: \(line)")
        }
        #expect(!FileManager.default.fileExists(atPath: output), "--dry-run must not write anything")
        let pbs = try Command.quench(["submit", shipped, "--scheduler", "pbs", "--shape", "array", "--array-tasks", "4", "--queue", "short",
                                      "--time", "2-00:00:00", "--output", output, "--dry-run"])
        #expect(pbs.status == 0 && pbs.stdout.contains("#PBS -q short") && pbs.stdout.contains("#PBS -J 0-3") && pbs.stdout.contains("#PBS -l walltime=48:00:00"))
        #expect(pbs.stdout.contains("(array) =====") && pbs.stdout.contains("(merge) ====="))
    }

    @Test("bad input: the option, the value and what is allowed; a bad job file gives the loader's message and exit 1")
    func badInput() throws {
        let base = ["submit", shipped, "--dry-run"]
        let time = try Command.quench(base + ["--scheduler", "slurm", "--time", "90"])
        #expect(time.status != 0 && time.stderr.contains("--time \"90\" is not a time limit") && time.stderr.contains("HH:MM:SS or D-HH:MM:SS"), "\(time.stderr)")
        let scheduler = try Command.quench(base + ["--scheduler", "lsf", "--time", "00:10:00"])
        #expect(scheduler.status != 0 && scheduler.stderr.contains("'lsf'") && scheduler.stderr.contains("'slurm' and 'pbs'"), "\(scheduler.stderr)")
        let shape = try Command.quench(base + ["--scheduler", "slurm", "--time", "00:10:00", "--shape", "array"])
        #expect(shape.status == 1 && shape.stderr.contains("--shape array needs --array-tasks"), "\(shape.stderr)")
        let partition = try Command.quench(base + ["--scheduler", "slurm", "--time", "00:10:00", "--partition", "a b"])
        #expect(partition.status == 1 && partition.stderr.contains("--partition \"a b\""), "\(partition.stderr)")
        let job = temporaryFolder("badjob") + "/bad.toml"
        try "[scan]\nmodel = \"lz.two-levle\"\n".write(toFile: job, atomically: true, encoding: .utf8)
        let bad = try Command.quench(["submit", job, "--scheduler", "slurm", "--time", "00:10:00", "--output", job + ".out"])
        #expect(bad.status == 1 && bad.stderr.hasPrefix("error: \(job):2"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: job + ".out"))
    }

    @Test("sbatch missing or failing: exit 7 with its message; a successful submission is recorded and its id reaches the manifest")
    func schedulerCommand() throws {
        let output = temporaryFolder("fake") + "/out"
        let arguments = ["submit", shipped, "--scheduler", "slurm", "--time", "00:10:00", "--output", output]
        let missing = try Command.quench(arguments, environment: ["PATH": temporaryFolder("empty-path")])
        #expect(missing.status == 7 && missing.stderr.contains("sbatch not found on PATH"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))

        let bin = temporaryFolder("fake-bin")
        try "#!/bin/sh\necho 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n".write(toFile: bin + "/sbatch", atomically: true, encoding: .utf8)
        chmod(bin + "/sbatch", 0o755)
        let failing = try Command.quench(arguments, environment: ["PATH": bin + ":/usr/bin:/bin"])
        #expect(failing.status == 7 && failing.stderr.contains("invalid partition specified: nope"), "\(failing.stderr)")
        #expect(SubmissionLog.read(output: output).isEmpty)

        try "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/arguments\"\necho '4242;cluster'\n".write(toFile: bin + "/sbatch", atomically: true, encoding: .utf8)
        chmod(bin + "/sbatch", 0o755)
        let submitted = try Command.quench(arguments, environment: ["PATH": bin + ":/usr/bin:/bin"])
        #expect(submitted.status == 0 && submitted.stdout.contains("submitted slurm job 4242 (mpi)"), "\(submitted.stderr)")
        #expect(try String(contentsOfFile: bin + "/arguments", encoding: .utf8) == "--parsable \(output)/submit/slurm-mpi.sh\n")
        #expect(SubmissionLog.read(output: output).first?.jobs == [SubmittedJob(role: "mpi", id: "4242", script: output + "/submit/slurm-mpi.sh")])
        #expect(FileManager.default.isExecutableFile(atPath: output + "/submit/slurm-mpi.sh"))

        // What the job does, here without a scheduler: the run finds SLURM_JOB_ID and the submissions.
        let run = try Command.quench(["run", shipped, "--output", output, "--quiet"], environment: ["SLURM_JOB_ID": "4242"])
        #expect(run.status == 0, "\(run.stderr)")
        let scheduler = try readManifest(output)["scheduler"] as? [String: Any]
        #expect(scheduler?["job_id"] as? String == "4242" && scheduler?["job_ids"] as? [String] == ["4242"])
        let again = try Command.quench(arguments, environment: ["PATH": bin + ":/usr/bin:/bin"])
        #expect(again.status == 2 && again.stderr.contains("already holds a scan") && again.stderr.contains("--resume"), "\(again.stderr)")
        #expect(again.stderr.contains("was submitted before (job(s) 4242)"), "a second submission of a folder is said: \(again.stderr)")
        let overwrite = try Command.quench(arguments + ["--overwrite"], environment: ["PATH": bin + ":/usr/bin:/bin"])
        #expect(overwrite.status == 0, "\(overwrite.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/journal") && !FileManager.default.fileExists(atPath: output + "/results.csv"),
                "--overwrite discards the earlier scan on the login node (the jobs always resume)")
        #expect(SubmissionLog.read(output: output).count == 1, "--overwrite discards the earlier scan's submit/ too")
    }

    @Test("slices in parallel, then quench merge: byte-identical to a plain run; merge with a slice missing exits 6 and writes nothing")
    func slicesAndMerge() throws {
        let job = try smallLZJob()
        let reference = temporaryFolder("slice-reference")
        #expect(try Command.quench(["run", job, "--output", reference, "--quiet"]).status == 0)
        let output = temporaryFolder("slices")
        let started = try (0..<2).map { try Command.start(QuenchBinary.path, ["run", job, "--output", output, "--slice", "\($0)/3", "--threads", "1", "--quiet"]) }
        for (process, _, err) in started {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
        }
        let early = try Command.quench(["merge", job, "--output", output])
        #expect(early.status == 6 && early.stderr.contains("100 of 300 points are not in"), "\(early.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/results.csv"))
        let last = try Command.quench(["run", job, "--output", output, "--slice", "2/3", "--quiet"])
        #expect(last.status == 0 && last.stdout.contains("slice 2/3"), "\(last.stdout)\(last.stderr)")
        let merged = try Command.quench(["merge", job, "--output", output])
        #expect(merged.status == 0 && merged.stdout.contains("1 rank(s)"), "\(merged.stderr)")
        #expect(resultsBytes(output) == resultsBytes(reference))
        let files = (try readManifest(output)["run"] as! [String: Any])["journal_files"] as? [String]
        #expect(files == ["slice-0-of-3.log", "slice-1-of-3.log", "slice-2-of-3.log", "records.log"])

        // A plain --resume finishes a scan whose slices stopped half way.
        let partial = temporaryFolder("slice-resume")
        #expect(try Command.quench(["run", job, "--output", partial, "--slice", "1/2", "--quiet"]).status == 0)
        let resumed = try Command.quench(["run", job, "--output", partial, "--resume", "--quiet"])
        #expect(resumed.status == 0 && resumed.stdout.contains("150 computed, 150 from the journal"), "\(resumed.stdout)\(resumed.stderr)")
        #expect(resultsBytes(partial) == resultsBytes(reference))
        let bad = try Command.quench(["run", job, "--output", partial, "--slice", "2/2"])
        #expect(bad.status != 0 && bad.stderr.contains("--slice 2/2"), "\(bad.stderr)")
        let overwrite = try Command.quench(["run", job, "--output", partial, "--slice", "0/2", "--overwrite"])
        #expect(overwrite.status != 0 && overwrite.stderr.contains("--slice cannot be combined with --overwrite"), "\(overwrite.stderr)")
    }

    @Test("--stop-after: exit 6 with a resume message, locally and under mpirun -n 2 (dynamic and static); --resume ends byte-identical")
    func stopAfter() throws {
        let job = try smallLZJob()
        let reference = temporaryFolder("stop-reference")
        #expect(try Command.quench(["run", job, "--output", reference, "--quiet"]).status == 0)
        let output = temporaryFolder("stop")
        let local = try Command.quench(["run", job, "--output", output, "--threads", "1", "--stop-after", "0.2", "--quiet"])
        #expect(local.status == 6, "\(local.stderr)")
        #expect(local.stderr.contains("stopped at the time limit (--stop-after 0.2 s)") && local.stderr.contains("--resume"), "\(local.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/results.csv"))
        for schedule in ["static", "dynamic"] {
            let result = try Command.mpirun(2, ["run", job, "--output", output, "--resume", "--schedule", schedule, "--stop-after", "0.2", "--quiet"])
            #expect(result.status == 6 || result.status == 0, "\(schedule): \(result.stderr)")
            if result.status == 6 { #expect(result.stderr.contains("quench: stopped at the time limit"), "\(schedule): \(result.stderr)") }
        }
        let resumed = try Command.mpirun(2, ["run", job, "--output", output, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resultsBytes(output) == resultsBytes(reference))
        let invalid = try Command.quench(["run", job, "--output", output, "--stop-after", "0"])
        #expect(invalid.status != 0 && invalid.stderr.contains("--stop-after must be a positive number of seconds"))
    }

    @Test("cluster/local-batch.sh runs scans one after another in the background; running it again re-merges without recomputing")
    func localBatch() throws {
        let first = try smallLZJob(points: 40, name: "batch-a"), second = try smallLZJob(points: 30, name: "batch-b")
        let folder = temporaryFolder("batch")
        let outputs = [folder + "/a", folder + "/b"]
        let script = QuenchBinary.repository + "/cluster/local-batch.sh"
        func batch() throws {
            let started = try Command.run("/bin/bash", [script, "--threads", "1", "--logs", folder + "/logs", first, second],
                                          environment: ["QUENCH": QuenchBinary.path, "QUENCH_BATCH_FOREGROUND": "1"])
            #expect(started.status == 0, "\(started.stdout)\(started.stderr)")
        }
        // The scans take their output folders from the job files' [scan] output: point them into the folder.
        for (job, output) in zip([first, second], outputs) {
            let text = try String(contentsOfFile: job, encoding: .utf8).replacingOccurrences(of: "[scan]\n", with: "[scan]\noutput = \"\(output)\"\n")
            try text.write(toFile: job, atomically: true, encoding: .utf8)
        }
        try batch()
        let log = try String(contentsOfFile: folder + "/logs/batch.log", encoding: .utf8)
        #expect(log.contains("end \(first): exit 0") && log.contains("batch finished: 2 scan(s), 0 failed"), "\(log)")
        let bytes = outputs.map(resultsBytes)
        #expect(bytes.allSatisfy { $0 != nil })
        try batch()
        #expect(outputs.map(resultsBytes) == bytes)
        #expect(try String(contentsOfFile: folder + "/logs/batch-a.log", encoding: .utf8).contains("0 computed, 40 from the journal"))
        let detached = try Command.run("/bin/bash", [script, first, "/nonexistent.toml"], environment: ["QUENCH": QuenchBinary.path])
        #expect(detached.status == 1 && detached.stderr.contains("/nonexistent.toml: no such file"), "a bad job file stops the batch before it detaches")
    }
}
