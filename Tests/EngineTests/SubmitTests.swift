@testable import Engine
import Foundation
import Testing

@Suite("Slices and slice journals")
struct SliceTests {
    let job = try! JobLoader.parse("[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2, 3, 4, 5, 6, 7]\n", file: "s.toml")

    @Test("i/K parses with 0 ≤ i < K; slices cover every point once; bad values name what is allowed")
    func parse() throws {
        let slice = try Slice.parse("2/3").get()
        #expect(slice == Slice(index: 2, count: 3) && slice.contains(5) && !slice.contains(4))
        for total in [0, 1, 7, 100] {
            let slices = (0..<3).map { Slice(index: $0, count: 3) }
            #expect(slices.map { $0.size(of: total) }.reduce(0, +) == total)
            for point in 0..<total { #expect(slices.filter { $0.contains(point) }.count == 1) }
        }
        for (bad, i, k) in [("3/3", 3, 3), ("-1/3", -1, 3), ("1/0", 1, 0)] {
            #expect(Slice.parse(bad) == .failure(.outOfRange(bad, index: i, count: k)))
        }
        for bad in ["1", "a/b", "1/2/3", ""] {
            #expect(Slice.parse(bad) == .failure(.notIndexOverCount(bad)))
        }
        #expect(SliceError.outOfRange("3/3", index: 3, count: 3).description
            == "--slice 3/3: the index must be 0 … K−1 and K at least 1 (got i = 3, K = 3)")
    }

    @Test("slices journal into their own files; resume, merge and status read every file; the main journal wins")
    func journals() throws {
        let folder = OutputFolder(path: temporaryFolder())
        let sliceZero = try folder.prepare(for: job, resume: false, overwrite: false, slice: Slice(index: 0, count: 2))
        let first = sliceZero.journal
        #expect(sliceZero.records.isEmpty && first.recordsPath.hasSuffix("journal/slice-0-of-2.log"))
        try first.append([Record(index: 0, outcome: .finished([1, 2, 3, 4]), rank: 0), Record(index: 2, outcome: .failed(reason: "x"), rank: 0)])
        let sliceOne = try folder.prepare(for: job, resume: false, overwrite: false, slice: Slice(index: 1, count: 2))
        let second = sliceOne.journal
        #expect(Set(sliceOne.records.keys) == [0, 2] && second.recordsPath.hasSuffix("slice-1-of-2.log"))
        try second.append([Record(index: 1, outcome: .finished([5, 6, 7, 8]), rank: 1)])
        // A line being written by a running slice (no newline yet) is not read and not repaired away.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: second.recordsPath))
        handle.seekToEndOfFile(); handle.write(Data("3 0 1.0 ok 3ff".utf8)); try handle.close()
        #expect(try ScanStatus.read(folder.path).done == 3)

        // While slices hold their locks, no whole-scan writer may start.
        #expect(throws: RunError.self) { _ = try folder.prepare(for: job, resume: true, overwrite: false) }
        sliceZero.lock.release()
        sliceOne.lock.release()
        // A plain run must be told to resume, and then sees every slice's records.
        #expect(throws: RunError.self) { _ = try folder.prepare(for: job, resume: false, overwrite: false) }
        let whole = try folder.prepare(for: job, resume: true, overwrite: false)
        let main = whole.journal
        #expect(Set(whole.records.keys) == [0, 1, 2] && main.recordsPath.hasSuffix("journal/records.log"))
        #expect(try String(contentsOfFile: second.recordsPath, encoding: .utf8).hasSuffix("3ff"), "another slice's file is never rewritten")
        try main.append([Record(index: 2, outcome: .finished([9, 9, 9, 9]), rank: 0)])
        #expect(try main.allRecords(observableCount: 4)[2]?.outcome == .finished([9, 9, 9, 9]))
        #expect(Journal.recordFiles(in: main.folder).map { ($0 as NSString).lastPathComponent } == ["slice-0-of-2.log", "slice-1-of-2.log", "records.log"])

        whole.lock.release()
        let changed = try JobLoader.parse("[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2, 3]\n", file: "s.toml")
        #expect(throws: RunError.self) { _ = try folder.prepare(for: changed, resume: false, overwrite: false, slice: Slice(index: 0, count: 2)) }
    }

    @Test("the dispenser hands out nothing after its deadline")
    func deadline() {
        let past = PointDispenser(pending: Array(0..<10), cost: { _ in 1 }, workers: 1, minimumChunk: 1, deadline: .now - .seconds(1))
        #expect(past.nextChunk().isEmpty && past.remaining == 10)
        let future = PointDispenser(pending: Array(0..<10), cost: { _ in 1 }, workers: 1, minimumChunk: 1, deadline: .now + .seconds(3600))
        #expect(!future.nextChunk().isEmpty)
    }
}

@Suite("Batch scripts")
struct BatchScriptTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../cluster/templates").standardized.path

    func request(_ scheduler: Scheduler, shape: BatchShape = .mpi) -> BatchRequest {
        var r = BatchRequest(scheduler: scheduler, walltime: try! Walltime.parse("1-02:03:04").get(), quench: "/opt/quench/bin/quench",
                             job: "/home/ann/my jobs/lz's.toml", jobName: "lz", output: "/scratch/ann/out", workingDirectory: "/home/ann")
        r.shape = shape
        r.nodes = 2
        r.tasksPerNode = 8
        r.threadsPerTask = 4
        r.partition = "long"
        r.account = "proj42"
        r.directives = ["--mem=4G", "\(scheduler == .slurm ? "#SBATCH" : "#PBS") --exclusive"]
        r.modules = ["openmpi/4.1", "swift/6.3"]
        if shape == .array { r.arrayTasks = 5 }
        return r
    }

    @Test("walltimes: HH:MM:SS and D-HH:MM:SS; anything else names the value and the forms allowed")
    func walltimes() throws {
        #expect(try Walltime.parse("00:10:00").get().seconds == 600)
        #expect(try Walltime.parse("48:00:00").get().slurm == "2-00:00:00")
        #expect(try Walltime.parse("1-12:30:00").get().pbs == "36:30:00")
        #expect(Walltime(seconds: 600).defaultMargin == 60 && Walltime(seconds: 60).defaultMargin == 30 && Walltime(seconds: 86_400).defaultMargin == 900)
        for bad in ["10", "1:00", "00:60:00", "00:00:61", "1-24:00:00", "00:00:00", "1h", "-1:00:00", "01:2:03", "x-01:00:00"] {
            guard case .failure(let error) = Walltime.parse(bad) else { Issue.record("\(bad) accepted"); continue }
            #expect(error == .badTime(bad))
        }
    }

    @Test("Slurm MPI script: directives, quoted paths, srun --mpi=pmix, threads, stop before the limit, modules")
    func slurm() throws {
        let scripts = try BatchScripts.render(request(.slurm), templates: Self.templates)
        #expect(scripts.count == 1 && scripts[0].path == "/scratch/ann/out/submit/slurm-mpi.sh")
        let text = scripts[0].text
        for line in ["#SBATCH --job-name=lz", "#SBATCH --nodes=2", "#SBATCH --ntasks-per-node=8", "#SBATCH --cpus-per-task=4",
                     "#SBATCH --time=1-02:03:04", "#SBATCH --partition=long", "#SBATCH --account=proj42", "#SBATCH --mem=4G",
                     "#SBATCH --exclusive", "#SBATCH --output=/scratch/ann/out/submit/logs/mpi-%j.out",
                     "JOB='/home/ann/my jobs/lz'\\''s.toml'", "QUENCH=/opt/quench/bin/quench", "LAUNCHER=srun",
                     "STOP_AFTER=92884", "module load openmpi/4.1 swift/6.3", "srun --mpi=pmix", "export SWIFT_BACKTRACE=enable=no",
                     "export OMP_NUM_THREADS=$THREADS", "RESUBMIT=0"] {
            #expect(text.contains(line), "missing: \(line)")
        }
        #expect(!text.contains("{{") && !text.contains("#SBATCH --array"))
        // Directives come before the first command, or the scheduler ignores them.
        let lines = text.split(separator: "\n")
        let lastDirective = lines.lastIndex { $0.hasPrefix("#SBATCH") }!, firstCommand = lines.firstIndex { $0 == "set -u" }!
        #expect(lastDirective < firstCommand)
    }

    @Test("Slurm array: --array=0-(K-1), slice arguments, and a merge script; mpirun launcher with slot:PE binding")
    func slurmArray() throws {
        var r = request(.slurm, shape: .array)
        r.launcher = .mpirun
        r.resubmit = true
        let scripts = try BatchScripts.render(r, templates: Self.templates)
        #expect(scripts.map(\.role) == ["array", "merge"])
        #expect(scripts[0].text.contains("#SBATCH --array=0-4") && scripts[0].text.contains("ARRAY_TASKS=5") && scripts[0].text.contains("LAUNCHER=mpirun"))
        #expect(scripts[0].text.contains("--map-by \"slot:PE=$THREADS\"") && scripts[0].text.contains("--slice \"$SLURM_ARRAY_TASK_ID/$ARRAY_TASKS\""))
        #expect(scripts[0].text.contains("#SBATCH --output=/scratch/ann/out/submit/logs/array-%A_%a.out"))
        let merge = scripts[1].text
        #expect(merge.contains("\"$QUENCH\" merge \"$JOB\"") && merge.contains("ARRAY_SCRIPT=/scratch/ann/out/submit/slurm-array.sh"))
        #expect(merge.contains("#SBATCH --time=00:30:00") && merge.contains("RESUBMIT=1") && !merge.contains("--array="))
    }

    @Test("PBS scripts: select/mpiprocs/ompthreads, walltime in hours, queue, account, -J array, mpirun default")
    func pbs() throws {
        let scripts = try BatchScripts.render(request(.pbs, shape: .array), templates: Self.templates)
        let text = scripts[0].text
        for line in ["#PBS -N lz", "#PBS -l select=2:ncpus=32:mpiprocs=8:ompthreads=4", "#PBS -l walltime=26:03:04", "#PBS -q long",
                     "#PBS -A proj42", "#PBS -J 0-4", "#PBS --mem=4G", "#PBS --exclusive", "#PBS -j oe", "LAUNCHER=mpirun", "NTASKS=16",
                     "#PBS -o /scratch/ann/out/submit/logs/"] {
            #expect(text.contains(line), "missing: \(line)")
        }
        #expect(scripts[1].path.hasSuffix("submit/pbs-merge.sh") && scripts[1].text.contains("#PBS -l walltime=00:30:00"))
        #expect(!scripts.contains { $0.text.contains("{{") || $0.text.contains("#SBATCH") })
    }

    @Test("bad values are refused with the option, the value and what is allowed")
    func badValues() {
        func refusal(_ change: (inout BatchRequest) -> Void) -> SubmitError? {
            var r = request(.slurm)
            change(&r)
            do { _ = try BatchScripts.render(r, templates: Self.templates); return nil } catch { return error }
        }
        #expect(refusal { $0.partition = "a b" } == .unsafeDirectiveValue(option: "--partition", value: "a b"))
        #expect(refusal { $0.account = "x;rm" } == .unsafeDirectiveValue(option: "--account", value: "x;rm"))
        #expect(refusal { $0.directives = ["#PBS -l mem=4gb"] } == .foreignDirective("#PBS -l mem=4gb", of: .pbs, scheduler: .slurm))
        #expect(refusal { $0.directives = ["--mem=1G\n--x"] } == .badDirective("--mem=1G\n--x"))
        #expect(refusal { $0.shape = .array } == .arrayTasksMissing)
        #expect(refusal { $0.shape = .array; $0.arrayTasks = 0 } == .tooSmall(option: "--array-tasks", minimum: 1, value: 0))
        #expect(refusal { $0.arrayTasks = 3 } == .arrayTasksWithoutArray(shape: .mpi))
        #expect(refusal { $0.threadsPerTask = 0 } == .tooSmall(option: "--threads-per-task", minimum: 1, value: 0))
        #expect(refusal { $0.maxResubmissions = -1 } == .tooSmall(option: "--max-resubmissions", minimum: 0, value: -1))
        #expect(refusal { $0.margin = 100_000 } == .badMargin(margin: 100_000, limit: 93_784))
        #expect(refusal { $0.modules = ["openmpi; rm"] } == .badModule("openmpi; rm"))
        #expect(refusal { $0.output = "/my results" } == .unsafeOutput("/my results"))
        #expect(refusal { _ in } == nil)
    }

    @Test("a template with an unknown placeholder is an error naming the file; a missing template too")
    func templateErrors() throws {
        let folder = temporaryFolder()
        try "#!/bin/bash\n#SBATCH --nodes={{NODES}}\necho {{NOPE}}\n".write(toFile: folder + "/slurm.sh", atomically: true, encoding: .utf8)
        #expect { _ = try BatchScripts.render(request(.slurm), templates: folder) } throws: { error in
            guard case .unknownPlaceholder(folder + "/slurm.sh", "NOPE", let known) = error as? SubmitError else { return false }
            return known.contains("NODES") && "\(error)".hasPrefix(folder + "/slurm.sh: unknown placeholder {{NOPE}}; known: ")
        }
        #expect(throws: SubmitError.unreadableTemplate(path: folder + "/pbs.sh")) { _ = try BatchScripts.render(request(.pbs), templates: folder) }
        try "#SBATCH --nodes={{NODES\n".write(toFile: folder + "/slurm.sh", atomically: true, encoding: .utf8)
        #expect(throws: SubmitError.unclosedPlaceholder(template: folder + "/slurm.sh")) { _ = try BatchScripts.render(request(.slurm), templates: folder) }
    }

    @Test("submitting: no sbatch, a folder holding another scan, sbatch failing or printing no id are refused with their exit codes")
    func submitterErrors() throws {
        let job = try JobLoader.parse("[scan]\nmodel = \"lz.two-level\"\n[axes]\nv = [1, 2]\n", file: "s.toml")
        var r = request(.slurm)
        r.output = temporaryFolder() + "/out"
        let scripts = try BatchScripts.render(r, templates: Self.templates)
        let noPath = temporaryFolder()
        #expect(throws: SubmitError.schedulerMissing(.slurm, path: noPath)) { _ = try BatchSubmitter.submit(r, scripts: scripts, job: job, environment: ["PATH": noPath]) }
        #expect(SubmitError.schedulerMissing(.slurm, path: noPath).exitCode == 7)

        let bin = temporaryFolder()
        func fakeSbatch(_ body: String) throws {
            try "#!/bin/sh\n\(body)\n".write(toFile: bin + "/sbatch", atomically: true, encoding: .utf8)
            chmod(bin + "/sbatch", 0o755)
        }
        try fakeSbatch("echo 'sbatch: error: invalid partition' >&2; exit 1")
        let failed = SubmitError.schedulerFailed(.slurm, status: 1, script: scripts[0].path, stderr: "sbatch: error: invalid partition\n", stdout: "", submitted: nil)
        #expect(throws: failed) { _ = try BatchSubmitter.submit(r, scripts: scripts, job: job, environment: ["PATH": bin]) }
        #expect(failed.description == "sbatch failed (exit 1) for \(scripts[0].path): sbatch: error: invalid partition" && failed.exitCode == 7)
        try fakeSbatch("echo 'Submitted batch job 12'")
        let noID = SubmitError.schedulerFailed(.slurm, status: 0, script: scripts[0].path, stderr: "", stdout: "Submitted batch job 12\n", submitted: nil)
        #expect(throws: noID) { _ = try BatchSubmitter.submit(r, scripts: scripts, job: job, environment: ["PATH": bin]) }
        #expect(noID.description == "sbatch printed no job id for \(scripts[0].path):  Submitted batch job 12")

        try FileManager.default.createDirectory(atPath: r.output + "/journal", withIntermediateDirectories: true)
        try "x".write(toFile: r.output + "/journal/scan.json", atomically: true, encoding: .utf8)
        #expect(throws: SubmitError.refused(.folderHoldsScan(folder: r.output))) {
            _ = try BatchSubmitter.submit(r, scripts: scripts, job: job, environment: ["PATH": bin])
        }
        #expect(SubmitError.refused(.folderHoldsScan(folder: r.output)).exitCode == 2)
    }

    @Test("job names are scheduler-safe; record-submission's role:id:script keeps colons in the script")
    func namesAndRecordedJobs() {
        #expect(BatchRequest.jobName("lz two-level/v2 ß") == "lz-two-level-v2--" && BatchRequest.jobName("") == "quench")
        #expect(BatchRequest.jobName(String(repeating: "a", count: 80)).count == 64)
        #expect(SubmittedJob(recorded: "array:12_3:/a:b.sh") == SubmittedJob(role: "array", id: "12_3", script: "/a:b.sh"))
        #expect(SubmittedJob(recorded: "merge::/m.sh") == nil && SubmittedJob(recorded: "merge:12") == nil)
    }

    @Test("job ids from sbatch --parsable and qsub output; garbage is no id")
    func jobIDs() {
        #expect(BatchSubmitter.jobID("1234\n", scheduler: .slurm) == "1234")
        #expect(BatchSubmitter.jobID("1234;cluster\n", scheduler: .slurm) == "1234")
        #expect(BatchSubmitter.jobID("4321.pbs-server\n", scheduler: .pbs) == "4321.pbs-server")
        #expect(BatchSubmitter.jobID("warning: x\n4321[].server\n", scheduler: .pbs) == "4321[].server")
        #expect(BatchSubmitter.jobID("", scheduler: .slurm) == nil)
        #expect(BatchSubmitter.jobID("Submitted batch job 12\n", scheduler: .slurm) == nil)
        #expect(BatchSubmitter.jobID("There was an error\n", scheduler: .pbs) == nil)
    }

    @Test("the shell quoting round-trips through bash")
    func quoting() throws {
        for word in ["plain", "with space", "it's", "$HOME", "a\"b", "`x`", ""] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "printf %s " + BatchScripts.shellQuote(word)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(out == word)
        }
    }

    @Test("submissions.json keeps every submission in order; the manifest context carries the job ids")
    func submissionLog() throws {
        let output = temporaryFolder()
        try FileManager.default.createDirectory(atPath: output + "/submit", withIntermediateDirectories: true)
        try SubmissionLog.append(Submission(scheduler: "slurm", shape: "array", resubmission: 0,
                                            jobs: [SubmittedJob(role: "array", id: "7", script: "/a.sh"), SubmittedJob(role: "merge", id: "8", script: "/m.sh")]), output: output)
        try SubmissionLog.append(Submission(scheduler: "slurm", shape: "array", resubmission: 1, jobs: [SubmittedJob(role: "array", id: "9", script: "/a.sh")]), output: output)
        #expect(SubmissionLog.read(output: output).map(\.resubmission) == [0, 1])
        let context = BatchJobContext.current(environment: ["SLURM_JOB_ID": "8"], output: output)!
        #expect(context.jobID == "8" && context.json["job_ids"] as? [String] == ["7", "8", "9"])
        #expect(BatchJobContext.current(environment: [:], output: temporaryFolder()) == nil)
    }
}
