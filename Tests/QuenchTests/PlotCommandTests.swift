import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `quench plot` and `quench report` on a small synthetic lz.two-level folder: 6 points over
/// v × delta, point 4 failed, point 1 with p_stay = 0.
@Suite("quench plot and report")
struct PlotCommandTests {
    let folder: String

    init() throws {
        folder = temporaryFolder("plot")
        let manifest = """
            {"job": {"name": "synthetic", "model": "lz.two-level", "file": "jobs/synthetic.toml",
                     "axes": {"v": [0.5, 1, 2], "delta": [1, 2]}, "axis_order": ["v", "delta"], "fixed": {"T": 50},
                     "integrator": {"method": "rk4", "tolerance": 1e-9}, "points": 6, "record": {"series": [], "samples": 100}},
             "run": {"host": "test", "ranks": 2, "threads_per_rank": 1, "schedule": "dynamic", "wall_seconds": 1.5, "imbalance": 1.2},
             "ranks": [{"rank": 0, "busy_seconds": 1.25, "points": 4}, {"rank": 1, "busy_seconds": 0.75, "points": 2}],
             "quench": {"version": "0.1.0", "git_commit": "abc"}}
            """
        let results = """
            point,v,delta,T,p_stay,p_adiabatic,norm_error,p_lz,status
            0,0.5,1.0,50.0,0.05,0.95,0.0,0.04,ok
            1,0.5,2.0,50.0,0.0,1.0,0.0,1e-5,ok
            2,1.0,1.0,50.0,0.2,0.8,0.0,0.21,ok
            3,1.0,2.0,50.0,0.01,0.99,0.0,0.002,ok
            4,2.0,1.0,50.0,nan,nan,nan,nan,failed
            5,2.0,2.0,50.0,0.05,0.95,0.0,0.04,ok

            """
        try manifest.write(toFile: folder + "/manifest.json", atomically: true, encoding: .utf8)
        try results.write(toFile: folder + "/results.csv", atomically: true, encoding: .utf8)
    }

    func svg(_ path: String) throws -> XMLDocument { try XMLDocument(contentsOf: URL(fileURLWithPath: path)) }

    func count(_ document: XMLDocument, _ xpath: String) throws -> Int { try document.nodes(forXPath: xpath).count }

    @Test("defaults from the model, one curve per delta, failed points skipped, the reference as dashed lines")
    func defaults() throws {
        let result = try Command.quench(["plot", folder, "--reference"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("skipped 1 failed point"))
        let path = folder + "/plots/p_stay-vs-v.svg"
        #expect(result.stdout.contains(path))
        let document = try svg(path)
        let curves = try document.nodes(forXPath: "//*[local-name()='polyline'][@class='curve']") as! [XMLElement]
        let solid = curves.filter { $0.svgAttribute("stroke-dasharray") == nil }
        let dashed = curves.filter { $0.svgAttribute("stroke-dasharray") != nil }
        let vertices = { (lines: [XMLElement]) in lines.map { $0.svgAttribute("points")!.split(separator: " ").count } }
        #expect(vertices(solid) == [2, 3])
        #expect(vertices(dashed) == [2, 3])
        #expect(try count(document, "//*[@class='marker']") == 5)
        #expect(try count(document, "//*[@class='legend-entry']") == 3)
        #expect(document.rootElement()?.stringValue?.contains("delta = 2.0") == true)
    }

    @Test("a log axis drops non-positive values with a warning naming the column and value")
    func logDropsNonPositive() throws {
        let output = folder + "/log.svg"
        let result = try Command.quench(["plot", folder, "--x", "v", "--y", "p_stay", "--by", "delta", "--log", "x,y", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("--log y: dropped 1 point with p_stay ≤ 0 (first: point 1: p_stay = 0.0)"), "\(result.stderr)")
        #expect(try count(try svg(output), "//*[@class='marker']") == 4)
    }

    @Test("bad input: a clear error, a non-zero exit and no SVG", arguments: [
        (["--y", "p_sty"], "did you mean 'p_stay'"),
        (["--x", "speed"], "--x: no column \"speed\""),
        (["--by", "dleta"], "did you mean 'delta'"),
        (["--y", "norm_error", "--log", "y"], "--log y: no positive values of norm_error"),
        (["--log", "z"], "--log: \"z\" is not allowed; use x, y or x,y"),
        (["--series", "S_ent"], "lz.two-level has no series \"S_ent\""),
        (["--output", "plot.png"], "must end in .svg"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let result = try Command.quench(["plot", folder] + arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/plots/p_stay-vs-v.svg") || arguments.contains("--log") == false)
    }

    @Test("a missing folder, or one without a manifest, is an error")
    func missingFolder() throws {
        let missing = try Command.quench(["plot", folder + "/nothing"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such folder"))
        let empty = temporaryFolder("plot-empty")
        let unfinished = try Command.quench(["report", empty])
        #expect(unfinished.status == 1)
        #expect(unfinished.stderr.contains("no manifest.json"))
        #expect(!FileManager.default.fileExists(atPath: empty + "/report.html"))
    }

    @Test("quench report writes one self-contained HTML page with every observable's plot, failed points and ranks")
    func report() throws {
        let result = try Command.quench(["report", folder])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        for observable in ["p_stay", "p_adiabatic", "norm_error", "p_lz"] {
            #expect(html.contains("<b>\(observable)</b>"), "\(observable)")
        }
        #expect(html.components(separatedBy: "<svg ").count - 1 == 4)
        #expect(!html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("(no reason in the journal)"))
        #expect(html.contains("<td class=\"num\">1.250</td>"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!files.contains { $0.contains(".tmp-") })
    }
}

extension XMLElement {
    /// An attribute's value (`attribute(forName:)` finds nothing on elements in the SVG namespace on Linux).
    func svgAttribute(_ name: String) -> String? { attributes?.first { $0.name == name }?.stringValue }
}
