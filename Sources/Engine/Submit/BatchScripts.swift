import Foundation

/// A batch script ready to be written and submitted.
package struct BatchScript: Sendable {
    /// "mpi", "array" or "merge".
    package let role: String
    /// Where it goes: `<output>/submit/<scheduler>-<role>.sh`.
    package let path: String
    package let text: String
}

/// Fills in the templates of `cluster/templates/` (`<scheduler>.sh` for the MPI job and the array
/// tasks, `<scheduler>-merge.sh` for the merge step). A template holds `{{NAME}}` placeholders; every
/// one must be known, and values that reach the shell are single-quoted.
package enum BatchScripts {
    /// The scripts of a request: one for --shape mpi; the array tasks and the merge step for --shape array.
    package static func render(_ request: BatchRequest, templates: String) throws(SubmitError) -> [BatchScript] {
        try request.validate()
        let scheduler = request.scheduler.rawValue
        let main = BatchScript(role: request.shape.rawValue, path: "\(request.submitFolder)/\(scheduler)-\(request.shape.rawValue).sh",
                               text: try fill(template(templates, "\(scheduler).sh"), values(request, role: request.shape.rawValue, script: "\(request.submitFolder)/\(scheduler)-\(request.shape.rawValue).sh", arrayScript: nil)))
        guard request.shape == .array else { return [main] }
        let mergePath = "\(request.submitFolder)/\(scheduler)-merge.sh"
        let merge = BatchScript(role: "merge", path: mergePath,
                                text: try fill(template(templates, "\(scheduler)-merge.sh"), values(request, role: "merge", script: mergePath, arrayScript: main.path)))
        return [main, merge]
    }

    /// The template folder: `explicit` (--templates), else $QUENCH_TEMPLATES, else `cluster/templates`
    /// found by walking up from the quench executable (a build inside the repository finds its own).
    package static func templateFolder(explicit: String?, environment: [String: String]) throws(SubmitError) -> String {
        if let explicit { return explicit }
        if let folder = environment["QUENCH_TEMPLATES"], !folder.isEmpty { return folder }
        if let folder = BuildInfo.findUpward("cluster/templates") { return folder }
        throw .noTemplateFolder(executable: BuildInfo.executable)
    }

    static func template(_ folder: String, _ name: String) throws(SubmitError) -> (path: String, text: String) {
        let path = folder + "/" + name
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadableTemplate(path: path)
        }
        return (path, text)
    }

    /// Replaces every `{{NAME}}`; an unknown placeholder is an error naming the template.
    static func fill(_ template: (path: String, text: String), _ values: [String: String]) throws(SubmitError) -> String {
        var result = ""
        var rest = Substring(template.text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .unclosedPlaceholder(template: template.path)
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[name] else {
                throw .unknownPlaceholder(template: template.path, name: name, known: values.keys.sorted())
            }
            result += value
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// A word the shell takes literally: single-quoted unless it is plainly safe.
    package static func shellQuote(_ text: String) -> String {
        let plain = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-./:=@+,%"))
        if !text.isEmpty && text.unicodeScalars.allSatisfy({ $0.isASCII && plain.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func values(_ r: BatchRequest, role: String, script: String, arrayScript: String?) -> [String: String] {
        let slurm = r.scheduler == .slurm
        let merge = role == "merge"
        var directives: [String] = []
        if let partition = r.partition { directives.append(slurm ? "#SBATCH --partition=\(partition)" : "#PBS -q \(partition)") }
        if let account = r.account { directives.append(slurm ? "#SBATCH --account=\(account)" : "#PBS -A \(account)") }
        if r.shape == .array && !merge, let k = r.arrayTasks {
            directives.append(slurm ? "#SBATCH --array=0-\(k - 1)" : "#PBS -J 0-\(k - 1)")
        }
        for line in r.directives {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            directives.append(trimmed.hasPrefix(r.scheduler.directivePrefix + " ") ? trimmed : r.scheduler.directivePrefix + " " + trimmed)
        }
        let modules = r.modules.isEmpty
            ? "# module load openmpi swift        # site-specific: what provides OpenMPI and Swift 6 here"
            : "module load " + r.modules.joined(separator: " ")
        let logName = slurm ? (merge ? "merge-%j.out" : r.shape == .array ? "\(r.shape.rawValue)-%A_%a.out" : "\(r.shape.rawValue)-%j.out") : ""
        let mergeTime = Walltime(seconds: min(r.walltime.seconds, 1800))
        let q = shellQuote
        return [
            "JOB_NAME": r.jobName, "SHAPE": r.shape.rawValue, "SCRIPT_NAME": (script as NSString).lastPathComponent,
            "NODES": "\(r.nodes)", "NTASKS_PER_NODE": "\(r.tasksPerNode)", "THREADS": "\(r.threadsPerTask)",
            "NTASKS": "\(r.nodes * r.tasksPerNode)", "CPUS_PER_NODE": "\(r.tasksPerNode * r.threadsPerTask)",
            "TIME": slurm ? r.walltime.slurm : r.walltime.pbs, "MERGE_TIME": slurm ? mergeTime.slurm : mergeTime.pbs,
            "LOG": slurm ? r.logFolder + "/" + logName : r.logFolder + "/",
            "DIRECTIVES": directives.joined(separator: "\n"), "MODULES": modules,
            "QUENCH": q(r.quench), "JOB": q(r.job), "OUTPUT": q(r.output), "SCRIPT": q(script), "WORKDIR": q(r.workingDirectory),
            "LOGS": q(r.logFolder), "ARRAY_SCRIPT": q(arrayScript ?? ""),
            "LAUNCHER": (r.launcher ?? r.scheduler.defaultLauncher).rawValue, "ARRAY_TASKS": "\(r.arrayTasks ?? 1)",
            "STOP_AFTER": "\(r.stopAfter)", "RESUBMIT": r.resubmit ? "1" : "0", "MAX_RESUBMISSIONS": "\(r.maxResubmissions)",
        ]
    }
}
