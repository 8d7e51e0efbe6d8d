import Foundation

/// A batch scheduler `quench submit` can write scripts for.
package enum Scheduler: String, CaseIterable, Sendable {
    case slurm, pbs

    /// The command that submits a script.
    package var submitCommand: String { self == .slurm ? "sbatch" : "qsub" }
    /// The directive prefix of script lines the scheduler reads.
    var directivePrefix: String { self == .slurm ? "#SBATCH" : "#PBS" }
    /// The launcher used unless --launcher says otherwise.
    package var defaultLauncher: Launcher { self == .slurm ? .srun : .mpirun }
}

/// How a scan becomes batch jobs.
package enum BatchShape: String, CaseIterable, Sendable {
    /// One MPI job for the whole scan.
    case mpi
    /// A job array, task i of K running slice i/K, then a merge step that depends on the array.
    case array
}

/// What starts the MPI ranks inside the job.
package enum Launcher: String, CaseIterable, Sendable {
    /// `srun --mpi=pmix` (Slurm with PMIx).
    case srun
    /// `mpirun` with `--map-by slot:PE=threads` (sites without PMIx in Slurm, and PBS).
    case mpirun
}

/// A time limit, HH:MM:SS or D-HH:MM:SS.
package struct Walltime: Sendable, Equatable {
    package let seconds: Int

    package init(seconds: Int) { self.seconds = seconds }

    /// Parses HH:MM:SS (hours may exceed 23) or D-HH:MM:SS; the error names the value and the forms allowed.
    package static func parse(_ text: String) -> Result<Walltime, SubmitError> {
        let bad = SubmitError.badTime(text)
        var rest = Substring(text)
        var days = 0
        if let dash = rest.firstIndex(of: "-") {
            guard let d = Int(rest[..<dash]), d >= 0, rest[..<dash].allSatisfy(\.isNumber) else { return .failure(bad) }
            days = d
            rest = rest[rest.index(after: dash)...]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              parts[1].count == 2, parts[2].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), let s = Int(parts[2]),
              m < 60, s < 60, days == 0 || (h < 24 && parts[0].count <= 2), days < 366, h < 100_000 else { return .failure(bad) }
        let total = ((days * 24 + h) * 60 + m) * 60 + s
        return total > 0 ? .success(Walltime(seconds: total)) : .failure(bad)
    }

    /// D-HH:MM:SS when a day or more, else HH:MM:SS (Slurm's --time).
    package var slurm: String {
        let days = seconds / 86_400
        let clock = Self.clock(seconds % 86_400)
        return days > 0 ? "\(days)-\(clock)" : clock
    }

    /// HH:MM:SS with as many hours as needed (PBS walltime).
    package var pbs: String { Self.clock(seconds) }

    static func clock(_ seconds: Int) -> String {
        String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// The safety margin before the limit when none is given: 10% of the limit, at least 60 s and at
    /// most 15 min, and never more than half the limit. It must cover start-up and the longest point.
    package var defaultMargin: Int { min(max(seconds / 10, 60), 900, seconds / 2) }
}

/// Everything `quench submit` puts into the scripts. Paths are absolute.
package struct BatchRequest: Sendable {
    package var scheduler: Scheduler
    package var shape: BatchShape = .mpi
    package var nodes = 1
    package var tasksPerNode = 1
    package var threadsPerTask = 1
    package var walltime: Walltime
    /// Seconds before the limit at which the run stops taking points (default: `walltime.defaultMargin`).
    package var margin: Int?
    package var partition: String?
    package var account: String?
    /// Extra directive lines, with or without the "#SBATCH"/"#PBS" prefix.
    package var directives: [String] = []
    /// K for --shape array.
    package var arrayTasks: Int?
    package var launcher: Launcher?
    /// Environment modules to load in the job (none: a commented placeholder).
    package var modules: [String] = []
    package var resubmit = false
    package var maxResubmissions = 10
    /// How to treat an earlier scan in the output folder: [], ["--resume"] or ["--overwrite"]. Checked
    /// (and --overwrite applied) by `BatchSubmitter` on the login node; the scripts always resume.
    package var existingScan: [String] = []
    package var quench: String
    package var job: String
    package var jobName: String
    package var output: String
    package var workingDirectory: String

    package init(scheduler: Scheduler, walltime: Walltime, quench: String, job: String, jobName: String, output: String, workingDirectory: String) {
        self.scheduler = scheduler
        self.walltime = walltime
        self.quench = quench
        self.job = job
        self.jobName = jobName
        self.output = output
        self.workingDirectory = workingDirectory
    }

    /// A scheduler-safe job name from a job's name: letters, digits, . _ - (others become -), at most
    /// 64 characters; "quench" for an empty name.
    package static func jobName(_ name: String) -> String {
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" }.prefix(64))
        return cleaned.isEmpty ? "quench" : cleaned
    }

    package var submitFolder: String { output + "/submit" }
    package var logFolder: String { submitFolder + "/logs" }
    /// Seconds after its start at which the run stops taking points.
    package var stopAfter: Int { walltime.seconds - (margin ?? walltime.defaultMargin) }

    /// Checks the values that end up in the scripts; the error names the option, the value and what is allowed.
    package func validate() throws(SubmitError) {
        for (name, value) in [("--nodes", nodes), ("--ntasks-per-node", tasksPerNode), ("--threads-per-task", threadsPerTask)] where value < 1 {
            throw .tooSmall(option: name, minimum: 1, value: value)
        }
        if shape == .array {
            guard let arrayTasks else { throw .arrayTasksMissing }
            guard arrayTasks >= 1 else { throw .tooSmall(option: "--array-tasks", minimum: 1, value: arrayTasks) }
        } else if arrayTasks != nil {
            throw .arrayTasksWithoutArray(shape: shape)
        }
        if let margin, margin < 0 || margin >= walltime.seconds {
            throw .badMargin(margin: margin, limit: walltime.seconds)
        }
        if maxResubmissions < 0 { throw .tooSmall(option: "--max-resubmissions", minimum: 0, value: maxResubmissions) }
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_.-+,:@="))
        for (name, value) in [("--partition", partition), ("--account", account)] {
            guard let value else { continue }
            if value.isEmpty || value.unicodeScalars.contains(where: { !safe.contains($0) || !$0.isASCII }) {
                throw .unsafeDirectiveValue(option: name, value: value)
            }
        }
        if output.contains(where: { $0.isWhitespace || "'\"\\$`".contains($0) }) {
            throw .unsafeOutput(output)
        }
        let moduleSafe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_.-+/@"))
        for module in modules where module.isEmpty || module.unicodeScalars.contains(where: { !moduleSafe.contains($0) || !$0.isASCII }) {
            throw .badModule(module)
        }
        for directive in directives {
            if directive.contains(where: \.isNewline) || directive.trimmingCharacters(in: .whitespaces).isEmpty {
                throw .badDirective(directive)
            }
            let other = Scheduler.allCases.first { $0 != scheduler && directive.hasPrefix($0.directivePrefix + " ") }
            if let other {
                throw .foreignDirective(directive, of: other, scheduler: scheduler)
            }
        }
    }
}
