@testable import Engine
import Foundation
import Models
import Plot
import Testing

/// A finished scan of `model` written by hand: manifest.json with one axis and results.csv with one
/// row per axis value (parameters at their defaults, every observable `observable`, status `status`).
func handMadeScan(model name: String, axis: String, values: [Double], observable: String = "0.5", status: String = "ok") throws -> String {
    let model = ModelRegistry.model(named: name)!.description
    let folder = temporaryFolder()
    let job: [String: Any] = ["model": name, "axes": [axis: values], "axis_order": [axis]]
    try JSONSerialization.data(withJSONObject: ["job": job]).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
    var lines = [(["point"] + model.parameters.map(\.name) + model.observables.map(\.name) + ["status"]).joined(separator: ",")]
    for (point, value) in values.enumerated() {
        let parameters = model.parameters.map { "\"" + ($0.name == axis ? "\(value)" : $0.defaultValue.description) + "\"" }
        lines.append((["\(point)"] + parameters + model.observables.map { _ in observable } + [status]).joined(separator: ","))
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/results.csv", atomically: true, encoding: .utf8)
    return folder
}

@Suite("Scan plot errors")
struct ScanPlotErrorTests {
    let lz = ModelRegistry.model(named: "lz.two-level")!.description

    func figure(_ folder: String, _ options: PlotOptions) throws(PlotError) {
        _ = try ScanPlot.figure(try ScanFolder.open(folder), options)
    }

    @Test("a folder that is missing, unfinished, not Quench's or of another model is refused naming the file")
    func folders() throws {
        let missing = temporaryFolder() + "/nope"
        #expect(throws: PlotError.noSuchFolder(path: missing)) { try ScanFolder.open(missing) }
        let empty = temporaryFolder()
        #expect(throws: PlotError.notFinished(folder: empty)) { try ScanFolder.open(empty) }
        try "{}".write(toFile: empty + "/manifest.json", atomically: true, encoding: .utf8)
        #expect(throws: PlotError.notAManifest(path: empty + "/manifest.json")) { try ScanFolder.open(empty) }
        try #"{"job": {"model": "lz.two-levl"}}"#.write(toFile: empty + "/manifest.json", atomically: true, encoding: .utf8)
        #expect(throws: PlotError.unknownModel(manifest: empty + "/manifest.json", name: "lz.two-levl", models: ModelRegistry.names)) {
            try ScanFolder.open(empty)
        }
        let scan = try handMadeScan(model: "lz.two-level", axis: "v", values: [1, 2])
        try "point,v\n0,1\n".write(toFile: scan + "/results.csv", atomically: true, encoding: .utf8)
        let expected = ["point"] + lz.parameters.map(\.name) + lz.observables.map(\.name) + ["status"]
        #expect(throws: PlotError.columnsMismatch(file: scan + "/results.csv", model: "lz.two-level", expected: expected)) {
            try ScanFolder.open(scan)
        }
        try FileManager.default.removeItem(atPath: scan + "/results.csv")
        #expect(throws: PlotError.unreadable(path: scan + "/results.csv", reason: "No such file or directory")) { try ScanFolder.open(scan) }
    }

    @Test("--x, --y and --by name a column of the scan, with the near miss and the names allowed")
    func columns() throws {
        let scan = try handMadeScan(model: "lz.two-level", axis: "v", values: [1, 2, 3])
        let names = lz.parameters.map(\.name) + lz.observables.map(\.name)
        let unknownY = PlotError.unknownColumn(option: "--y", name: "p_sty", file: scan + "/results.csv", closest: "p_stay", allowed: names)
        #expect(throws: unknownY) { try figure(scan, PlotOptions(y: "p_sty")) }
        #expect(unknownY.description.hasSuffix("; did you mean 'p_stay'? (allowed: v, delta, T, p_stay, p_adiabatic, norm_error, p_lz)"))
        #expect(throws: PlotError.unknownColumn(option: "--x", name: "speed", file: scan + "/results.csv", closest: nil, allowed: names)) {
            try figure(scan, PlotOptions(x: "speed"))
        }
        #expect(throws: PlotError.unknownParameter(name: "vv", model: "lz.two-level", closest: "v", allowed: lz.parameters.map(\.name))) {
            try figure(scan, PlotOptions(by: "vv"))
        }
        #expect(throws: PlotError.badLogScales("z")) { try PlotOptions.parseLog("z") }
        #expect(throws: PlotError.outputNotSVG("plot.png")) { try ScanPlot.write(folder: scan, options: PlotOptions(), output: "plot.png") }
    }

    @Test("nothing left to plot: every point failed, or no positive value on a log axis")
    func nothingLeft() throws {
        let failed = try handMadeScan(model: "lz.two-level", axis: "v", values: [1, 2, 3], status: "failed")
        #expect(throws: PlotError.nothingToPlot(source: failed + "/results.csv", y: "p_stay", rows: 3, failed: 3, nonFinite: 0)) {
            try figure(failed, PlotOptions())
        }
        let zero = try handMadeScan(model: "lz.two-level", axis: "v", values: [1, 2], observable: "0")
        let noPositive = PlotError.noPositiveValues(axis: "y", column: "norm_error", source: zero + "/results.csv", first: "point 0: norm_error = 0.0")
        #expect(throws: noPositive) { try figure(zero, PlotOptions(y: "norm_error", logY: true)) }
        #expect(noPositive.description.hasPrefix("--log y: no positive values of norm_error in ")
                && noPositive.description.hasSuffix("; a log axis needs positive values, plot without --log y"))
    }

    @Test("--series names a recorded series of the model; --x and --y do not fit with it")
    func series() throws {
        let lzScan = try handMadeScan(model: "lz.two-level", axis: "v", values: [1])
        #expect(throws: PlotError.unknownSeries(name: "S_ent", model: "lz.two-level", closest: nil, series: [])) {
            try figure(lzScan, PlotOptions(series: "S_ent"))
        }
        let model = ModelRegistry.models.map { $0.description }.first { !$0.series.isEmpty }!
        let spec = model.series[0]
        let axis = model.parameters[0].name
        let scan = try handMadeScan(model: model.name, axis: axis, values: [1, 2])
        #expect(throws: PlotError.noSeriesFile(folder: scan)) { try figure(scan, PlotOptions(series: spec.name)) }
        #expect(throws: PlotError.xWithSeries(coordinate: spec.coordinate, x: "nope")) { try figure(scan, PlotOptions(x: "nope", series: spec.name)) }
        #expect(throws: PlotError.yWithSeries) { try figure(scan, PlotOptions(y: "nope", series: spec.name)) }
        let seriesPath = scan + "/series.csv"
        try "point,\(axis),name,x,value\n0,1,\(spec.name),0,1\n".write(toFile: seriesPath, atomically: true, encoding: .utf8)
        #expect(throws: PlotError.seriesColumns(file: seriesPath)) { try figure(scan, PlotOptions(series: spec.name)) }
        try "point,\(axis),series,x,value\n0,1,other,0,1\n".write(toFile: seriesPath, atomically: true, encoding: .utf8)
        #expect(throws: PlotError.seriesNotRecorded(file: seriesPath, name: spec.name, recorded: ["other"])) {
            try figure(scan, PlotOptions(series: spec.name))
        }
        try "point,\(axis),series,x,value\n0,1,\(spec.name),0,1\n".write(toFile: seriesPath, atomically: true, encoding: .utf8)
        #expect(throws: PlotError.unknownSeriesAxis(name: "no_such_axis", file: seriesPath, closest: nil, axes: [axis])) {
            try figure(scan, PlotOptions(by: "no_such_axis", series: spec.name))
        }
    }
}
