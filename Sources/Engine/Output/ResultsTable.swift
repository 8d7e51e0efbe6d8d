import Models

/// `results.csv`: one row per point, sorted by point index; the point index, every model parameter,
/// every observable, then `status` (ok or failed). Numbers are written in the shortest form that
/// reads back to the same Double, so the file is exact and byte-for-byte reproducible.
package enum ResultsTable {
    package static func csv(job: Job, records: [Int: Record]) -> String {
        let description = job.model.description
        var text = (["point"] + description.parameters.map(\.name) + description.observables.map(\.name) + ["status"])
            .joined(separator: ",") + "\n"
        let missing = [String](repeating: "nan", count: description.observables.count)
        for index in 0..<job.pointCount {
            guard let record = records[index] else { continue }
            let parameters = job.point(index).values.map { csvField($0.description) }
            let (values, status): ([String], String) = switch record.outcome {
            case .finished(let values): (values.map { "\($0)" }, "ok")
            case .failed: (missing, "failed")
            }
            text += ([String(index)] + parameters + values + [status]).joined(separator: ",") + "\n"
        }
        return text
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

/// `series.csv`, when the job asks for series ([record]): long format, one row per sample,
/// `point, <axis parameters…>, series, x, value`, sorted by point, then series in the job's order, then
/// sample. x is the series' coordinate (`quench models` names it: t for time series, j for level profiles).
/// Exact round-trip numbers, like results.csv; failed points have no rows.
package enum SeriesTable {
    package static func csv(job: Job, records: [Int: Record]) -> String {
        var text = (["point"] + job.axes.map(\.parameter) + ["series", "x", "value"]).joined(separator: ",") + "\n"
        let axisIndices = job.axes.map { axis in job.model.description.parameterIndex(axis.parameter)! }
        for index in 0..<job.pointCount {
            guard let record = records[index], case .finished = record.outcome else { continue }
            let point = job.point(index)
            let prefix = ([String(index)] + axisIndices.map { ResultsTable.csvField(point.values[$0].description) }).joined(separator: ",")
            for name in job.record.series {
                guard let series = record.series.first(where: { $0.name == name }) else { continue }
                for (x, y) in zip(series.coordinates, series.values) { text += "\(prefix),\(name),\(x),\(y)\n" }
            }
        }
        return text
    }
}
