import ArgumentParser
import Engine
import Foundation

extension Scheduler: ExpressibleByArgument {}
extension BatchShape: ExpressibleByArgument {}
extension Launcher: ExpressibleByArgument {}

extension Quench {
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a Slurm or PBS script for a scan and submit it (or print it with --dry-run).",
            discussion: """
                The job file is checked first (as by quench check). The scripts are filled in from \
                cluster/templates/ (or --templates, or $QUENCH_TEMPLATES), written to OUTPUT/submit/, and \
                submitted; job ids go to OUTPUT/submit/submissions.json and, when the scan ends, to its \
                manifest.json. Logs: OUTPUT/submit/logs/.

                --shape mpi: one MPI job runs the whole scan. --shape array: task i of --array-tasks K \
                runs `quench run --slice i/K` (points with index ≡ i mod K, each task with the nodes, ranks \
                and threads given here), and a merge step submitted with afterok on the array writes \
                results.csv. The run stops taking points --time-margin seconds before --time (default 10%, \
                60 s to 15 min) and exits 6; with --resubmit the scripts then submit themselves again \
                (with --resume), at most --max-resubmissions times.

                Exit codes: 0 submitted (or printed); 1 bad job file or template; 2 the output folder \
                holds another scan (use --resume or --overwrite); 7 sbatch/qsub missing or failed; 64 bad \
                option value.
                """)

        @OptionGroup var jobFile: JobFileArgument

        @Option(help: "The scheduler: slurm or pbs.")
        var scheduler: Scheduler

        @Option(help: "mpi: one MPI job for the scan; array: a job array of slices and a merge step.")
        var shape: BatchShape = .mpi

        @Option(help: ArgumentHelp("Number of array tasks (slices) for --shape array.", valueName: "K"))
        var arrayTasks: Int?

        @Option(help: "Nodes per job (per array task).")
        var nodes = 1

        @Option(help: "MPI ranks per node.")
        var ntasksPerNode = 1

        @Option(name: [.customLong("threads-per-task"), .customLong("cpus-per-task")], help: "Worker threads (CPUs) per rank.")
        var threadsPerTask = 1

        @Option(help: ArgumentHelp("Time limit per job: HH:MM:SS or D-HH:MM:SS.", valueName: "time"))
        var time: String

        @Option(help: ArgumentHelp("Seconds before the time limit at which the run stops taking points (default: 10% of it, 60 s to 15 min).", valueName: "seconds"))
        var timeMargin: Int?

        @Option(name: [.customLong("partition"), .customLong("queue")], help: "Partition (Slurm) or queue (PBS).")
        var partition: String?

        @Option(help: "Account (project) to charge.")
        var account: String?

        @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("An extra directive line, e.g. --directive=--mem=4G or --directive '#PBS -l mem=4gb'; repeatable.", valueName: "line"))
        var directive: [String] = []

        @Option(help: "What starts the ranks: srun (--mpi=pmix; default for slurm) or mpirun (default for pbs).")
        var launcher: Launcher?

        @Option(help: ArgumentHelp("An environment module to load in the job; repeatable (default: $QUENCH_MODULES, space separated).", valueName: "name"))
        var module: [String] = []

        @Flag(help: "When a job stops at its time limit, the script submits itself again (with --resume) until the scan is done.")
        var resubmit = false

        @Option(help: "Cap on the resubmissions of --resubmit.")
        var maxResubmissions = 10

        @OptionGroup var outputFolder: OutputFolderOption

        @Flag(help: "Continue the scan already in the output folder.")
        var resume = false

        @Flag(help: "Discard an earlier scan in the output folder.")
        var overwrite = false

        @Option(help: "Folder with the script templates (default: $QUENCH_TEMPLATES, else cluster/templates above the quench binary).")
        var templates: String?

        @Flag(help: "Print the script(s) and submit nothing; nothing is written.")
        var dryRun = false

        func validate() throws {
            if case .failure(let error) = Walltime.parse(time) { throw ValidationError(error.description) }
            if resume && overwrite { throw ValidationError("--resume and --overwrite exclude each other") }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let job = try loadJob(jobFile.job)
            let cwd = FileManager.default.currentDirectoryPath
            func absolute(_ path: String) -> String { URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd + "/")).standardized.path }
            var request = BatchRequest(scheduler: scheduler, walltime: try Walltime.parse(time).get(), quench: BuildInfo.executable,
                                       job: absolute(job.file), jobName: BatchRequest.jobName(job.name), output: absolute(outputFolder.output ?? job.output),
                                       workingDirectory: cwd)
            request.shape = shape
            request.arrayTasks = arrayTasks
            request.nodes = nodes
            request.tasksPerNode = ntasksPerNode
            request.threadsPerTask = threadsPerTask
            request.margin = timeMargin
            request.partition = partition
            request.account = account
            request.directives = directive
            request.launcher = launcher
            request.modules = module.isEmpty ? (environment["QUENCH_MODULES"] ?? "").split(separator: " ").map(String.init) : module
            request.resubmit = resubmit
            request.maxResubmissions = maxResubmissions
            request.existingScan = resume ? ["--resume"] : overwrite ? ["--overwrite"] : []
            do {
                let scripts = try BatchScripts.render(request, templates: BatchScripts.templateFolder(explicit: templates, environment: environment))
                if dryRun {
                    for script in scripts {
                        if scripts.count > 1 { print("# ===== \(script.path) (\(script.role)) =====") }
                        print(script.text, terminator: "")
                    }
                    return
                }
                let earlier = SubmissionLog.read(output: request.output).flatMap { $0.jobs.map(\.id) }
                if !earlier.isEmpty && !overwrite {
                    printError("warning: \(request.output) was submitted before (job(s) \(earlier.joined(separator: ", "))); if those are still queued or running, the scan's jobs will take turns: while one runs in the folder, another that starts is refused by the folder's lock (exit 2)")
                }
                let outcome = try BatchSubmitter.submit(request, scripts: scripts, job: job, environment: environment)
                for submitted in outcome.submission.jobs {
                    print("submitted \(scheduler.rawValue) job \(submitted.id) (\(submitted.role)): \(submitted.script)")
                }
                print("follow it with: quench status \(request.output)   logs: \(request.logFolder)/")
            } catch {
                printError("error: \(error)")
                throw ExitCode(error.exitCode)
            }
        }
    }

    /// Used by the job scripts: adds a resubmission to OUTPUT/submit/submissions.json.
    struct RecordSubmission: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record-submission",
            abstract: "Record a submission made by a job script (used by the scripts of quench submit).",
            shouldDisplay: false)

        @Argument(help: "The scan's output folder.")
        var output: String

        @Option var scheduler: Scheduler
        @Option var shape: BatchShape
        @Option var resubmission: Int
        @Option(help: ArgumentHelp("role:id:script; repeatable.", valueName: "job"))
        var job: [String]

        func run() throws {
            let jobs = try job.map { text -> SubmittedJob in
                guard let job = SubmittedJob(recorded: text) else { throw ValidationError("--job \"\(text)\" is not role:id:script") }
                return job
            }
            do {
                try SubmissionLog.append(Submission(scheduler: scheduler.rawValue, shape: shape.rawValue, resubmission: resubmission, jobs: jobs), output: output)
            } catch {
                printError("error: \(error)")
                throw ExitCode(3)
            }
        }
    }
}
