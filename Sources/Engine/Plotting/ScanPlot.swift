import Foundation
import Models
import Plot

/// What `quench plot` is asked for; nil picks the default.
package struct PlotOptions: Sendable {
    /// x column (a parameter, or an observable); default the model's natural x, or the first axis
    /// when the natural x is not scanned.
    package var x: String?
    /// y observable (or parameter); default the model's natural y.
    package var y: String?
    /// Colour curves by this parameter; default: one curve per combination of the other varying axes.
    package var by: String?
    package var logX = false
    package var logY = false
    /// Draw the model's reference columns (`ModelDescription.references`) for y as lines.
    package var reference = false
    /// Plot this recorded series from series.csv instead (x = the series' coordinate).
    package var series: String?

    package init(x: String? = nil, y: String? = nil, by: String? = nil, logX: Bool = false, logY: Bool = false,
                reference: Bool = false, series: String? = nil) {
        (self.x, self.y, self.by, self.logX, self.logY, self.reference, self.series) = (x, y, by, logX, logY, reference, series)
    }

    /// Parses `--log`: "x", "y", "x,y" (or "y,x", "xy").
    package static func parseLog(_ text: String) throws(PlotError) -> (x: Bool, y: Bool) {
        let parts = text.lowercased() == "xy" ? ["x", "y"] : text.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 == "x" || $0 == "y" }) else {
            throw .badLogScales(text)
        }
        return (parts.contains("x"), parts.contains("y"))
    }
}

/// A figure made from a scan folder, the warnings met on the way (dropped points), and the default
/// file name (`<y>-vs-<x>.svg`).
package struct ScanFigure {
    package let figure: Figure
    package let warnings: [String]
    package let fileName: String
}

/// Turns a scan folder and plot options into a `Figure`. Rules: failed points (status ≠ ok) and
/// non-finite values are skipped with a warning; on a log axis, non-positive values are dropped with
/// a warning that names the column, the count and the first such value, and it is an error when no
/// positive value is left.
package enum ScanPlot {
    package static func figure(_ folder: ScanFolder, _ options: PlotOptions) throws(PlotError) -> ScanFigure {
        if let series = options.series { return try seriesFigure(folder, series, options) }
        return try resultsFigure(folder, options)
    }

    // MARK: results.csv

    static func resultsFigure(_ folder: ScanFolder, _ options: PlotOptions) throws(PlotError) -> ScanFigure {
        let model = folder.model
        let naturalX = folder.axes.contains { $0.name == model.naturalPlot.x } || folder.axes.isEmpty
            ? model.naturalPlot.x : folder.axes[0].name
        let xName = options.x ?? naturalX
        let yName = options.y ?? model.naturalPlot.y
        let xColumn = try column(folder, xName, option: "--x", preferObservable: false)
        let yColumn = try column(folder, yName, option: "--y", preferObservable: true)
        let groupNames: [String]
        if let by = options.by {
            guard folder.parameterColumn(by) != nil else {
                let names = model.parameters.map(\.name)
                throw .unknownParameter(name: by, model: model.name, closest: Suggestion.closest(to: by, among: names), allowed: names)
            }
            groupNames = [by]
        } else {
            groupNames = folder.varyingAxes.filter { $0 != xName }
        }
        let groupColumns = groupNames.map { folder.parameterColumn($0)! }
        let rows = folder.results.rows
        let failed = rows.filter { !folder.isFinished($0) }.count
        let finished = rows.filter(folder.isFinished)
        var warnings: [String] = []
        if failed > 0 { warnings.append("skipped \(failed) failed point\(failed == 1 ? "" : "s") (status ≠ ok; `quench status \(folder.path)` gives the reasons)") }

        let keys = orderedKeys(finished.map { row in groupColumns.map { row[$0] } })
        func key(_ row: [String]) -> [String] { groupColumns.map { row[$0] } }
        var filter = PointFilter(logX: options.logX, logY: options.logY, xName: xName)
        var curves: [Curve] = []
        for (g, groupKey) in keys.enumerated() {
            let points = finished.filter { key($0) == groupKey }.map { row in
                (label: "point \(row[0])", x: CSVTable.number(row[xColumn]) ?? .nan, y: CSVTable.number(row[yColumn]) ?? .nan)
            }
            let kept = filter.keep(points, yName: yName, counts: true)
            curves.append(Curve(points: kept, color: g, marker: Marker.allCases[g % Marker.allCases.count], line: .solid,
                                label: groupNames.isEmpty ? nil : label(groupNames, groupKey)))
        }
        warnings += filter.warnings
        guard curves.contains(where: { !$0.points.isEmpty }) else {
            throw filter.emptyError(source: folder.resultsPath, yName: yName, rows: rows.count, failed: failed)
        }

        var notes: [LegendNote] = []
        if options.reference {
            let references = model.references[yName] ?? []
            if references.isEmpty {
                warnings.append("--reference: \(model.name) has no reference for \(yName)" + referenceList(model))
            }
            for reference in references {
                guard let referenceColumn = folder.observableColumn(reference) else { continue }
                let style: LineStyle = notes.isEmpty ? .dashed : .dotted
                var referenceFilter = PointFilter(logX: options.logX, logY: options.logY, xName: xName)
                var drawn = false
                for (g, groupKey) in keys.enumerated() {
                    let points = finished.filter { key($0) == groupKey }.map { row in
                        (label: "point \(row[0])", x: CSVTable.number(row[xColumn]) ?? .nan, y: CSVTable.number(row[referenceColumn]) ?? .nan)
                    }
                    let kept = referenceFilter.keep(points, yName: reference, counts: false)
                    guard !kept.isEmpty else { continue }
                    drawn = true
                    curves.append(Curve(points: kept, color: keys.count > 1 ? g : -1, line: style))
                }
                if drawn {
                    notes.append(LegendNote(line: style, label: "\(reference) (reference)"))
                } else {
                    warnings.append("--reference: \(reference) has no finite\(options.logY ? " positive" : "") values in \(folder.resultsPath); not drawn")
                }
            }
        }
        if groupNames.isEmpty && !notes.isEmpty { curves[0].label = yName }
        let verification = verificationLine(folder, yName)
        if let warning = verification.warning { warnings.append(warning) }
        let figure = Figure(title: "\(yName) vs \(xName)",
                            subtitle: subtitle(folder, excluding: [xName] + groupNames) + (verification.line.map { "\n" + $0 } ?? ""),
                            xLabel: axisLabel(folder, xName), yLabel: axisLabel(folder, yName),
                            xScale: options.logX ? .log : .linear, yScale: options.logY ? .log : .linear,
                            curves: curves, legendTitle: groupNames.joined(separator: ", "), notes: notes)
        return ScanFigure(figure: figure, warnings: warnings, fileName: "\(fileSafe(yName))-vs-\(fileSafe(xName)).svg")
    }

    // MARK: series.csv

    static func seriesFigure(_ folder: ScanFolder, _ name: String, _ options: PlotOptions) throws(PlotError) -> ScanFigure {
        let model = folder.model
        guard let spec = model.series.first(where: { $0.name == name }) else {
            let names = model.series.map(\.name)
            throw .unknownSeries(name: name, model: model.name, closest: Suggestion.closest(to: name, among: names), series: names)
        }
        if let x = options.x, x != spec.coordinate {
            throw .xWithSeries(coordinate: spec.coordinate, x: x)
        }
        if options.y != nil { throw .yWithSeries }
        let table = try folder.seriesTable()
        guard let pointColumn = table.column("point"), let seriesColumn = table.column("series"),
              let xColumn = table.column("x"), let valueColumn = table.column("value") else {
            throw .seriesColumns(file: folder.seriesPath)
        }
        let recorded = orderedKeys(table.rows.map { [$0[seriesColumn]] }).map { $0[0] }
        guard recorded.contains(name) else {
            throw .seriesNotRecorded(file: folder.seriesPath, name: name, recorded: recorded)
        }
        let axisNames = Array(table.header[(pointColumn + 1)..<seriesColumn])
        let colourNames: [String]
        if let by = options.by {
            guard axisNames.contains(by) else {
                throw .unknownSeriesAxis(name: by, file: folder.seriesPath, closest: Suggestion.closest(to: by, among: axisNames), axes: axisNames)
            }
            colourNames = [by]
        } else {
            colourNames = axisNames
        }
        let colourColumns = colourNames.map { table.column($0)! }
        let rows = table.rows.filter { $0[seriesColumn] == name }
        let pointKeys = orderedKeys(rows.map { [$0[pointColumn]] }).map { $0[0] }
        let colourKeys = orderedKeys(rows.map { row in colourColumns.map { row[$0] } })
        var byPoint: [String: [[String]]] = [:]
        for row in table.rows { byPoint[row[pointColumn] + "\u{1}" + row[seriesColumn], default: []].append(row) }

        var filter = PointFilter(logX: options.logX, logY: options.logY, xName: spec.coordinate)
        var curves: [Curve] = []
        var labelled = Set<Int>()
        var pointColours: [(point: String, colour: Int)] = []
        for point in pointKeys {
            let samples = byPoint[point + "\u{1}" + name] ?? []
            guard let first = samples.first else { continue }
            let colour = colourKeys.firstIndex(of: colourColumns.map { first[$0] }) ?? 0
            let points = samples.map { (label: "point \(point)", x: CSVTable.number($0[xColumn]) ?? .nan, y: CSVTable.number($0[valueColumn]) ?? .nan) }
            let kept = filter.keep(points, yName: name, counts: true)
            let label = colourNames.isEmpty ? "point \(point)" : self.label(colourNames, colourColumns.map { first[$0] })
            let isFirst = labelled.insert(colour).inserted
            curves.append(Curve(points: kept, color: colour, marker: kept.count <= 40 ? Marker.allCases[colour % Marker.allCases.count] : nil,
                                label: isFirst ? label : nil))
            pointColours.append((point, colour))
        }
        var warnings = filter.warnings
        guard curves.contains(where: { !$0.points.isEmpty }) else {
            throw filter.emptyError(source: folder.seriesPath, yName: name, rows: rows.count, failed: 0)
        }
        var notes: [LegendNote] = []
        if options.reference {
            let references = model.references[name] ?? []
            if references.isEmpty { warnings.append("--reference: \(model.name) has no reference for \(name)" + referenceList(model)) }
            for (r, reference) in references.enumerated() {
                guard recorded.contains(reference) else {
                    warnings.append("--reference: \(reference) was not recorded (add it to [record] series); not drawn")
                    continue
                }
                var referenceFilter = PointFilter(logX: options.logX, logY: options.logY, xName: spec.coordinate)
                for (point, colour) in pointColours {
                    let samples = byPoint[point + "\u{1}" + reference] ?? []
                    let points = samples.map { (label: "point \(point)", x: CSVTable.number($0[xColumn]) ?? .nan, y: CSVTable.number($0[valueColumn]) ?? .nan) }
                    let kept = referenceFilter.keep(points, yName: reference, counts: false)
                    if !kept.isEmpty { curves.append(Curve(points: kept, color: colour, line: r == 0 ? .dashed : .dotted)) }
                }
                notes.append(LegendNote(line: r == 0 ? .dashed : .dotted, label: "\(reference) (reference)"))
            }
        }
        let figure = Figure(title: "\(name)(\(spec.coordinate))", subtitle: subtitle(folder, excluding: colourNames),
                            xLabel: spec.coordinate, yLabel: name,
                            xScale: options.logX ? .log : .linear, yScale: options.logY ? .log : .linear,
                            curves: curves, legendTitle: colourNames.joined(separator: ", "), notes: notes)
        return ScanFigure(figure: figure, warnings: warnings, fileName: "\(fileSafe(name))-vs-\(fileSafe(spec.coordinate)).svg")
    }

    // MARK: helpers

    /// The results.csv column of a name: parameters and observables (a name that is both, such as
    /// bcs.quantum's `nu`, is the observable for y and the parameter for x).
    static func column(_ folder: ScanFolder, _ name: String, option: String, preferObservable: Bool) throws(PlotError) -> Int {
        let found = preferObservable
            ? folder.observableColumn(name) ?? folder.parameterColumn(name)
            : folder.parameterColumn(name) ?? folder.observableColumn(name)
        if let found { return found }
        let names = folder.model.parameters.map(\.name) + folder.model.observables.map(\.name)
        throw .unknownColumn(option: option, name: name, file: folder.resultsPath, closest: Suggestion.closest(to: name, among: names), allowed: names)
    }

    /// Distinct keys in order of first appearance, sorted numerically when every first field is a number.
    static func orderedKeys(_ keys: [[String]]) -> [[String]] {
        var seen = Set<[String]>(), ordered: [[String]] = []
        for key in keys where seen.insert(key).inserted { ordered.append(key) }
        let numbers = ordered.map { $0.first.flatMap(CSVTable.number) }
        if numbers.allSatisfy({ $0 != nil }) {
            return zip(ordered, numbers).sorted { $0.1! < $1.1! }.map(\.0)
        }
        return ordered
    }

    static func label(_ names: [String], _ values: [String]) -> String {
        names.count == 1 ? "\(names[0]) = \(values[0])" : zip(names, values).map { "\($0) = \($1)" }.joined(separator: ", ")
    }

    static func axisLabel(_ folder: ScanFolder, _ name: String) -> String {
        guard let spec = folder.model.parameters.first(where: { $0.name == name }), !spec.unit.isEmpty,
              folder.observableColumn(name) == nil else { return name }
        return "\(name) (\(spec.unit))"
    }

    static func subtitle(_ folder: ScanFolder, excluding: [String]) -> String {
        let fixed = folder.fixedOffDefault.filter { !excluding.contains($0.name) }.map { "\($0.name) = \($0.value)" }
        var text = "\(folder.name) · \(folder.model.name)" + (fixed.isEmpty ? "" : " · " + fixed.joined(separator: ", "))
        if text.count > 120 { text = String(text.prefix(118)) + " …" }
        return text
    }

    /// The figure's line on what verify.json says of observable `y` (nil when there is none, or verify
    /// does not judge y), and a warning when verify.json is stale.
    static func verificationLine(_ folder: ScanFolder, _ y: String) -> (line: String?, warning: String?) {
        guard let observable = folder.model.observables.first(where: { $0.name == y }),
              ObservableCheck.judges(observable.accuracy) else { return (nil, nil) }
        switch VerificationState.of(folder) {
        case .absent: return (nil, nil)
        case .stale(let reason): return ("verification stale: \(reason)", "verify.json is stale: \(reason); run quench verify \(folder.path) again")
        case .current(let verification): return (verification.note(for: y), nil)
        }
    }

    static func referenceList(_ model: ModelDescription) -> String {
        model.references.isEmpty ? "" : " (references: " + model.references.keys.sorted().map { "\($0) ← \(model.references[$0]!.joined(separator: ", "))" }.joined(separator: "; ") + ")"
    }

    static func fileSafe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." ? $0 : "_" })
    }
}

/// Drops points a figure cannot show and counts them for the warnings: non-finite values, and
/// non-positive values on a log axis.
struct PointFilter {
    let logX: Bool
    let logY: Bool
    let xName: String
    var nonFinite = 0
    var nonPositive: [String: (count: Int, first: String)] = [:]
    var order: [String] = []

    init(logX: Bool, logY: Bool, xName: String) {
        (self.logX, self.logY, self.xName) = (logX, logY, xName)
    }

    mutating func keep(_ points: [(label: String, x: Double, y: Double)], yName: String, counts: Bool) -> [(x: Double, y: Double)] {
        var kept: [(x: Double, y: Double)] = []
        for point in points {
            guard point.x.isFinite, point.y.isFinite else {
                if counts { nonFinite += 1 }
                continue
            }
            if logX && point.x <= 0 { record(xName, "x", point.label, point.x, counts); continue }
            if logY && point.y <= 0 { record(yName, "y", point.label, point.y, counts); continue }
            kept.append((point.x, point.y))
        }
        return kept
    }

    private mutating func record(_ column: String, _ axis: String, _ label: String, _ value: Double, _ counts: Bool) {
        guard counts else { return }
        let key = "--log \(axis): \(column)"
        if nonPositive[key] == nil { order.append(key); nonPositive[key] = (0, "\(label): \(column) = \(value)") }
        nonPositive[key]!.count += 1
    }

    var warnings: [String] {
        var lines: [String] = []
        if nonFinite > 0 { lines.append("skipped \(nonFinite) point\(nonFinite == 1 ? "" : "s") with a non-finite value (nan or inf)") }
        for key in order {
            let (count, first) = nonPositive[key]!
            lines.append("\(key.replacingOccurrences(of: ": ", with: ": dropped \(count) point\(count == 1 ? "" : "s") with ")) ≤ 0 (first: \(first)); a log axis shows positive values only")
        }
        return lines
    }

    func emptyError(source: String, yName: String, rows: Int, failed: Int) -> PlotError {
        if let key = order.first, let (_, first) = nonPositive[key] {
            // key is "--log <axis>: <column>"
            return .noPositiveValues(axis: String(key.dropFirst(6).prefix(1)), column: String(key.dropFirst(9)), source: source, first: first)
        }
        return .nothingToPlot(source: source, y: yName, rows: rows, failed: failed, nonFinite: nonFinite)
    }
}

/// Where a plot goes: the SVG (written atomically) and, when a converter is installed, a PNG beside it.
package struct WrittenPlot: Sendable {
    package let svg: String
    package let png: String?
    /// The converter that made the PNG; nil when none is installed.
    package let converter: String?
}

extension ScanPlot {
    /// Draws `options` from the scan in `folderPath` and writes `output` (default
    /// `<folder>/plots/<y>-vs-<x>.svg`), plus a PNG when a converter exists.
    package static func write(folder folderPath: String, options: PlotOptions, output: String?) throws(PlotError) -> (plot: WrittenPlot, warnings: [String]) {
        if let output, !output.lowercased().hasSuffix(".svg") {
            throw .outputNotSVG(output)
        }
        let folder = try ScanFolder.open(folderPath)
        let made = try figure(folder, options)
        let svgPath = output ?? folderPath + "/plots/" + made.fileName
        let parent = (svgPath as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw .cannotCreateFolder(path: parent, reason: error.localizedDescription)
            }
        }
        do { try AtomicFile.write(SVGWriter.document(made.figure), to: svgPath) } catch { throw .cannotWrite(path: error.path, reason: error.reason) }
        let pngPath = String(svgPath.dropLast(4)) + ".png"
        do {
            let converter = try PNGConverter.convert(svg: svgPath, png: pngPath)
            return (WrittenPlot(svg: svgPath, png: converter == nil ? nil : pngPath, converter: converter), made.warnings)
        } catch {
            return (WrittenPlot(svg: svgPath, png: nil, converter: nil), made.warnings + ["no PNG: \(error)"])
        }
    }
}
