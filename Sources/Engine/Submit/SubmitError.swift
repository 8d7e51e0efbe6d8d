/// An error of `quench submit`: a bad option value, a template problem, a refused output folder or a
/// failed scheduler command. Each case carries the option or file, the value and what is allowed;
/// `description` is the message users see, `exitCode` the exit status of `quench submit`.
package enum SubmitError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: option values (exit 1)

    /// --time that is not HH:MM:SS or D-HH:MM:SS.
    case badTime(String)
    /// A count below its minimum (--nodes, --array-tasks, --max-resubmissions …).
    case tooSmall(option: String, minimum: Int, value: Int)
    case arrayTasksMissing
    /// --array-tasks with a shape other than array.
    case arrayTasksWithoutArray(shape: BatchShape)
    /// --time-margin not in [0, limit).
    case badMargin(margin: Int, limit: Int)
    /// --partition or --account with characters a directive cannot hold.
    case unsafeDirectiveValue(option: String, value: String)
    /// An output path that scheduler directives (log paths) cannot hold.
    case unsafeOutput(String)
    case badModule(String)
    /// A --directive that is empty or more than one line.
    case badDirective(String)
    /// A --directive of the other scheduler.
    case foreignDirective(String, of: Scheduler, scheduler: Scheduler)

    // MARK: templates (exit 1)

    /// No cluster/templates/ above the quench executable.
    case noTemplateFolder(executable: String)
    case unreadableTemplate(path: String)
    case unclosedPlaceholder(template: String)
    case unknownPlaceholder(template: String, name: String, known: [String])

    // MARK: output folder (exit 2, 3)

    /// The output folder refuses the scan, as `quench run` would (exit 2).
    case refused(Refusal)
    case cannotCreateLogFolder(path: String, reason: String)
    case cannotWriteScript(OutputError)
    /// The jobs were submitted but submissions.json cannot be written (exit 3).
    case cannotRecord(jobIDs: [String], OutputError)

    // MARK: the scheduler (exit 7)

    /// sbatch or qsub is not on `path` (the PATH searched).
    case schedulerMissing(Scheduler, path: String)
    case cannotRun(executable: String, reason: String)
    /// sbatch/qsub exited with `status`, or exited 0 without a job id; `submitted` is the job that an
    /// array's merge step depended on, if it was submitted.
    case schedulerFailed(Scheduler, status: Int32, script: String, stderr: String, stdout: String, submitted: SubmittedJob?)

    /// The refusal of the output folder checks that `submit` shares with `run`, which refuse and
    /// throw nothing else (another run error would say why `folder` is unusable).
    static func folderRefusal(_ error: RunError, folder: String) -> SubmitError {
        guard case .refused(let refusal) = error else { return .refused(.unusableFolder(path: folder, reason: "\(error)")) }
        return .refused(refusal)
    }

    /// Exit code of `quench submit` when sbatch/qsub is missing or refuses the job.
    package static let schedulerExitCode: Int32 = 7

    package var exitCode: Int32 {
        switch self {
        case .refused, .cannotCreateLogFolder, .cannotWriteScript: 2
        case .cannotRecord: 3
        case .schedulerMissing, .cannotRun, .schedulerFailed: Self.schedulerExitCode
        default: 1
        }
    }

    package var description: String {
        switch self {
        case .badTime(let text):
            "--time \"\(text)\" is not a time limit: use HH:MM:SS or D-HH:MM:SS (e.g. 00:30:00, 48:00:00, 2-00:00:00), minutes and seconds below 60, more than zero"
        case .tooSmall(let option, let minimum, let value): "\(option) must be at least \(minimum), got \(value)"
        case .arrayTasksMissing: "--shape array needs --array-tasks K (how many slices the scan is cut into)"
        case .arrayTasksWithoutArray(let shape): "--array-tasks is for --shape array; this is --shape \(shape.rawValue)"
        case .badMargin(let margin, let limit): "--time-margin \(margin) must be at least 0 and below the time limit (\(limit) s)"
        case .unsafeDirectiveValue(let option, let value):
            "\(option) \"\(value)\" has characters a scheduler directive cannot hold; allowed: letters, digits and _ . - + , : @ ="
        case .unsafeOutput(let output):
            "--output \"\(output)\": scheduler directives (log paths) cannot hold spaces, quotes, $, ` or \\; choose another output folder"
        case .badModule(let module): "--module \"\(module)\" is not a module name; allowed: letters, digits and _ . - + / @"
        case .badDirective(let directive): "--directive \"\(directive)\" must be one non-empty line"
        case .foreignDirective(let directive, let other, let scheduler):
            "--directive \"\(directive)\" is a \(other.rawValue) directive; this is --scheduler \(scheduler.rawValue) (\(scheduler.directivePrefix) lines, or the option alone, e.g. --mem=4G)"
        case .noTemplateFolder(let executable):
            "cannot find cluster/templates/ above \(executable): pass --templates FOLDER or set QUENCH_TEMPLATES (the folder holding slurm.sh, slurm-merge.sh, pbs.sh, pbs-merge.sh)"
        case .unreadableTemplate(let path):
            "cannot read the template \(path) (the templates folder must hold slurm.sh, slurm-merge.sh, pbs.sh, pbs-merge.sh)"
        case .unclosedPlaceholder(let template): "\(template): unclosed {{ placeholder"
        case .unknownPlaceholder(let template, let name, let known):
            "\(template): unknown placeholder {{\(name)}}; known: \(known.joined(separator: ", "))"
        case .refused(let refusal): "\(refusal)"
        case .cannotCreateLogFolder(let path, let reason): "cannot create \(path): \(reason)"
        case .cannotWriteScript(let error): "cannot write \(error)"
        case .cannotRecord(let ids, let error): "submitted \(ids.joined(separator: ", ")) but cannot record it: \(error)"
        case .schedulerMissing(let scheduler, let path):
            "\(scheduler.submitCommand) not found on PATH (\(path)): submit from a \(scheduler.rawValue) login node, or load the scheduler's module; --dry-run prints the script without submitting"
        case .cannotRun(let executable, let reason): "cannot run \(executable): \(reason)"
        case .schedulerFailed(let scheduler, let status, let script, let stderr, let stdout, let submitted):
            ("\(scheduler.submitCommand) \(status == 0 ? "printed no job id" : "failed (exit \(status))") for \(script): "
                + "\(stderr.trimmingCharacters(in: .whitespacesAndNewlines)) \(stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
                .trimmingCharacters(in: .whitespaces)
                + (submitted.map { "; job \($0.id) (\($0.role)) was submitted: scancel/qdel it, or submit \(script) by hand with a dependency on it" } ?? "")
        }
    }
}
