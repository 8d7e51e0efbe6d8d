import CSupport
import Foundation
import Models

/// Facts about one run of a scan, written to `manifest.json` beside the results.
package struct RunReport: Sendable {
    package var ranks: Int
    package var threadsPerRank: Int
    package var schedule: String
    package var started: Date
    package var finished: Date
    /// Seconds each rank's workers spent evaluating points, by rank.
    package var busySeconds: [Double]
    /// Points each rank computed in this run, by rank.
    package var pointsByRank: [Int]
    package var pointsFromJournal: Int
    /// Failed points recomputed in this run by --retry-failed (with the integrator settings of this job).
    package var retriedFailed: Int = 0
    /// The batch job this run is part of and the scan's submissions (nil outside a scheduler).
    package var batchJob: BatchJobContext? = nil
    /// The journal's record files the results were read from (records.log, slice files).
    package var journalFiles: [String] = []
}

/// `manifest.json`: the job as parsed with defaults filled in, the build, where and how it ran
/// (`run`: this run; `runs`: every run that wrote the manifest, oldest first), per-rank busy time,
/// and a checksum of `results.csv`.
package enum Manifest {
    /// `earlierRuns`: the `runs` of the manifest this one replaces (a resume, a merge).
    package static func json(job: Job, report: RunReport, resultsCSV: String, failed: Int, earlierRuns: [Any] = []) -> Data {
        let description = job.model.description
        var axes: [String: Any] = [:]
        for axis in job.axes { axes[axis.parameter] = axis.values.map(jsonValue) }
        var fixed: [String: Any] = [:]
        for (name, value) in job.fixed { fixed[name] = jsonValue(value) }
        let wall = report.finished.timeIntervalSince(report.started)
        let totalBusy = report.busySeconds.reduce(0, +)
        let meanBusy = totalBusy / Double(max(report.busySeconds.count, 1))
        let run: [String: Any] = [
            "host": ProcessInfo.processInfo.hostName, "ranks": report.ranks, "threads_per_rank": report.threadsPerRank,
            "schedule": report.schedule, "started": iso(report.started), "finished": iso(report.finished),
            "wall_seconds": wall, "points_from_journal": report.pointsFromJournal, "retried_failed": report.retriedFailed,
            "points_computed": report.pointsByRank.reduce(0, +), "journal_files": report.journalFiles,
            "imbalance": meanBusy > 0 ? (report.busySeconds.max() ?? 0) / meanBusy : 1,
            "build": BuildInfo.flavour, "quench_version": BuildInfo.version, "git_commit": BuildInfo.gitCommit,
        ]
        var object: [String: Any] = [
            "quench": ["version": BuildInfo.version, "git_commit": BuildInfo.gitCommit, "build": BuildInfo.flavour],
            "job": [
                "file": job.file, "name": job.name, "model": description.name, "output": job.output,
                "axes": axes, "axis_order": job.axes.map(\.parameter), "fixed": fixed,
                "integrator": ["method": job.integrator.method, "tolerance": job.integrator.tolerance],
                "record": ["series": job.record.series, "samples": job.record.samples] as [String: Any],
                "points": job.pointCount, "fingerprint": FNV1a.hex(job.fingerprint),
            ],
            "run": run,
            "runs": earlierRuns + [run],
            "ranks": report.busySeconds.indices.map { r in
                ["rank": r, "busy_seconds": report.busySeconds[r], "points": report.pointsByRank[r]] as [String: Any]
            },
            "results": [
                "file": "results.csv", "rows": job.pointCount, "failed": failed,
                "fnv1a64": FNV1a.hex(FNV1a.hash(resultsCSV)),
                "columns": ["point"] + description.parameters.map(\.name) + description.observables.map(\.name) + ["status"],
            ],
        ]
        if let batchJob = report.batchJob { object["scheduler"] = batchJob.json }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    }

    /// The `runs` of the manifest at `path` (empty if there is none, or it is unreadable).
    static func runs(at path: String) -> [Any] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return object["runs"] as? [Any] ?? []
    }

    static func jsonValue(_ value: ParameterValue) -> Any {
        switch value {
        case .real(let x): x
        case .integer(let n): n
        case .text(let s): s
        case .list(let xs): xs
        }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// The version and the git commit of this build.
package enum BuildInfo {
    package static let version = "0.1.0"

    /// How the numeric kernels were built: "portable", or "cpu=NAME,fma" for QUENCH_TARGET_CPU=NAME.
    /// Flavours round differently, so journals and manifests record it. (`native` names no CPU: a
    /// cluster of mixed CPUs should build for a named one.)
    package static let flavour = String(cString: quench_build_flavour())

    /// The absolute path of the running executable (what batch scripts call).
    package static let executable: String = {
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if link != "/proc/self/exe", FileManager.default.isExecutableFile(atPath: link) { return link }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().path
    }()

    /// The first `relative` path that exists in a folder above the executable (up to 8 levels), e.g.
    /// the checkout's `.git` or `cluster/templates` for a binary built inside the repository.
    package static func findUpward(_ relative: String) -> String? {
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The commit of the checkout the running binary was built in (found by walking up from the
    /// executable to `.git`), `QUENCH_GIT_COMMIT` if set, else "unknown".
    package static let gitCommit: String = {
        if let commit = ProcessInfo.processInfo.environment["QUENCH_GIT_COMMIT"], !commit.isEmpty { return commit }
        guard let git = findUpward(".git").map(URL.init(fileURLWithPath:)),
              let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) else { return "unknown" }
        let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("ref: ") else { return trimmed }
        let ref = String(trimmed.dropFirst(5))
        if let commit = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
            return commit.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let packed = try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8),
           let line = packed.split(separator: "\n").first(where: { $0.hasSuffix(" " + ref) }) {
            return String(line.prefix { $0 != " " })
        }
        return "unknown"
    }()
}
