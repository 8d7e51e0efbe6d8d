import Models

/// `results.csv`: one row per point, sorted by point index; the point index, every model parameter,
/// every observable, then `status` (ok or failed). Numbers are written in the shortest form that
/// reads back to the same Double, so the file is exact and byte-for-byte reproducible.
public enum ResultsTable {
    public static func csv(job: Job, records: [Int: Record]) -> String {
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
