import Foundation

/// Writes the scripts of a request into `<output>/submit/` and hands them to sbatch or qsub; the array
/// shape submits the merge step with a dependency on the array (`afterok`). Every submission is
/// added to `<output>/submit/submissions.json`.
package enum BatchSubmitter {
    /// What was submitted.
    package struct Outcome: Sendable {
        package let submission: Submission
        package let scripts: [BatchScript]
    }

    /// Submits `scripts` (from `BatchScripts.render(request, …)`) for `job`. Before anything is written,
    /// the scheduler command must be on PATH and the output folder must accept the scan (as `quench run`
    /// would: an earlier scan needs --resume or --overwrite). --overwrite discards the earlier scan
    /// here, since the jobs always resume (a requeued job must never discard its own progress).
    package static func submit(_ request: BatchRequest, scripts: [BatchScript], job: Job,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(SubmitError) -> Outcome {
        let command = request.scheduler.submitCommand
        guard let executable = ExternalCommand.find(command, environment: environment) else {
            throw .schedulerMissing(request.scheduler, path: environment["PATH"] ?? "")
        }
        let folder = OutputFolder(path: request.output)
        let resume = request.existingScan.contains("--resume"), overwrite = request.existingScan.contains("--overwrite")
        let lock: FolderLock
        do {
            try OutputFolder.checkPath(request.output)
            try FolderLock.checkFree(folder: request.output)
            try folder.check(for: job, resume: resume, overwrite: overwrite)
            _ = try folder.createFolder()
            let taken = try FolderLock.acquire(folder: request.output, command: "submit")
            lock = taken.lock
            for note in taken.notes { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        } catch { throw .folderRefusal(error, folder: request.output) }
        defer { lock.release() }
        do {
            try folder.check(for: job, resume: resume, overwrite: overwrite)
            if overwrite { try folder.discard() }
        } catch { throw .folderRefusal(error, folder: request.output) }

        do {
            try FileManager.default.createDirectory(atPath: request.logFolder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateLogFolder(path: request.logFolder, reason: error.localizedDescription)
        }
        for script in scripts {
            do { try AtomicFile.write(script.text, to: script.path) } catch { throw .cannotWriteScript(error) }
            chmod(script.path, 0o755)
        }

        var jobs: [SubmittedJob] = []
        for script in scripts {
            var arguments: [String] = request.scheduler == .slurm ? ["--parsable"] : []
            if script.role == "merge", let array = jobs.first?.id {
                arguments += request.scheduler == .slurm ? ["--dependency=afterok:\(array)"] : ["-W", "depend=afterok:\(array)"]
            }
            let result: ExternalCommand.Result
            do {
                // qsub wrappers may drop their own log files into the working directory: use the log folder.
                result = try ExternalCommand.run(executable, arguments + [script.path], directory: request.logFolder)
            } catch {
                throw .cannotRun(executable: executable, reason: "\(error)")
            }
            let id = result.status == 0 ? jobID(result.stdout, scheduler: request.scheduler) : nil
            guard let id else {
                if !jobs.isEmpty { _ = try? record(request, jobs) }
                throw .schedulerFailed(request.scheduler, status: result.status, script: script.path,
                                       stderr: result.stderr, stdout: result.stdout, submitted: jobs.first)
            }
            jobs.append(SubmittedJob(role: script.role, id: id, script: script.path))
        }
        return Outcome(submission: try record(request, jobs), scripts: scripts)
    }

    @discardableResult
    static func record(_ request: BatchRequest, _ jobs: [SubmittedJob]) throws(SubmitError) -> Submission {
        let submission = Submission(scheduler: request.scheduler.rawValue, shape: request.shape.rawValue, resubmission: 0, jobs: jobs)
        do { try SubmissionLog.append(submission, output: request.output) } catch {
            throw .cannotRecord(jobIDs: jobs.map(\.id), error)
        }
        return submission
    }

    /// The job id in sbatch --parsable output ("123" or "123;cluster") or qsub output ("123.server",
    /// "123[].server"; Slurm's qsub wrapper prints "123"); nil if there is none.
    package static func jobID(_ output: String, scheduler: Scheduler) -> String? {
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard var id = scheduler == .slurm ? lines.first : lines.last else { return nil }
        if scheduler == .slurm { id = String(id.prefix { $0 != ";" }) }
        guard let first = id.first, first.isNumber, !id.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" }) else { return nil }
        if scheduler == .slurm && !id.allSatisfy({ $0.isNumber || $0 == "_" }) { return nil }
        return id
    }
}

/// Runs a program and captures its output (in files: no pipe deadlocks).
enum ExternalCommand {
    struct Result { let status: Int32; let stdout: String; let stderr: String }

    /// The executable `name` on PATH (or `name` itself if it holds a slash), nil if missing.
    static func find(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func run(_ executable: String, _ arguments: [String], directory: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let temporary = FileManager.default.temporaryDirectory
        let out = temporary.appendingPathComponent("quench-submit-\(UUID().uuidString).out")
        let err = temporary.appendingPathComponent("quench-submit-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
