import Foundation
import Models
import Plot

/// `quench report`: one self-contained HTML page for a finished scan (inline SVG and CSS, no other
/// file): the manifest, what `quench verify` found (verify.json), a plot of every observable against
/// the natural x (grouped by the other axes, with the model's references), the recorded series,
/// failed points with their reasons, and the time each rank was busy. An axis is logarithmic when
/// its values are positive and span at least a factor of 100.
package enum ScanReport {
    /// Writes `<folder>/report.html` atomically; returns its path and the notes of plots left out.
    package static func write(folder path: String) throws(PlotError) -> (path: String, notes: [String]) {
        let folder = try ScanFolder.open(path)
        let (page, notes) = html(folder)
        let output = path + "/report.html"
        do { try AtomicFile.write(page, to: output) } catch { throw .cannotWrite(path: error.path, reason: error.reason) }
        return (output, notes)
    }

    /// The page, and a note for every plot that could not be drawn (e.g. an observable that is nan everywhere).
    package static func html(_ folder: ScanFolder) -> (html: String, notes: [String]) {
        let model = folder.model
        var notes: [String] = []
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(folder.name)) · Quench report</title>
            <style>
            body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 900px; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; } td, th { padding: 2px 10px; text-align: left; border-bottom: 1px solid #ddd; }
            th { background: #f4f4f4; } .num { text-align: right; font-variant-numeric: tabular-nums; }
            .bar { background: #1f77b4; height: 10px; } .note { color: #a33; } figure { margin: 1em 0 2em; }
            figcaption { color: #555; font-size: 90%; }
            </style></head><body>
            <h1>\(e(folder.name))</h1>
            <p>\(e(model.name)): \(e(model.summary))</p>

            """
        page += "<h2>Manifest</h2>\n" + manifestTable(folder)
        page += verification(folder)

        page += "<h2>Observables</h2>\n"
        let x = folder.axes.contains { $0.name == model.naturalPlot.x } || folder.axes.isEmpty ? model.naturalPlot.x : folder.axes[0].name
        var index = 0
        for observable in model.observables {
            index += 1
            var options = PlotOptions(x: x, y: observable.name, reference: model.references[observable.name] != nil)
            options.logX = spansDecades(column(folder, folder.parameterColumn(x) ?? folder.observableColumn(x)))
            options.logY = spansDecades(column(folder, folder.observableColumn(observable.name)))
            page += figure(folder, options, id: "observable-\(index)", caption: observable.meaning, notes: &notes)
        }
        if let record = folder.manifest["job"].flatMap({ ($0 as? [String: Any])?["record"] as? [String: Any] }),
           let series = record["series"] as? [String], !series.isEmpty, let table = try? folder.seriesTable() {
            page += "<h2>Series</h2>\n"
            for name in series {
                index += 1
                let rows = table.rows.filter { $0[table.header.count - 3] == name }
                var options = PlotOptions(reference: model.references[name] != nil, series: name)
                options.logX = spansDecades(rows.compactMap { CSVTable.number($0[table.header.count - 2]) })
                options.logY = spansDecades(rows.compactMap { CSVTable.number($0[table.header.count - 1]) })
                let meaning = model.series.first { $0.name == name }?.meaning ?? ""
                page += figure(folder, options, id: "series-\(index)", caption: meaning, notes: &notes)
            }
        }
        page += failedPoints(folder)
        page += rankTiming(folder)
        return (page + "</body></html>\n", notes)
    }

    static func figure(_ folder: ScanFolder, _ options: PlotOptions, id: String, caption: String, notes: inout [String]) -> String {
        let name = options.series ?? options.y ?? ""
        do {
            let made = try ScanPlot.figure(folder, options)
            let warnings = made.warnings.isEmpty ? "" : " <span class=\"note\">(" + e(made.warnings.joined(separator: "; ")) + ")</span>"
            return "<figure id=\"\(id)\">\n" + SVGWriter.svg(made.figure, id: id)
                + "<figcaption><b>\(e(name))</b>: \(e(caption))\(warnings)</figcaption></figure>\n"
        } catch {
            notes.append("\(name): \(error)")
            return "<p id=\"\(id)\"><b>\(e(name))</b>: <span class=\"note\">not plotted: \(e(error.description))</span></p>\n"
        }
    }

    static func manifestTable(_ folder: ScanFolder) -> String {
        let job = folder.manifest["job"] as? [String: Any] ?? [:]
        let run = folder.manifest["run"] as? [String: Any] ?? [:]
        let quench = folder.manifest["quench"] as? [String: Any] ?? [:]
        let integrator = job["integrator"] as? [String: Any] ?? [:]
        func value(_ dictionary: [String: Any], _ key: String) -> String { dictionary[key].map(ScanFolder.text) ?? "—" }
        var rows: [(String, String)] = [
            ("job file", value(job, "file")), ("model", folder.model.name), ("points", value(job, "points")),
        ]
        for axis in folder.axes {
            let numbers = axis.values.compactMap(CSVTable.number)
            let range = numbers.count == axis.values.count && numbers.count > 1
                ? "\(axis.values.count) values, \(ScanFolder.text(numbers.min()!)) … \(ScanFolder.text(numbers.max()!))"
                : axis.values.joined(separator: ", ")
            rows.append(("axis \(axis.name)", range))
        }
        if !folder.fixed.isEmpty { rows.append(("fixed", folder.fixed.map { "\($0.name) = \($0.value)" }.joined(separator: ", "))) }
        rows += [
            ("integrator", "\(value(integrator, "method")), tolerance \(value(integrator, "tolerance"))"),
            ("quench", "\(value(quench, "version")), commit \(value(quench, "git_commit"))"),
            ("host", value(run, "host")),
            ("ranks × threads", "\(value(run, "ranks")) × \(value(run, "threads_per_rank")), schedule \(value(run, "schedule"))"),
            ("started / finished", "\(value(run, "started")) / \(value(run, "finished"))"),
            ("wall time", (run["wall_seconds"] as? Double).map { String(format: "%.3g s", $0) } ?? "—"),
            ("points computed / from journal", "\(value(run, "points_computed")) / \(value(run, "points_from_journal"))"),
            ("imbalance (max/mean busy)", (run["imbalance"] as? Double).map { String(format: "%.3f", $0) } ?? "—"),
        ]
        return "<table class=\"manifest\">\n" + rows.map { "<tr><th>\(e($0.0))</th><td>\(e($0.1))</td></tr>" }.joined(separator: "\n") + "\n</table>\n"
    }

    static func failedPoints(_ folder: ScanFolder) -> String {
        let failed = folder.results.rows.filter { !folder.isFinished($0) }
        var html = "<h2>Failed points</h2>\n"
        guard !failed.isEmpty else { return html + "<p>None: every point finished.</p>\n" }
        let reasons = Dictionary((try? ScanStatus.read(folder.path).failed)?.map { (String($0.index), $0.reason) } ?? [], uniquingKeysWith: { a, _ in a })
        let axisColumns = folder.axes.compactMap { folder.parameterColumn($0.name) }
        html += "<table class=\"failed\"><tr><th>point</th>" + folder.axes.map { "<th>\(e($0.name))</th>" }.joined() + "<th>reason</th></tr>\n"
        for row in failed {
            html += "<tr><td class=\"num\">\(e(row[0]))</td>" + axisColumns.map { "<td class=\"num\">\(e(row[$0]))</td>" }.joined()
                + "<td>\(e(reasons[row[0]] ?? "(no reason in the journal)"))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    static func rankTiming(_ folder: ScanFolder) -> String {
        let ranks = folder.manifest["ranks"] as? [[String: Any]] ?? []
        var html = "<h2>Time per rank</h2>\n"
        guard !ranks.isEmpty else { return html + "<p>No per-rank timing in the manifest.</p>\n" }
        let busy = ranks.map { ($0["busy_seconds"] as? Double) ?? 0 }
        let longest = max(busy.max() ?? 0, 1e-300)
        html += "<table class=\"ranks\"><tr><th>rank</th><th>busy (s)</th><th>points</th><th></th></tr>\n"
        for (rank, seconds) in zip(ranks, busy) {
            let width = Int((seconds / longest * 300).rounded())
            html += "<tr><td class=\"num\">\(rank["rank"].map(ScanFolder.text) ?? "?")</td><td class=\"num\">\(String(format: "%.3f", seconds))</td>"
                + "<td class=\"num\">\(rank["points"].map(ScanFolder.text) ?? "?")</td><td><div class=\"bar\" style=\"width: \(width)px\"></div></td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// The finite values of a results.csv column over finished points.
    static func column(_ folder: ScanFolder, _ index: Int?) -> [Double] {
        guard let index else { return [] }
        return folder.results.rows.filter(folder.isFinished).compactMap { CSVTable.number($0[index]) }.filter(\.isFinite)
    }

    /// Whether values are all positive and span at least a factor of 100 (then a log axis reads better).
    static func spansDecades(_ values: [Double]) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), low > 0 else { return false }
        return high / low >= 100
    }

    static func e(_ text: String) -> String { SVGWriter.escape(text) }
}
