import Foundation
import Models

/// Reads and validates job files. Every problem is a `JobFileError` naming the file, line, key,
/// the bad value and what is allowed; unknown sections and keys are errors, with a suggestion.
package enum JobLoader {
    static let sections = ["scan", "axes", "fixed", "integrator", "record"]
    static let scanKeys = ["name", "model", "output"]
    static let integratorKeys = ["method", "tolerance"]
    static let recordKeys = ["series", "samples"]
    /// Most samples a time series may ask for.
    package static let maximumSamples = 100_000
    static let axisGenerators = ["linspace", "logspace", "geomspace"]
    /// A scan larger than this is almost certainly a typo in a count.
    package static let maximumPoints = 100_000_000

    package static func load(path: String) throws(JobFileError) -> Job {
        switch PathKind(path) {
        case .missing: throw JobFileError(file: path, line: nil, key: nil, message: "no such file")
        case .folder: throw JobFileError(file: path, line: nil, key: nil, message: "is a folder, not a job file (give the .toml file)")
        case .file: break
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = PathKind.readProblem(path, folder: false).map { "cannot be read: \($0)" } ?? "cannot be read"
            throw JobFileError(file: path, line: nil, key: nil, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw JobFileError(file: path, line: nil, key: nil, message: "is not UTF-8 text (a job file is TOML, written as UTF-8)")
        }
        return try parse(text, file: path)
    }

    package static func parse(_ text: String, file: String) throws(JobFileError) -> Job {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(text)
        } catch {
            throw JobFileError(file: file, line: error.line, key: nil, message: "TOML syntax: \(error.message) (column \(error.column))")
        }
        return try Validator(file: file).job(from: root)
    }

    struct Validator {
        let file: String

        func fail(_ line: Int?, _ key: String?, _ message: String) -> JobFileError {
            JobFileError(file: file, line: line, key: key, message: message)
        }

        func job(from root: TOMLTable) throws(JobFileError) -> Job {
            try rejectDatesAndTimes(in: root, path: [])
            for entry in root.entries {
                guard case .table = entry.node.value else {
                    if case .array(let items) = entry.node.value, !items.isEmpty, items.allSatisfy({ if case .table = $0.value { true } else { false } }) {
                        throw fail(entry.node.line, "[[\(entry.key)]]", "arrays of tables are not used in job files; write the section once, as [\(entry.key)]")
                    }
                    throw fail(entry.keyLine, entry.key, "keys must be inside a section; allowed sections: " + JobLoader.sections.map { "[\($0)]" }.joined(separator: ", "))
                }
                if !JobLoader.sections.contains(entry.key) {
                    throw fail(entry.node.line, "[\(entry.key)]", "unknown section; " + Suggestion.phrase(for: entry.key, among: JobLoader.sections))
                }
            }
            let scan = try table(root, "scan", required: true)!
            try rejectUnknownKeys(scan, section: "scan", allowed: JobLoader.scanKeys)

            let modelNode = try string(scan, section: "scan", key: "model", required: true)!
            guard let model = ModelRegistry.model(named: modelNode.value) else {
                throw fail(modelNode.line, "[scan] model", "unknown model \"\(modelNode.value)\"; " + Suggestion.phrase(for: modelNode.value, among: ModelRegistry.names) + " (see `quench models`)")
            }
            let description = model.description
            let name = try string(scan, section: "scan", key: "name", required: false)?.value ?? defaultName()
            if name.isEmpty || name.allSatisfy({ $0 == "." }) || name.contains(where: { !($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                throw fail(scan.entry("name")?.node.line, "[scan] name", "\"\(name)\" is not a valid scan name; allowed: letters, digits, '-', '_' and '.', not dots alone")
            }
            let output = try string(scan, section: "scan", key: "output", required: false)?.value ?? "results/\(name)"
            if let problem = OutputFolder.problem(with: output, onDisk: false) {
                throw fail(scan.entry("output")?.node.line, "[scan] output", "\"\(output)\" cannot be the output folder: \(problem)")
            }

            let axesTable = try table(root, "axes", required: false) ?? TOMLTable(line: 0)
            let fixedTable = try table(root, "fixed", required: false) ?? TOMLTable(line: 0)
            let names = description.parameters.map(\.name)
            var axes: [Axis] = []
            for entry in axesTable.entries {
                guard let spec = description.parameters.first(where: { $0.name == entry.key }) else {
                    throw fail(entry.keyLine, "[axes] \(entry.key)", "\(description.name) has no parameter '\(entry.key)'; " + Suggestion.phrase(for: entry.key, among: names))
                }
                axes.append(Axis(parameter: spec.name, values: try axisValues(entry.node, spec: spec)))
            }
            var fixed: [String: ParameterValue] = [:]
            for entry in fixedTable.entries {
                guard let spec = description.parameters.first(where: { $0.name == entry.key }) else {
                    throw fail(entry.keyLine, "[fixed] \(entry.key)", "\(description.name) has no parameter '\(entry.key)'; " + Suggestion.phrase(for: entry.key, among: names))
                }
                if axes.contains(where: { $0.parameter == spec.name }) {
                    throw fail(entry.keyLine, "[fixed] \(entry.key)", "'\(entry.key)' is already an axis in [axes]; give it in one section only")
                }
                fixed[spec.name] = try value(entry.node, spec: spec, key: "[fixed] \(spec.name)")
            }
            for spec in description.parameters where fixed[spec.name] == nil && !axes.contains(where: { $0.parameter == spec.name }) {
                fixed[spec.name] = spec.defaultValue
            }
            let count = axes.reduce(1.0) { $0 * Double($1.values.count) }
            if count > Double(JobLoader.maximumPoints) {
                throw fail(axesTable.line, "[axes]", "the scan has \(Int(count)) points; at most \(JobLoader.maximumPoints) are allowed")
            }

            let integrator = try integratorSettings(try table(root, "integrator", required: false), model: description)
            let record = try recordRequest(try table(root, "record", required: false), model: description)
            let runner: any PointRunner
            do { runner = try model.runner(settings: integrator, record: record) } catch {
                throw fail(nil, "[integrator] method", error.description)
            }
            let job = Job(file: file, name: name, model: model, output: output, axes: axes, fixed: fixed,
                          integrator: integrator, record: record, runner: runner)
            try checkEveryPoint(job)
            return job
        }

        func defaultName() -> String {
            let base = (file as NSString).lastPathComponent
            return base.hasSuffix(".toml") ? String(base.dropLast(5)) : base
        }

        /// Applies the model's joint constraints to every point, one point at a time (nothing is
        /// held but a tally per rule), and refuses the job if any point breaks one: the message names
        /// the keys, their values at the first such point, the rule, and how many points break a rule
        /// on the same keys (a rule's text carries the point's values, so it is tallied by its keys).
        func checkEveryPoint(_ job: Job) throws(JobFileError) {
            var first: [[String]: (index: Int, violation: ConstraintViolation)] = [:], counts: [[String]: Int] = [:]
            var order: [[String]] = []
            for index in 0..<job.pointCount {
                guard let violation = job.runner.violation(job.point(index)) else { continue }
                let keys = violation.parameters.sorted()
                if first[keys] == nil { first[keys] = (index, violation); order.append(keys) }
                counts[keys, default: 0] += 1
            }
            guard let keys = order.first, let (index, violation) = first[keys], let count = counts[keys] else { return }
            let point = job.point(index), parameters = job.model.description.parameters
            let values = violation.parameters.compactMap { name -> String? in
                guard let slot = parameters.firstIndex(where: { $0.name == name }) else { return nil }
                let section = job.axes.contains { $0.parameter == name } ? "[axes]" : "[fixed]"
                return "\(section) \(name) = \(point.values[slot])"
            }
            let others = order.count > 1 ? "; \(order.count - 1) other rule\(order.count > 2 ? "s are" : " is") broken too (fix this one and check again)" : ""
            let scope = job.pointCount == 1 ? "the only point" : "\(count) of \(job.pointCount) points, first point \(index)"
            throw fail(nil, values.isEmpty ? nil : values.joined(separator: ", "), "\(violation.rule) (\(scope))\(others)")
        }

        /// A job file has no dates or times: any date or time value, wherever it is, is an error
        /// naming its key ("[section] key", or the dotted path below the section) and line.
        func rejectDatesAndTimes(in table: TOMLTable, path: [String]) throws(JobFileError) {
            for entry in table.entries { try rejectDatesAndTimes(in: entry.node, path: path + [entry.key]) }
        }

        func rejectDatesAndTimes(in node: TOMLNode, path: [String]) throws(JobFileError) {
            switch node.value {
            case .dateTime:
                let key = path.count == 1 ? path[0] : "[\(path[0])] " + path.dropFirst().joined(separator: ".")
                throw fail(node.line, key, "dates and times are not used in job files; found \(node.typeName) \(node.text)")
            case .array(let items):
                for item in items { try rejectDatesAndTimes(in: item, path: path) }
            case .table(let table):
                try rejectDatesAndTimes(in: table, path: path)
            case .string, .integer, .float, .boolean:
                break
            }
        }

        // MARK: sections and keys

        func table(_ root: TOMLTable, _ name: String, required: Bool) throws(JobFileError) -> TOMLTable? {
            guard let node = root[name] else {
                if required { throw fail(nil, "[\(name)]", "missing section [\(name)]") }
                return nil
            }
            guard case .table(let table) = node.value else { throw fail(node.line, "[\(name)]", "must be a table") }
            return table
        }

        func rejectUnknownKeys(_ table: TOMLTable, section: String, allowed: [String]) throws(JobFileError) {
            for entry in table.entries where !allowed.contains(entry.key) {
                throw fail(entry.keyLine, "[\(section)] \(entry.key)", "unknown key; " + Suggestion.phrase(for: entry.key, among: allowed))
            }
        }

        func string(_ table: TOMLTable, section: String, key: String, required: Bool) throws(JobFileError) -> (value: String, line: Int)? {
            guard let node = table[key] else {
                if required { throw fail(table.line, "[\(section)] \(key)", "missing key '\(key)'") }
                return nil
            }
            guard case .string(let s) = node.value else {
                throw fail(node.line, "[\(section)] \(key)", "expected a string in quotes, found \(node.typeName) \(node.text)")
            }
            return (s, node.line)
        }

        func integratorSettings(_ table: TOMLTable?, model: ModelDescription) throws(JobFileError) -> IntegratorSettings {
            var settings = IntegratorSettings(method: model.methods[0], tolerance: model.defaultTolerance)
            guard let table else { return settings }
            try rejectUnknownKeys(table, section: "integrator", allowed: JobLoader.integratorKeys)
            if let method = try string(table, section: "integrator", key: "method", required: false) {
                guard model.methods.contains(method.value) else {
                    throw fail(method.line, "[integrator] method", "\(model.name) has no method \"\(method.value)\"; " + Suggestion.phrase(for: method.value, among: model.methods))
                }
                settings.method = method.value
            }
            if let node = table["tolerance"] {
                let domain = ParameterDomain.real(lower: 1e-15, upper: 1e-1)
                guard let x = number(node), domain.contains(.real(x)) else {
                    throw fail(node.line, "[integrator] tolerance", "bad value \(node.text); allowed: \(domain.describe("tolerance"))")
                }
                settings.tolerance = x
            }
            return settings
        }

        /// [record]: `series = ["name", …]` from the model's series, `samples = n` (times per time series).
        func recordRequest(_ table: TOMLTable?, model: ModelDescription) throws(JobFileError) -> RecordRequest {
            var request = RecordRequest()
            guard let table else { return request }
            try rejectUnknownKeys(table, section: "record", allowed: JobLoader.recordKeys)
            let available = model.series.map(\.name)
            let allowed = available.isEmpty ? "\(model.name) records no series" : "allowed: " + available.map { "\"\($0)\"" }.joined(separator: ", ")
            if let node = table["series"] {
                guard case .array(let items) = node.value else {
                    throw fail(node.line, "[record] series", "expected a list of names, e.g. series = [\"\(available.first ?? "name")\"], found \(node.typeName) \(node.text); \(allowed)")
                }
                for item in items {
                    guard case .string(let name) = item.value else {
                        throw fail(item.line, "[record] series", "expected a name in quotes, found \(item.typeName) \(item.text); \(allowed)")
                    }
                    guard available.contains(name) else {
                        throw fail(item.line, "[record] series", "\(model.name) has no series \"\(name)\"; " + (available.isEmpty ? allowed : Suggestion.phrase(for: name, among: available)))
                    }
                    if request.series.contains(name) { throw fail(item.line, "[record] series", "\"\(name)\" is listed twice") }
                    request.series.append(name)
                }
            }
            if let node = table["samples"] {
                guard case .integer(let n) = node.value, (2...JobLoader.maximumSamples).contains(n) else {
                    throw fail(node.line, "[record] samples", "bad value \(node.text); allowed: an integer from 2 to \(JobLoader.maximumSamples)")
                }
                request.samples = n
            }
            return request
        }

        // MARK: values

        func number(_ node: TOMLNode) -> Double? {
            switch node.value {
            case .integer(let n): Double(n)
            case .float(let x): x
            default: nil
            }
        }

        func value(_ node: TOMLNode, spec: ParameterSpec, key: String) throws(JobFileError) -> ParameterValue {
            let candidate: ParameterValue?
            switch (spec.domain, node.value) {
            case (.real, .integer(let n)): candidate = .real(Double(n))
            case (.real, .float(let x)): candidate = .real(x)
            case (.integer, .integer(let n)): candidate = .integer(n)
            case (.integer, .float(let x)) where x == x.rounded() && abs(x) < 1e15: candidate = .integer(Int(x))
            case (.choice, .string(let s)): candidate = .text(s)
            case (.realList, .array(let items)):
                let reals = items.compactMap(number)
                candidate = reals.count == items.count ? .list(reals) : nil
            default: candidate = nil
            }
            let allowed = "allowed: \(spec.domain.describe(spec.name)) (\(spec.meaning)\(spec.unit.isEmpty ? "" : ", \(spec.unit)"))"
            guard let value = candidate else {
                throw fail(node.line, key, "wrong type: \(node.typeName) \(node.text); \(allowed)")
            }
            guard spec.domain.contains(value) else {
                throw fail(node.line, key, "value \(node.text) is out of range; \(allowed)")
            }
            return value
        }

        /// An axis: an explicit array, or `{ linspace | logspace | geomspace = [a, b], count = n }`.
        func axisValues(_ node: TOMLNode, spec: ParameterSpec) throws(JobFileError) -> [ParameterValue] {
            let key = "[axes] \(spec.name)"
            switch node.value {
            case .array(let items):
                guard !items.isEmpty else { throw fail(node.line, key, "an axis needs at least one value") }
                var values: [ParameterValue] = []
                for item in items { values.append(try value(item, spec: spec, key: key)) }
                return values
            case .table(let generator):
                return try generatedValues(generator, line: node.line, spec: spec, key: key)
            default:
                throw fail(node.line, key, "an axis must be a list of values or { linspace = [a, b], count = n } (also logspace, geomspace); found \(node.typeName) \(node.text); put single values in [fixed]")
            }
        }

        func generatedValues(_ table: TOMLTable, line: Int, spec: ParameterSpec, key: String) throws(JobFileError) -> [ParameterValue] {
            try rejectUnknownKeys(table, section: "axes \(spec.name)", allowed: JobLoader.axisGenerators + ["count"])
            let kinds = table.entries.map(\.key).filter { JobLoader.axisGenerators.contains($0) }
            guard kinds.count == 1, let kind = kinds.first else {
                throw fail(line, key, "give exactly one of linspace, logspace, geomspace, with count")
            }
            guard let countNode = table["count"] else { throw fail(line, key, "\(kind) needs count = n") }
            guard case .integer(let count) = countNode.value, (1...JobLoader.maximumPoints).contains(count) else {
                throw fail(countNode.line, key, "count = \(countNode.text) is not allowed; allowed: an integer from 1 to \(JobLoader.maximumPoints)")
            }
            let endsNode = table[kind]!
            guard case .array(let ends) = endsNode.value, ends.count == 2, let a = number(ends[0]), let b = number(ends[1]),
                  a.isFinite, b.isFinite else {
                throw fail(endsNode.line, key, "\(kind) = \(endsNode.text) is not allowed; allowed: [start, stop], two finite numbers")
            }
            if kind == "geomspace" && (a <= 0 || b <= 0) {
                throw fail(endsNode.line, key, "geomspace = \(endsNode.text) needs two positive ends")
            }
            let reals = (0..<count).map { i -> Double in
                let fraction = count == 1 ? 0 : Double(i) / Double(count - 1)
                switch kind {
                case "linspace": return i == count - 1 ? b : a + (b - a) * fraction
                case "logspace": return pow(10, i == count - 1 ? b : a + (b - a) * fraction)
                default: return i == 0 ? a : i == count - 1 ? b : exp(log(a) + (log(b) - log(a)) * fraction)
                }
            }
            var values: [ParameterValue] = []
            for x in reals {
                let node = TOMLNode(value: .float(x), line: line)
                values.append(try value(node, spec: spec, key: key))
            }
            return values
        }
    }
}
