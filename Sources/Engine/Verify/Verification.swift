import Foundation
import Models
import Plot

/// What a scan folder's verify.json says, as `quench report` and `quench plot` show it.
package enum VerificationState {
    /// No verify.json: the scan was not verified.
    case absent
    /// verify.json no longer speaks for results.csv, or cannot be read: why, in a few words.
    case stale(String)
    /// verify.json checked this results.csv.
    case current(Verification)

    /// Reads `folder/verify.json`; it is stale unless it recorded results.csv's present checksum and
    /// the manifest's job. (A rerun that wrote the same bytes leaves it current: it speaks of those numbers.)
    package static func of(_ folder: ScanFolder) -> VerificationState {
        let path = folder.path + "/verify.json"
        guard let data = FileManager.default.contents(atPath: path) else { return .absent }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let verification = Verification(json: json, axes: folder.axes.map(\.name)) else {
            return .stale("verify.json cannot be read as a report of quench verify")
        }
        guard let checksum = json["results_fnv1a64"] as? String else {
            return .stale("verify.json records no checksum of results.csv (an earlier quench wrote it)")
        }
        let manifestJob = (folder.manifest["job"] as? [String: Any])?["fingerprint"] as? String
        if verification.fingerprint != manifestJob {
            return .stale("verify.json checked another job than the manifest's (the scan was rerun with another job file)")
        }
        if checksum != folder.resultsChecksum {
            return .stale("results.csv changed since quench verify checked it (resumed, rerun or edited)")
        }
        return .current(verification)
    }
}

/// The parts of verify.json that a report or a figure shows.
package struct Verification {
    package struct Observable {
        package let name: String
        /// "absolute", "relative (floor 1)", "exact", "unstated".
        package let accuracy: String
        package let judged: Bool
        /// Worst |Δ|/bound on the sample (judged observables).
        package let worstRatio: Double?
        /// |Δ| at the worst point (for an unjudged observable the largest |Δ|).
        package let difference: Double
        package let bound: Double?
        package let point: Int?
        /// The scan axes at that point: "v = 2.5, delta = 1".
        package let parameters: String
    }

    let fingerprint: String?
    /// The scan's method and tolerance; the recomputation's, and the factor between them.
    package let scan: (method: String, tolerance: Double)
    package let recomputation: (method: String, tolerance: Double, factor: Double)
    package let pointCount: Int
    package let sampled: Int
    package let compared: Int
    package let passed: Bool
    /// When verify ran (ISO 8601).
    package let date: String
    /// false when results.csv was not the file the run wrote (edited before verify).
    package let resultsMatchedManifest: Bool
    package let observables: [Observable]

    init?(json: [String: Any], axes: [String]) {
        guard let job = json["job"] as? [String: Any], let recomputation = json["recomputation"] as? [String: Any],
              let sample = json["sample"] as? [String: Any], let entries = json["observables"] as? [[String: Any]],
              let scanMethod = job["method"] as? String, let scanTolerance = Self.number(job["tolerance"]),
              let method = recomputation["method"] as? String, let tolerance = Self.number(recomputation["tolerance"]),
              let factor = Self.number(recomputation["factor"]), let points = sample["points"] as? [Int],
              let compared = sample["compared"] as? Int, let passed = json["passed"] as? Bool else { return nil }
        fingerprint = job["fingerprint"] as? String
        scan = (scanMethod, scanTolerance)
        self.recomputation = (method, tolerance, factor)
        pointCount = job["points"] as? Int ?? 0
        sampled = points.count
        self.compared = compared
        self.passed = passed
        date = (json["run"] as? [String: Any])?["date"] as? String ?? "?"
        resultsMatchedManifest = json["results_checksum_matches"] as? Bool ?? true
        observables = entries.compactMap { entry in
            guard let name = entry["name"] as? String else { return nil }
            let values = entry["parameters"] as? [String: Any] ?? [:]
            return Observable(name: name, accuracy: entry["accuracy"] as? String ?? "?", judged: entry["judged"] as? Bool ?? false,
                              worstRatio: Self.number(entry["worst_ratio"]), difference: Self.number(entry["worst_difference"]) ?? .nan,
                              bound: Self.number(entry["bound"]), point: entry["point"] as? Int,
                              parameters: axes.compactMap { axis in values[axis].map { "\(axis) = \(ScanFolder.text($0))" } }.joined(separator: ", "))
        }
    }

    package func observable(_ name: String) -> Observable? { observables.first { $0.name == name } }

    /// A figure's line about observable `name` when verify judged it: "verified: worst |Δ|/bound 0.28
    /// on 16 points (auto at 1e-11)", or "NOT verified: …" when it exceeds its bound; nil otherwise.
    package func note(for name: String) -> String? {
        guard let check = observable(name), check.judged, let ratio = check.worstRatio else { return nil }
        let how = "(\(recomputation.method) at \(VerifyReport.number(recomputation.tolerance)))"
        guard compared > 0 else { return "NOT verified: quench verify could compare no sampled point \(how)" }
        let worst = "worst |Δ|/bound \(VerifyReport.number(ratio))"
        return ratio <= 1 ? "verified: \(worst) on \(compared) points \(how)"
                          : "NOT verified: \(worst) at point \(check.point ?? 0) on \(compared) points \(how)"
    }

    /// verify.json's numbers: JSON numbers, or "nan", "inf", "-inf".
    static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        return (value as? String).flatMap(CSVTable.number)
    }
}
