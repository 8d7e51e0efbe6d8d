import Foundation

extension ScanReport {
    /// The report's "Verification" section: what verify.json says while it speaks for results.csv (the
    /// verdict, the sample, the recomputation, per observable the worst |Δ|/bound with its point);
    /// otherwise that the scan was not verified, or that verify.json is stale and why.
    static func verification(_ folder: ScanFolder) -> String {
        let html = "<h2 id=\"verification\">Verification</h2>\n"
        let command = "quench verify \(folder.path)"
        let verification: Verification
        switch VerificationState.of(folder) {
        case .absent: return html + "<p class=\"not-verified\">not verified (run <code>\(e(command))</code>)</p>\n"
        case .stale(let reason):
            return html + "<p class=\"note stale\">verify.json is stale, not shown: \(e(reason)); run <code>\(e(command))</code> again</p>\n"
        case .current(let current): verification = current
        }
        let n = VerifyReport.number
        let verdict = verification.passed
            ? "passed: every judged observable within its bound on \(verification.compared) of \(verification.sampled) sampled points"
            : "failed: " + (verification.compared == 0 ? "no sampled point could be compared"
                : "an observable exceeds its bound (compared \(verification.compared) of \(verification.sampled) sampled points)")
        var text = html + "<p class=\"verdict \(verification.passed ? "passed" : "failed")\"><b>\(e(verdict))</b></p>\n"
        text += "<p>\(verification.sampled) of \(verification.pointCount) points recomputed with \(e(verification.recomputation.method)) at tolerance "
            + "\(n(verification.recomputation.tolerance)) (the scan: \(e(verification.scan.method)) at \(n(verification.scan.tolerance)), factor "
            + "\(n(verification.recomputation.factor))), \(e(verification.date)).</p>\n"
        if !verification.resultsMatchedManifest {
            text += "<p class=\"note\">results.csv was not the file the run wrote when verify read it (edited after the run).</p>\n"
        }
        let judged = verification.observables.filter(\.judged)
        if !judged.isEmpty {
            text += "<table class=\"verification\"><tr><th>observable</th><th>accuracy</th><th>worst |Δ|/bound</th><th>|Δ|</th><th>bound</th>"
                + "<th>point</th><th>parameters</th></tr>\n"
            for check in judged {
                let exceeded = (check.worstRatio ?? 0) > 1 ? " class=\"note\"" : ""
                text += "<tr\(exceeded)><td>\(e(check.name))</td><td>\(e(check.accuracy))</td><td class=\"num\">\(n(check.worstRatio ?? 0))</td>"
                    + "<td class=\"num\">\(n(check.difference))</td><td class=\"num\">\(check.bound.map(n) ?? "")</td>"
                    + "<td class=\"num\">\(check.point.map(String.init) ?? "–")</td><td>\(e(check.parameters))</td></tr>\n"
            }
            text += "</table>\n"
        }
        let unjudged = verification.observables.filter { !$0.judged }.map { check in
            "\(check.name) \(n(check.difference / verification.scan.tolerance))" + (check.difference > 0 ? check.point.map { " (point \($0))" } ?? "" : "")
        }
        if !unjudged.isEmpty { text += "<p>not judged (accuracy unstated), worst |Δ|/tol: \(e(unjudged.joined(separator: ", ")))</p>\n" }
        return text
    }
}
