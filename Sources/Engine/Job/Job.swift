import Foundation
import Models

/// One scan axis: a model parameter and the values it takes, in order.
package struct Axis: Sendable, Hashable {
    package let parameter: String
    package let values: [ParameterValue]
}

/// A validated job file: which model, which points, which integrator settings, where results go.
package struct Job: Sendable {
    package let file: String
    package let name: String
    package let model: any Model.Type
    /// Output folder, as written in the job file (relative paths are relative to the working directory).
    package let output: String
    /// Axes in file order; points are their Cartesian product, the first axis varying slowest.
    package let axes: [Axis]
    /// Every parameter that is not an axis, with its value from [fixed] or the model's default.
    package let fixed: [String: ParameterValue]
    package let integrator: IntegratorSettings
    /// Series to record ([record]); empty by default.
    package let record: RecordRequest
    /// The model with this job's method, tolerance and [record] request: decodes, checks, costs and
    /// evaluates points.
    package let runner: any PointRunner

    package var pointCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The parameters of point `index` (0-based, row-major over the axes), in the model's order.
    package func point(_ index: Int) -> PointParameters {
        var values = template
        var remainder = index
        for (slot, axis) in zip(axisSlots.reversed(), axes.reversed()) {
            values[slot] = axis.values[remainder % axis.values.count]
            remainder /= axis.values.count
        }
        return PointParameters(values)
    }

    /// Every parameter's value in the model's order, axes at their first value.
    private let template: [ParameterValue]
    /// Where each axis sits in the model's parameter order.
    private let axisSlots: [Int]

    init(file: String, name: String, model: any Model.Type, output: String, axes: [Axis], fixed: [String: ParameterValue],
         integrator: IntegratorSettings, record: RecordRequest, runner: any PointRunner) {
        self.file = file
        self.name = name
        self.model = model
        self.output = output
        self.axes = axes
        self.fixed = fixed
        self.integrator = integrator
        self.record = record
        self.runner = runner
        let parameters = model.description.parameters
        self.axisSlots = axes.map { axis in
            // JobLoader admits only the model's parameters as axes; anything else is a programming error.
            guard let slot = parameters.firstIndex(where: { $0.name == axis.parameter }) else {
                preconditionFailure("axis \(axis.parameter) is not a parameter of \(model.description.name)")
            }
            return slot
        }
        self.template = parameters.map { spec in
            fixed[spec.name] ?? axes.first { $0.parameter == spec.name }?.values.first ?? spec.defaultValue
        }
    }

    /// Everything that determines the results, one line per item; equal descriptions give equal
    /// results. Used to refuse resuming a journal with a changed job.
    package var canonicalDescription: [String] {
        var lines = ["model = \(model.description.name)"]
        for axis in axes {
            lines.append("axis \(axis.parameter) = [" + axis.values.map(\.description).joined(separator: ", ") + "]")
        }
        for name in fixed.keys.sorted() { lines.append("fixed \(name) = \(fixed[name]!)") }
        lines.append("integrator.method = \(integrator.method)")
        lines.append("integrator.tolerance = \(integrator.tolerance)")
        if !record.series.isEmpty {  // (absent for jobs without series, so their fingerprints are unchanged)
            lines.append("record.series = [" + record.series.joined(separator: ", ") + "]")
            lines.append("record.samples = \(record.samples)")
        }
        return lines
    }

    /// 64-bit FNV-1a of the canonical description (an identity check, not a cryptographic hash).
    package var fingerprint: UInt64 { FNV1a.hash(canonicalDescription.joined(separator: "\n")) }
}

/// FNV-1a, 64 bit: a fast checksum for identity checks of journals and results.
package enum FNV1a {
    package static func hash<S: Sequence>(bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    package static func hash(_ text: String) -> UInt64 { hash(bytes: text.utf8) }

    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
