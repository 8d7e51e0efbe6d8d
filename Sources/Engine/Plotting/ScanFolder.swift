import Foundation
import Models
import Plot

/// A finished scan's output folder as plots, reports and verify read it: `manifest.json` (model, axes,
/// fixed values, run facts), `results.csv`, and `series.csv` on demand.
package struct ScanFolder {
    package let path: String
    package let model: ModelDescription
    package let name: String
    /// Scan axes in the job's order, with their values as text.
    package let axes: [(name: String, values: [String])]
    /// Fixed parameters (defaults filled in) in the model's parameter order, as text; empty lists left out.
    package let fixed: [(name: String, value: String)]
    package let manifest: [String: Any]
    package let results: CSVTable

    package var resultsPath: String { path + "/results.csv" }
    package var seriesPath: String { path + "/series.csv" }

    /// Reads the manifest and results.csv; errors name the file and what is wrong.
    package static func open(_ path: String) throws(PlotError) -> ScanFolder {
        guard PathKind(path) == .folder else {
            throw .noSuchFolder(path: path)
        }
        let manifestPath = path + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw .notFinished(folder: path)
        }
        guard let manifest = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let job = manifest["job"] as? [String: Any], let modelName = job["model"] as? String else {
            throw .notAManifest(path: manifestPath)
        }
        guard let model = ModelRegistry.model(named: modelName)?.description else {
            throw .unknownModel(manifest: manifestPath, name: modelName, models: ModelRegistry.names)
        }
        let axisValues = job["axes"] as? [String: [Any]] ?? [:]
        let order = job["axis_order"] as? [String] ?? axisValues.keys.sorted()
        let axes = order.map { name in (name, (axisValues[name] ?? []).map(text)) }
        let fixedValues = job["fixed"] as? [String: Any] ?? [:]
        let fixed = model.parameters.compactMap { spec -> (String, String)? in
            guard let value = fixedValues[spec.name] else { return nil }
            if let list = value as? [Any], list.isEmpty { return nil }
            return (spec.name, text(value))
        }
        let results = try CSVTable.read(path + "/results.csv")
        let expected = ["point"] + model.parameters.map(\.name) + model.observables.map(\.name) + ["status"]
        guard results.header == expected else {
            throw .columnsMismatch(file: path + "/results.csv", model: model.name, expected: expected)
        }
        return ScanFolder(path: path, model: model, name: job["name"] as? String ?? (path as NSString).lastPathComponent,
                          axes: axes, fixed: fixed, manifest: manifest, results: results)
    }

    /// The results.csv column of a parameter.
    package func parameterColumn(_ name: String) -> Int? { model.parameterIndex(name).map { 1 + $0 } }

    /// The results.csv column of an observable.
    package func observableColumn(_ name: String) -> Int? {
        model.observables.firstIndex { $0.name == name }.map { 1 + model.parameters.count + $0 }
    }

    /// results.csv's FNV-1a checksum (hex), as the manifest and verify.json record it; read from the file when asked.
    package var resultsChecksum: String {
        FNV1a.hex(FNV1a.hash(bytes: FileManager.default.contents(atPath: resultsPath) ?? Data()))
    }

    /// Whether a results.csv row is a finished point (status ok).
    package func isFinished(_ row: [String]) -> Bool { row.last == "ok" }

    /// Fixed parameters whose value differs from the model's default (what the job file chose).
    package var fixedOffDefault: [(name: String, value: String)] {
        fixed.filter { entry in
            guard let spec = model.parameters.first(where: { $0.name == entry.name }) else { return true }
            if let a = spec.defaultValue.real, let b = CSVTable.number(entry.value) { return a != b }
            return spec.defaultValue.description != entry.value
        }
    }

    /// Axes with more than one value (what varies in the scan).
    package var varyingAxes: [String] { axes.filter { $0.values.count > 1 }.map(\.name) }

    /// series.csv, or an error saying the job recorded no series.
    package func seriesTable() throws(PlotError) -> CSVTable {
        guard FileManager.default.fileExists(atPath: seriesPath) else {
            throw .noSeriesFile(folder: path)
        }
        return try CSVTable.read(seriesPath)
    }

    /// A manifest value as short text.
    static func text(_ value: Any) -> String {
        if let list = value as? [Any] { return "[" + list.map(text).joined(separator: ", ") + "]" }
        if let number = value as? NSNumber {
            let double = number.doubleValue
            if double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
            return "\(double)"
        }
        return "\(value)"
    }
}
