import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Plot
import Testing

@Suite("Axis ticks")
struct AxisTickTests {
    /// Whether a step is 1, 2 or 5 times a power of ten.
    func isNice(_ step: Double) -> Bool {
        let mantissa = step / pow(10, log10(step).rounded(.down))
        return [1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }
    }

    @Test("linear ticks are multiples of a 1-2-5 step inside a range that holds the data", arguments: [
        (0.0, 1.0), (0.013, 0.87), (-3.7, 12.2), (1e-7, 3e-7), (1234.0, 98765.0), (-1.0, -0.5),
    ])
    func linearTicks(_ range: (Double, Double)) {
        let ticks = AxisTicks.linear(range.0, range.1)
        #expect(ticks.lower <= range.0 && ticks.upper >= range.1)
        #expect((3...11).contains(ticks.major.count), "\(ticks.major)")
        #expect(ticks.labels.count == ticks.major.count)
        let steps = zip(ticks.major, ticks.major.dropFirst()).map { $1 - $0 }
        for step in steps {
            #expect(abs(step - steps[0]) <= 1e-9 * abs(steps[0]))
            #expect(isNice(step), "step \(step)")
        }
        for value in ticks.major + ticks.minor { #expect(value >= ticks.lower && value <= ticks.upper) }
        #expect(Set(ticks.labels).count == ticks.labels.count, "labels repeat: \(ticks.labels)")
    }

    @Test("0 … 1 is labelled 0.0, 0.2, …, 1.0")
    func unitInterval() {
        let ticks = AxisTicks.linear(0, 1)
        #expect(ticks.major.count == 6)
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(AxisTicks.niceStep(0.18) == 0.2 && AxisTicks.niceStep(3) == 5 && AxisTicks.niceStep(7) == 10 && AxisTicks.niceStep(1) == 1)
    }

    @Test("log ticks: every decade labelled, 2…9 minor")
    func logDecades() {
        let ticks = AxisTicks.logarithmic(1e-3, 1e2)
        #expect(ticks.major.count == 6)
        for (value, expected) in zip(ticks.major, [1e-3, 1e-2, 1e-1, 1, 10, 100]) { #expect(abs(value / expected - 1) < 1e-12) }
        #expect(ticks.labels == ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²"])
        #expect(ticks.minor.count >= 5 * 8)
        #expect(ticks.minor.allSatisfy { $0 >= ticks.lower && $0 <= ticks.upper })
        #expect(AxisTicks.logarithmic(0.1, 10).labels == ["0.1", "1", "10"])
    }

    @Test("many decades label every k-th decade, the others are minor ticks")
    func manyDecades() {
        let ticks = AxisTicks.logarithmic(1e-20, 1)
        #expect((2...8).contains(ticks.major.count), "\(ticks.labels)")
        #expect(ticks.lower <= 1e-20 && ticks.upper >= 1)
    }

    @Test("a range inside one decade labels 2× and 5× multiples, or more")
    func withinDecade() {
        let ticks = AxisTicks.logarithmic(1.5, 8)
        #expect(ticks.major.count >= 2)
        #expect(ticks.major.allSatisfy { $0 >= ticks.lower && $0 <= ticks.upper })
        let narrow = AxisTicks.logarithmic(1.2, 1.3)
        #expect(narrow.major.count >= 2, "\(narrow)")
    }

    @Test("a single value gets a range around it, on both scales; zero and non-finite too", arguments: [0.0, 3.0, -2.5, 1e-9, 7e8])
    func singleValue(_ value: Double) {
        let linear = AxisTicks.linear(value, value)
        #expect(linear.lower < value && linear.upper > value)
        #expect(linear.major.count >= 2)
        if value > 0 {
            let log = AxisTicks.logarithmic(value, value)
            #expect(log.lower < value && log.upper > value)
            #expect(log.major.count >= 2, "\(log)")
        }
        let undefined = AxisTicks.linear(.nan, .nan)
        #expect(undefined.major.count >= 2)
        #expect(AxisTicks.logarithmic(-1, 0).major.count >= 2)
    }
}

@Suite("CSV reading")
struct CSVTableTests {
    @Test("quoted fields keep commas, quotes and newlines; nan and inf read as numbers")
    func quotedAndSpecial() throws {
        let text = "point,levels,x,status\r\n0,\"0.1;0.2\",nan,ok\n1,\"a, \"\"b\"\"\nc\",-inf,failed\n2,,1e-300,ok\n"
        let table = try CSVTable.parse(text, source: "t.csv")
        #expect(table.header == ["point", "levels", "x", "status"])
        #expect(table.rows.count == 3)
        #expect(table.rows[1][1] == "a, \"b\"\nc")
        #expect(table.rows[2][1] == "")
        #expect(CSVTable.number(table.rows[0][2])!.isNaN)
        #expect(CSVTable.number(table.rows[1][2]) == -.infinity)
        #expect(CSVTable.number("inf") == .infinity)
        #expect(CSVTable.number(table.rows[2][2]) == 1e-300)
        #expect(CSVTable.number("") == nil && CSVTable.number("ok") == nil)
        #expect(table.column("x") == 2)
    }

    @Test("a ragged row, an open quote or an empty file is an error naming the file and line")
    func errors() {
        #expect(throws: PlotError.rowWidth(source: "r.csv", line: 3, fields: 1, headerFields: 2)) { try CSVTable.parse("a,b\n1,2\n3\n", source: "r.csv") }
        #expect(throws: PlotError.unterminatedQuote(source: "q.csv", line: 2)) { try CSVTable.parse("a,b\n\"1,2\n", source: "q.csv") }
        #expect(throws: PlotError.emptyCSV(source: "e.csv")) { try CSVTable.parse("", source: "e.csv") }
    }

    @Test("a file that is missing, a folder or not UTF-8 is an error naming it and why")
    func unreadable() throws {
        let folder = NSTemporaryDirectory() + "quench-plot-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(throws: PlotError.unreadable(path: folder + "/none.csv", reason: "No such file or directory")) { try CSVTable.read(folder + "/none.csv") }
        #expect(throws: PlotError.unreadable(path: folder, reason: "is a folder or cannot be read")) { try CSVTable.read(folder) }
        try Data([0x61, 0x0a, 0xff, 0xfe, 0x0a]).write(to: URL(fileURLWithPath: folder + "/latin.csv"))
        #expect(throws: PlotError.notUTF8(path: folder + "/latin.csv")) { try CSVTable.read(folder + "/latin.csv") }
    }
}

@Suite("Plot error messages")
struct PlotErrorMessageTests {
    /// The texts users and the end-to-end tests see, one per case.
    @Test("every case says what it did before it was a case", arguments: [
        (PlotError.unreadable(path: "r.csv", reason: "Permission denied"), "r.csv: cannot be read: Permission denied"),
        (.notUTF8(path: "r.csv"), "r.csv: not UTF-8 text"),
        (.unterminatedQuote(source: "q.csv", line: 2), "q.csv:2: unterminated quoted field"),
        (.emptyCSV(source: "e.csv"), "e.csv: empty file (expected a header row)"),
        (.rowWidth(source: "r.csv", line: 3, fields: 1, headerFields: 2), "r.csv:3: 1 fields, but the header has 2"),
        (.noSuchFolder(path: "out"), "out: no such folder (give a scan's output folder, e.g. results/lz-two-level)"),
        (.notFinished(folder: "out"), "out: no manifest.json, so the scan has not finished (`quench status out` shows its progress)"),
        (.notAManifest(path: "out/manifest.json"), "out/manifest.json: not a Quench manifest (no job.model)"),
        (.unknownModel(manifest: "m.json", name: "x", models: ["a", "b"]), "m.json: unknown model \"x\"; models: a, b"),
        (.columnsMismatch(file: "out/results.csv", model: "a", expected: ["point", "v", "status"]),
         "out/results.csv: columns do not match model a (expected point,v,status)"),
        (.noSeriesFile(folder: "out"), "out: no series.csv (the job recorded no series; ask for some with [record] series = [...])"),
        (.seriesColumns(file: "s.csv"), "s.csv: expected columns point, <axes>, series, x, value"),
        (.seriesNotRecorded(file: "s.csv", name: "n", recorded: ["a", "b"]), "s.csv: series \"n\" was not recorded; recorded: a, b"),
        (.badLogScales("z"), "--log: \"z\" is not allowed; use x, y or x,y"),
        (.unknownColumn(option: "--x", name: "vv", file: "r.csv", closest: "v", allowed: ["v", "T"]),
         "--x: no column \"vv\" in r.csv; did you mean 'v'? (allowed: v, T)"),
        (.unknownParameter(name: "q", model: "a", closest: nil, allowed: ["v", "T"]), "--by: \"q\" is not a parameter of a; allowed: v, T"),
        (.unknownSeriesAxis(name: "q", file: "s.csv", closest: nil, axes: []), "--by: \"q\" is not a scan axis in s.csv; the scan has no axes"),
        (.unknownSeriesAxis(name: "q", file: "s.csv", closest: nil, axes: ["v"]), "--by: \"q\" is not a scan axis in s.csv; allowed: v"),
        (.unknownSeries(name: "q", model: "a", closest: nil, series: []), "--series: a has no series \"q\"; it records none"),
        (.unknownSeries(name: "nn", model: "a", closest: "n", series: ["n"]), "--series: a has no series \"nn\"; did you mean 'n'? (allowed: n)"),
        (.xWithSeries(coordinate: "t", x: "v"), "--x: with --series the x axis is the series' coordinate \"t\", not \"v\""),
        (.yWithSeries, "--y: give either --y (results.csv) or --series (series.csv), not both"),
        (.outputNotSVG("p.png"), "--output: \"p.png\" must end in .svg (a PNG is written beside it when rsvg-convert or ImageMagick is installed)"),
        (.noPositiveValues(axis: "x", column: "v", source: "r.csv", first: "point 0: v = 0.0"),
         "--log x: no positive values of v in r.csv (first: point 0: v = 0.0); a log axis needs positive values, plot without --log x"),
        (.nothingToPlot(source: "r.csv", y: "p", rows: 3, failed: 1, nonFinite: 2), "r.csv: no point to plot for p (3 rows, 1 failed, 2 with non-finite values)"),
        (.cannotCreateFolder(path: "out/plots", reason: "denied"), "out/plots: cannot create the folder (denied)"),
        (.cannotWrite(path: "p.svg", reason: "cannot write: No space left on device"), "p.svg: cannot write: No space left on device"),
        (.converterDidNotStart(path: "/usr/bin/rsvg-convert", reason: "denied"), "/usr/bin/rsvg-convert: cannot run (denied)"),
        (.conversionFailed(converter: "rsvg-convert", svg: "p.svg", status: 1), "rsvg-convert could not convert p.svg to PNG (exit status 1)"),
        (.cannotRename(path: "p.png"), "p.png: cannot rename into place"),
    ])
    func message(_ error: PlotError, _ text: String) {
        #expect(error.description == text)
    }
}

@Suite("SVG writer")
struct SVGWriterTests {
    @Test("the SVG is well-formed XML with one polyline vertex per point, markers and legend entries")
    func wellFormed() throws {
        let figure = Figure(title: "p < 1 & \"q\"", xLabel: "v", yLabel: "p", xScale: .log, yScale: .linear, curves: [
            Curve(points: [(0.1, 0.2), (1, 0.5), (10, 0.9)], color: 0, marker: .circle, label: "a"),
            Curve(points: [(0.1, 0.1), (1, 0.4)], color: 1, marker: .square, label: "b"),
            Curve(points: [(0.1, 0.15), (10, 0.95)], color: -1, line: .dashed),
        ], legendTitle: "group", notes: [LegendNote(line: .dashed, label: "ref")])
        let svg = SVGWriter.document(figure)
        let document = try XMLDocument(xmlString: svg)
        let polylines = try document.nodes(forXPath: "//*[local-name()='polyline'][@class='curve']") as! [XMLElement]
        let vertices = polylines.map { $0.svgAttribute("points")!.split(separator: " ").count }
        #expect(vertices == [3, 2, 2])
        #expect(try document.nodes(forXPath: "//*[@class='marker']").count == 5)
        #expect(try document.nodes(forXPath: "//*[@class='legend-entry']").count == 3)
        #expect(svg.contains("p &lt; 1 &amp; &quot;q&quot;"))
    }

    @Test("a subtitle of two lines is two text elements of class subtitle, and the plot area starts 16 px lower than with one")
    func subtitleLines() throws {
        func drawn(_ subtitle: String) throws -> (lines: [String], top: Double) {
            let figure = Figure(title: "t", subtitle: subtitle, xLabel: "x", yLabel: "y", curves: [Curve(points: [(0, 0), (1, 1)], color: 0)])
            let document = try XMLDocument(xmlString: SVGWriter.document(figure))
            let lines = try document.nodes(forXPath: "//*[@class='subtitle']").compactMap(\.stringValue)
            let clip = try #require(try document.nodes(forXPath: "//*[local-name()='clipPath']/*").first as? XMLElement)
            return (lines, Double(clip.svgAttribute("y") ?? "") ?? .nan)
        }
        let one = try drawn("scan · model"), two = try drawn("scan · model\nverified: worst |Δ|/bound 0.28 on 16 points (auto at 1e-11)")
        #expect(one.lines == ["scan · model"])
        #expect(two.lines == ["scan · model", "verified: worst |Δ|/bound 0.28 on 16 points (auto at 1e-11)"])
        #expect(two.top == one.top + 16)
        #expect(try drawn("").lines.isEmpty)
    }
}

extension XMLElement {
    /// An attribute's value (`attribute(forName:)` finds nothing on elements in the SVG namespace on Linux).
    func svgAttribute(_ name: String) -> String? { attributes?.first { $0.name == name }?.stringValue }
}
