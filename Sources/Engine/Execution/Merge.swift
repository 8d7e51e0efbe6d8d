import Foundation

extension ScanRunner {
    /// Writes `results.csv` and `manifest.json` from the journal of a scan whose points were computed
    /// elsewhere — the slices of a job array — reading every record file of the journal; computes
    /// nothing. Throws `.unfinished` (exit 6) and writes nothing when points are missing.
    package static func merge(jobPath: String, output: String?,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(RunError) -> RunSummary {
        let started = Date()
        let job: Job
        do { job = try JobLoader.load(path: jobPath) } catch { throw .job(error) }
        let folder = OutputFolder(path: output ?? job.output)
        guard folder.journal.exists else {
            throw .refused(.nothingToMerge(folder: folder.path))
        }
        let prepared = try folder.prepare(for: job, resume: true, overwrite: false, command: "merge")
        defer { prepared.lock.release() }
        for note in prepared.notes { FileHandle.standardError.write(Data((note + "\n").utf8)) }
        let journal = prepared.journal, records = prepared.records
        let files = Journal.recordFiles(in: journal.folder).map { ($0 as NSString).lastPathComponent }
        let missing = job.pointCount - records.count
        if missing > 0 {
            throw .unfinished("quench merge: \(missing) of \(job.pointCount) points are not in \(folder.path)/journal (\(files.joined(separator: ", "))): a slice stopped at its time limit or failed; results.csv was not written. Submit again with --resume, or compute them here with quench run \(jobPath) --output \(folder.path) --resume")
        }
        let report = RunReport(ranks: 1, threadsPerRank: 1, schedule: "merge", started: started, finished: Date(),
                               busySeconds: [0], pointsByRank: [0], pointsFromJournal: records.count,
                               batchJob: BatchJobContext.current(environment: environment, output: folder.path), journalFiles: files)
        let written: (csv: String, failed: Int)
        do { written = try folder.writeResults(job: job, records: records, report: report) } catch { throw .output(error) }
        return RunSummary(output: folder.path, points: job.pointCount, computed: 0, fromJournal: records.count, retried: 0,
                          failed: written.failed, ranks: 1, threadsPerRank: 1, wallSeconds: report.finished.timeIntervalSince(started),
                          busySeconds: [0], schedule: "merge")
    }
}
