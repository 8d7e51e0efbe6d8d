import Foundation

/// One job handed to a scheduler.
package struct SubmittedJob: Codable, Equatable, Sendable {
    /// "mpi" (the whole scan), "array" (one task per slice) or "merge" (the step after the array).
    package var role: String
    /// The scheduler's job id, as sbatch/qsub printed it.
    package var id: String
    /// The script that was submitted.
    package var script: String

    package init(role: String, id: String, script: String) {
        self.role = role
        self.id = id
        self.script = script
    }

    /// A job as the scripts pass it to `quench record-submission --job`: "role:id:script" (the script
    /// may hold colons); nil without two colons or with an empty id.
    package init?(recorded text: String) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[1].isEmpty else { return nil }
        self.init(role: parts[0], id: parts[1], script: parts[2])
    }
}

/// One submission: by `quench submit` on a login node, or a resubmission by a job script that
/// stopped at its time limit.
package struct Submission: Codable, Equatable, Sendable {
    package var time: String
    package var scheduler: String
    package var shape: String
    /// 0 for `quench submit`, n for the n-th resubmission by the scripts.
    package var resubmission: Int
    package var jobs: [SubmittedJob]

    package init(time: Date = Date(), scheduler: String, shape: String, resubmission: Int, jobs: [SubmittedJob]) {
        self.time = Manifest.iso(time)
        self.scheduler = scheduler
        self.shape = shape
        self.resubmission = resubmission
        self.jobs = jobs
    }
}

/// `<output>/submit/submissions.json`: every submission of the scan, oldest first, rewritten
/// atomically on each addition. The manifest of the finished scan repeats it.
package enum SubmissionLog {
    package static func path(output: String) -> String { output + "/submit/submissions.json" }

    /// The submissions recorded for the scan in `output` (empty if none or unreadable).
    package static func read(output: String) -> [Submission] {
        guard let data = FileManager.default.contents(atPath: path(output: output)),
              let log = try? JSONDecoder().decode([String: [Submission]].self, from: data) else { return [] }
        return log["submissions"] ?? []
    }

    /// Adds a submission (read, append, atomic rewrite). Submissions of one scan never race: the login
    /// node submits before any job runs, and a job resubmits only as it ends.
    package static func append(_ submission: Submission, output: String) throws(OutputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(["submissions": read(output: output) + [submission]]) else {
            throw OutputError(path: path(output: output), reason: "cannot encode")
        }
        try AtomicFile.write(data, to: path(output: output))
    }
}

/// The batch job a run is part of, from the scheduler's environment, and the scan's submissions;
/// written to the manifest under "scheduler".
package struct BatchJobContext: Sendable {
    package var jobID: String?
    package var arrayJobID: String?
    package var arrayTaskID: String?
    package var submissions: [Submission]

    /// Whether this process runs inside a Slurm or PBS job.
    package static func insideBatchJob(_ environment: [String: String]) -> Bool {
        environment["SLURM_JOB_ID"] != nil || environment["PBS_JOBID"] != nil
    }

    /// nil when the run is not in a batch job and the scan was never submitted.
    package static func current(environment: [String: String], output: String) -> BatchJobContext? {
        let context = BatchJobContext(
            jobID: environment["SLURM_JOB_ID"] ?? environment["PBS_JOBID"],
            arrayJobID: environment["SLURM_ARRAY_JOB_ID"] ?? environment["PBS_ARRAY_ID"],
            arrayTaskID: environment["SLURM_ARRAY_TASK_ID"] ?? environment["PBS_ARRAY_INDEX"] ?? environment["PBS_ARRAYID"],
            submissions: SubmissionLog.read(output: output))
        return context.jobID == nil && context.submissions.isEmpty ? nil : context
    }

    var json: [String: Any] {
        var object: [String: Any] = ["job_id": jobID ?? NSNull()]
        if let arrayJobID { object["array_job_id"] = arrayJobID }
        if let arrayTaskID { object["array_task_id"] = arrayTaskID }
        let data = (try? JSONEncoder().encode(submissions)) ?? Data("[]".utf8)
        object["submissions"] = (try? JSONSerialization.jsonObject(with: data)) ?? []
        object["job_ids"] = submissions.flatMap { $0.jobs.map(\.id) }
        return object
    }
}
