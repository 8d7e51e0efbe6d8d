import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// What `quench report` and `quench plot` say of a scan's verify.json: nothing (plot) or "not
/// verified" (report) without one, the verdict while it checked the present results.csv, "stale" after.
@Suite("verify.json in the report and the plots", .serialized)
struct VerificationDisplayTests {
    func report(_ folder: String) throws -> String {
        let result = try Command.quench(["report", folder])
        #expect(result.status == 0, "\(result.stderr)")
        return try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
    }

    /// The subtitle lines of `quench plot folder extra…` (p_stay vs v by default), and its standard error.
    func subtitles(_ folder: String, _ extra: [String] = []) throws -> (lines: [String], stderr: String) {
        let output = folder + "/plot.svg"
        let result = try Command.quench(["plot", folder, "--output", output] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: output))
        return (try document.nodes(forXPath: "//*[@class='subtitle']").compactMap(\.stringValue), result.stderr)
    }

    @Test("report: not verified before quench verify; then the verdict, the recomputation and p_stay's worst |Δ|/bound at its point; stale once results.csv changed")
    func reportSection() throws {
        let (folder, _) = try VerifiedScan.make("report")
        #expect(try report(folder).contains("not verified (run <code>quench verify \(folder)</code>)"))

        #expect(try Command.quench(["verify", folder]).status == 0)
        let pStay = try #require(VerifiedScan.observable(try VerifiedScan.json(folder), "p_stay"))
        let ratio = try #require(pStay["worst_ratio"] as? Double), point = try #require(pStay["point"] as? Int)
        let page = try report(folder)
        #expect(page.contains("passed: every judged observable within its bound on 12 of 12 sampled points"))
        #expect(page.contains("12 of 12 points recomputed with auto at tolerance 1e-10 (the scan: auto at 1e-08, factor 100)"))
        #expect(page.contains("<tr><td>p_stay</td><td>absolute</td><td class=\"num\">\(String(format: "%.3g", ratio))</td>"), "\(page)")
        #expect(page.contains("<td class=\"num\">\(point)</td>"))
        #expect(!page.contains("not verified"))

        try VerifiedScan.corrupt(folder, point: 3)
        let stale = try report(folder)
        #expect(stale.contains("verify.json is stale, not shown: results.csv changed since quench verify checked it"), "\(stale)")
        #expect(!stale.contains("class=\"verdict"))
    }

    @Test("plot: one subtitle line without verify.json; a second after verify, on p_stay but not p_adiabatic (unstated); NOT verified at the edited point; stale, with a warning, once results.csv changed again")
    func plotSubtitle() throws {
        let (folder, _) = try VerifiedScan.make("plot")
        let before = try subtitles(folder)
        #expect(before.lines.count == 1 && !before.lines[0].contains("verif"), "\(before.lines)")

        #expect(try Command.quench(["verify", folder]).status == 0)
        let ratio = try #require(VerifiedScan.observable(try VerifiedScan.json(folder), "p_stay")?["worst_ratio"] as? Double)
        let verified = try subtitles(folder)
        #expect(verified.lines.count == 2 && verified.lines.first == before.lines.first)
        #expect(verified.lines.last == "verified: worst |Δ|/bound \(String(format: "%.3g", ratio)) on 12 points (auto at 1e-10)", "\(verified.lines)")
        #expect(try subtitles(folder, ["--y", "p_adiabatic"]).lines.count == 1)

        try VerifiedScan.corrupt(folder, point: 5)
        #expect(try Command.quench(["verify", folder]).status == 8)
        let failed = try subtitles(folder)
        #expect(failed.lines.last?.hasPrefix("NOT verified: worst |Δ|/bound ") == true, "\(failed.lines)")
        #expect(failed.lines.last?.hasSuffix(" at point 5 on 12 points (auto at 1e-10)") == true, "\(failed.lines)")

        try VerifiedScan.corrupt(folder, point: 6)
        let stale = try subtitles(folder)
        #expect(stale.lines.last == "verification stale: results.csv changed since quench verify checked it (resumed, rerun or edited)", "\(stale.lines)")
        #expect(stale.stderr.contains("warning: verify.json is stale"), "\(stale.stderr)")
    }
}
