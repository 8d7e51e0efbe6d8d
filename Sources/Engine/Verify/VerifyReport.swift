import Foundation
import Models

/// How a verification ran: facts of this execution, not of the scan. verify.json keeps them in its
/// `run` object, apart from the rest, which is the same bytes whatever the rank and thread counts.
package struct VerifyExecution: Sendable {
    package let ranks: Int
    package let threadsPerRank: Int
    /// Wall time of the recomputation.
    package let seconds: Double
    package let date: Date

    /// "2 thread(s)", or under a launcher of several ranks "3 rank(s) × 1 thread(s)".
    static func workers(ranks: Int, threadsPerRank: Int) -> String {
        (ranks > 1 ? "\(ranks) rank(s) × " : "") + "\(threadsPerRank) thread(s)"
    }
}

/// What `quench verify` found: per observable the worst |Δ|/bound on the sample, with its point, where
/// Δ = results.csv − recomputed value and the bound is the observable's `Accuracy` at the scan's
/// tolerance. Printed as text and written as verify.json.
package struct VerifyReport {
    package let folder: String
    let job: Job
    /// The recomputation's method and tolerance (the scan's tolerance / factor).
    package let reference: IntegratorSettings
    package let factor: Double
    package let sample: [Int]
    let comparison: Comparison
    /// The checksum of the results.csv compared (plots and reports tell by it whether verify.json is
    /// stale), and whether it is still the file the run wrote (the manifest's checksum).
    package let results: (fnv1a64: String, matchesManifest: Bool)
    package let execution: VerifyExecution

    init(folder: String, job: Job, reference: IntegratorSettings, factor: Double, sample: [Int], comparison: Comparison,
         results: (fnv1a64: String, matchesManifest: Bool), execution: VerifyExecution) {
        self.folder = folder
        self.job = job
        self.reference = reference
        self.factor = factor
        self.sample = sample
        self.comparison = comparison
        self.results = results
        self.execution = execution
    }

    package var checks: [ObservableCheck] { comparison.checks }
    /// Judged observables whose worst ratio exceeds 1.
    package var exceeded: [ObservableCheck] { checks.filter { ($0.worstRatio ?? 0) > 1 } }
    /// Every judged ratio ≤ 1 on at least one compared point.
    package var passed: Bool { comparison.compared > 0 && exceeded.isEmpty }
    package var exitCode: Int32 { passed ? 0 : ScanVerifier.exceededExitCode }

    /// The scan axes' values at a point, as "name = value, …".
    func parameters(_ point: Int) -> String {
        axisValues(point).map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
    }

    func axisValues(_ point: Int) -> [(name: String, value: ParameterValue)] {
        let description = job.model.description, values = job.point(point).values
        return job.axes.compactMap { axis in description.parameterIndex(axis.parameter).map { (axis.parameter, values[$0]) } }
    }

    // MARK: text

    package var text: String {
        let model = job.model.description.name, tolerance = job.integrator.tolerance
        var lines = ["\(folder): \(model), \(sample.count) of \(job.pointCount) points recomputed with \(reference.method) at tolerance "
            + "\(Self.number(reference.tolerance)) (the scan: \(job.integrator.method) at \(Self.number(tolerance)), factor \(Self.number(factor))); "
            + "\(VerifyExecution.workers(ranks: execution.ranks, threadsPerRank: execution.threadsPerRank)), \(String(format: "%.2f", execution.seconds)) s"]
        if !results.matchesManifest { lines.append("note: results.csv is not the file the run wrote (its checksum differs from the manifest's): edited since?") }
        let judged = checks.filter(\.judged)
        if judged.isEmpty {
            lines.append("no observable of \(model) is bounded by the tolerance (`quench models \(model)`)")
        } else {
            var table = [["observable", "accuracy", "worst |Δ|/bound", "|Δ|", "bound", "point", "parameters"]]
            for check in judged {
                table.append([check.name, check.accuracy.description, Self.number(check.worstRatio ?? 0), Self.number(check.difference),
                              check.bound.map(Self.number) ?? "", check.point.map(String.init) ?? "–", check.point.map(parameters) ?? ""])
            }
            lines += Self.columns(table).map { "  " + $0 }
        }
        let unjudged = checks.filter { !$0.judged }.map { check in
            "\(check.name) \(Self.number(check.difference / tolerance))" + (check.difference > 0 ? check.point.map { " (point \($0))" } ?? "" : "")
        }
        if !unjudged.isEmpty { lines.append("not judged (accuracy unstated), worst |Δ|/tol: " + unjudged.joined(separator: ", ")) }
        let skipped = comparison.missing.count + comparison.failedInResults.count + comparison.failedOnRecomputation.count
        if skipped > 0 {
            var parts: [String] = []
            if !comparison.failedInResults.isEmpty { parts.append("\(comparison.failedInResults.count) failed in results.csv (\(Self.list(comparison.failedInResults)))") }
            if !comparison.missing.isEmpty { parts.append("\(comparison.missing.count) missing from results.csv (\(Self.list(comparison.missing)))") }
            if !comparison.failedOnRecomputation.isEmpty {
                let first = comparison.failedOnRecomputation[0]
                parts.append("\(comparison.failedOnRecomputation.count) failed when recomputed (\(Self.list(comparison.failedOnRecomputation.map(\.point))); point \(first.point): \(first.reason))")
            }
            lines.append("skipped \(skipped) of \(sample.count) sampled points: " + parts.joined(separator: "; "))
        }
        for check in exceeded {
            let point = check.point ?? 0
            lines.append("exceeded: \(check.name) at point \(point) (\(parameters(point))): results.csv \(check.stored), recomputed "
                + "\(check.recomputed), |Δ| = \(Self.number(check.difference)) > bound \(check.bound.map(Self.number) ?? "") (\(check.accuracy.rule))")
        }
        if comparison.compared == 0 { lines.append("no sampled point could be compared") }
        lines.append(passed ? "passed: every judged observable within its bound on \(comparison.compared) point(s); wrote \(folder)/verify.json"
                            : "failed (exit \(ScanVerifier.exceededExitCode)); wrote \(folder)/verify.json")
        return lines.joined(separator: "\n")
    }

    /// Rows padded to aligned columns.
    static func columns(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }

    /// Three significant digits (exactly 0 as 0).
    static func number(_ x: Double) -> String { x == 0 ? "0" : x.isFinite ? String(format: "%.3g", x) : "\(x)" }

    /// Point indices, the first 8 and a count of the rest.
    static func list(_ points: [Int]) -> String {
        let shown = points.prefix(8).map(String.init).joined(separator: ", ")
        return points.count > 8 ? shown + ", … \(points.count - 8) more" : shown
    }

    // MARK: verify.json

    /// verify.json: the job, the recomputation, the sample, one entry per observable that is not a
    /// diagnostic, results.csv's checksum, and the verdict; the `run` object (ranks, threads per rank,
    /// seconds, date) alone depends on how verify ran. Non-finite numbers are the strings "nan", "inf", "-inf".
    package var json: Data {
        let observables: [[String: Any]] = checks.map { check in
            var entry: [String: Any] = ["name": check.name, "accuracy": check.accuracy.description, "rule": check.accuracy.rule,
                                        "judged": check.judged, "worst_difference": Self.jsonNumber(check.difference)]
            if let ratio = check.worstRatio { entry["worst_ratio"] = Self.jsonNumber(ratio) }
            if let bound = check.bound { entry["bound"] = Self.jsonNumber(bound) }
            if let point = check.point {
                entry["point"] = point
                entry["parameters"] = Dictionary(uniqueKeysWithValues: axisValues(point).map { ($0.name, Manifest.jsonValue($0.value)) })
                entry["results_value"] = Self.jsonNumber(check.stored)
                entry["recomputed_value"] = Self.jsonNumber(check.recomputed)
            }
            return entry
        }
        let object: [String: Any] = [
            "job": ["file": job.file, "model": job.model.description.name, "fingerprint": FNV1a.hex(job.fingerprint),
                    "method": job.integrator.method, "tolerance": job.integrator.tolerance, "points": job.pointCount],
            "recomputation": ["method": reference.method, "tolerance": reference.tolerance, "factor": factor],
            "sample": ["points": sample, "compared": comparison.compared, "missing_in_results": comparison.missing,
                       "failed_in_results": comparison.failedInResults,
                       "failed_on_recomputation": comparison.failedOnRecomputation.map { ["point": $0.point, "reason": $0.reason] as [String: Any] }],
            "observables": observables,
            "results_checksum_matches": results.matchesManifest, "results_fnv1a64": results.fnv1a64,
            "passed": passed, "exit_code": exitCode,
            "run": ["ranks": execution.ranks, "threads_per_rank": execution.threadsPerRank, "seconds": execution.seconds,
                    "date": Manifest.iso(execution.date)],
            "quench": ["version": BuildInfo.version, "git_commit": BuildInfo.gitCommit, "build": BuildInfo.flavour],
        ]
        return ((try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()) + Data("\n".utf8)
    }

    static func jsonNumber(_ x: Double) -> Any {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return x
    }
}
