/// An error reading or plotting data. Each case carries the file or option, the bad value and what
/// is allowed; `description` is the message users see.
package enum PlotError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: CSV files

    /// A file that cannot be read; `reason` in the system's words.
    case unreadable(path: String, reason: String)
    case notUTF8(path: String)
    /// A quoted field still open at the end of the text; `line` is where its record starts.
    case unterminatedQuote(source: String, line: Int)
    /// No header row.
    case emptyCSV(source: String)
    /// A row whose width differs from the header's.
    case rowWidth(source: String, line: Int, fields: Int, headerFields: Int)

    // MARK: scan folders

    case noSuchFolder(path: String)
    /// A folder without manifest.json: the scan is running, stopped or not a scan.
    case notFinished(folder: String)
    case notAManifest(path: String)
    case unknownModel(manifest: String, name: String, models: [String])
    /// results.csv whose header is not the model's columns.
    case columnsMismatch(file: String, model: String, expected: [String])
    /// The job recorded no series (no series.csv).
    case noSeriesFile(folder: String)
    /// series.csv without the columns point, series, x and value.
    case seriesColumns(file: String)
    /// A series of the model that this scan did not record.
    case seriesNotRecorded(file: String, name: String, recorded: [String])

    // MARK: plot options

    /// --log other than x, y or x,y.
    case badLogScales(String)
    /// --x or --y naming no column of results.csv; `closest` is a near miss among `allowed`.
    case unknownColumn(option: String, name: String, file: String, closest: String?, allowed: [String])
    /// --by naming no parameter of the model.
    case unknownParameter(name: String, model: String, closest: String?, allowed: [String])
    /// --by naming no scan axis of series.csv (`axes` empty: the scan has none).
    case unknownSeriesAxis(name: String, file: String, closest: String?, axes: [String])
    /// --series naming no series of the model (`series` empty: it records none).
    case unknownSeries(name: String, model: String, closest: String?, series: [String])
    /// --x with --series other than the series' coordinate.
    case xWithSeries(coordinate: String, x: String)
    case yWithSeries
    /// --output not ending in .svg.
    case outputNotSVG(String)
    /// Every value of `column` on the log axis `axis` ("x" or "y") is ≤ 0; `first` names the first.
    case noPositiveValues(axis: String, column: String, source: String, first: String)
    /// No finished point with finite values is left to plot.
    case nothingToPlot(source: String, y: String, rows: Int, failed: Int, nonFinite: Int)

    // MARK: writing

    case cannotCreateFolder(path: String, reason: String)
    /// An atomic write that failed (`reason` says which step, in the system's words).
    case cannotWrite(path: String, reason: String)
    /// The PNG converter could not be started.
    case converterDidNotStart(path: String, reason: String)
    case conversionFailed(converter: String, svg: String, status: Int32)
    case cannotRename(path: String)

    package var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot be read: \(reason)"
        case .notUTF8(let path): "\(path): not UTF-8 text"
        case .unterminatedQuote(let source, let line): "\(source):\(line): unterminated quoted field"
        case .emptyCSV(let source): "\(source): empty file (expected a header row)"
        case .rowWidth(let source, let line, let fields, let headerFields):
            "\(source):\(line): \(fields) fields, but the header has \(headerFields)"
        case .noSuchFolder(let path): "\(path): no such folder (give a scan's output folder, e.g. results/lz-two-level)"
        case .notFinished(let folder):
            "\(folder): no manifest.json, so the scan has not finished (`quench status \(folder)` shows its progress)"
        case .notAManifest(let path): "\(path): not a Quench manifest (no job.model)"
        case .unknownModel(let manifest, let name, let models):
            "\(manifest): unknown model \"\(name)\"; models: \(models.joined(separator: ", "))"
        case .columnsMismatch(let file, let model, let expected):
            "\(file): columns do not match model \(model) (expected \(expected.joined(separator: ",")))"
        case .noSeriesFile(let folder):
            "\(folder): no series.csv (the job recorded no series; ask for some with [record] series = [...])"
        case .seriesColumns(let file): "\(file): expected columns point, <axes>, series, x, value"
        case .seriesNotRecorded(let file, let name, let recorded):
            "\(file): series \"\(name)\" was not recorded; recorded: \(recorded.joined(separator: ", "))"
        case .badLogScales(let text): "--log: \"\(text)\" is not allowed; use x, y or x,y"
        case .unknownColumn(let option, let name, let file, let closest, let allowed):
            "\(option): no column \"\(name)\" in \(file); \(Self.alternatives(closest, allowed))"
        case .unknownParameter(let name, let model, let closest, let allowed):
            "--by: \"\(name)\" is not a parameter of \(model); \(Self.alternatives(closest, allowed))"
        case .unknownSeriesAxis(let name, let file, let closest, let axes):
            "--by: \"\(name)\" is not a scan axis in \(file); " + (axes.isEmpty ? "the scan has no axes" : Self.alternatives(closest, axes))
        case .unknownSeries(let name, let model, let closest, let series):
            "--series: \(model) has no series \"\(name)\"; " + (series.isEmpty ? "it records none" : Self.alternatives(closest, series))
        case .xWithSeries(let coordinate, let x): "--x: with --series the x axis is the series' coordinate \"\(coordinate)\", not \"\(x)\""
        case .yWithSeries: "--y: give either --y (results.csv) or --series (series.csv), not both"
        case .outputNotSVG(let output):
            "--output: \"\(output)\" must end in .svg (a PNG is written beside it when rsvg-convert or ImageMagick is installed)"
        case .noPositiveValues(let axis, let column, let source, let first):
            "--log \(axis): no positive values of \(column) in \(source) (first: \(first)); a log axis needs positive values, plot without --log \(axis)"
        case .nothingToPlot(let source, let y, let rows, let failed, let nonFinite):
            "\(source): no point to plot for \(y) (\(rows) rows, \(failed) failed, \(nonFinite) with non-finite values)"
        case .cannotCreateFolder(let path, let reason): "\(path): cannot create the folder (\(reason))"
        case .cannotWrite(let path, let reason): "\(path): \(reason)"
        case .converterDidNotStart(let path, let reason): "\(path): cannot run (\(reason))"
        case .conversionFailed(let converter, let svg, let status):
            "\(converter) could not convert \(svg) to PNG (exit status \(status))"
        case .cannotRename(let path): "\(path): cannot rename into place"
        }
    }

    /// "did you mean 'x'? (allowed: …)" when a near miss exists, else "allowed: …".
    private static func alternatives(_ closest: String?, _ allowed: [String]) -> String {
        let list = "allowed: " + allowed.joined(separator: ", ")
        return closest.map { "did you mean '\($0)'? (\(list))" } ?? list
    }
}
