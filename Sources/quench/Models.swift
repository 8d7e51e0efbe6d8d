import ArgumentParser
import Models

extension Quench {
    struct Models: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the models that can be scanned, with their parameters, observables and methods.")

        @Argument(help: "Show only this model.")
        var name: String?

        func run() throws {
            let selected = ModelRegistry.models.map { $0.description }.filter { name == nil || $0.name == name }
            if selected.isEmpty {
                printError("error: unknown model \"\(name ?? "")\"; models: \(ModelRegistry.names.joined(separator: ", "))")
                throw ExitCode(1)
            }
            print(selected.map(Self.describe).joined(separator: "\n"))
        }

        static func describe(_ model: ModelDescription) -> String {
            var lines = ["\(model.name): \(model.summary)", "  parameters:"]
            let width = model.parameters.map(\.name.count).max() ?? 0
            for p in model.parameters {
                let pad = String(repeating: " ", count: width - p.name.count)
                lines.append("    \(p.name)\(pad)  default \(p.defaultValue), \(p.domain.describe(p.name)), unit \(p.unit.isEmpty ? "1" : p.unit): \(p.meaning)")
            }
            lines.append("  observables (name, accuracy at [integrator] tolerance, meaning):")
            let owidth = model.observables.map(\.name.count).max() ?? 0
            let awidth = model.observables.map(\.accuracy.description.count).max() ?? 0
            for o in model.observables {
                let accuracy = o.accuracy.description
                lines.append("    \(o.name)\(String(repeating: " ", count: owidth - o.name.count))  "
                    + "\(accuracy)\(String(repeating: " ", count: awidth - accuracy.count))  \(o.meaning)")
            }
            var kinds: [Accuracy] = []
            for o in model.observables where !kinds.contains(o.accuracy) { kinds.append(o.accuracy) }
            lines.append("  accuracy: " + kinds.map { "\($0) = \($0.rule)" }.joined(separator: "; "))
            if !model.series.isEmpty {
                lines.append("  series ([record] series = [...], samples = n):")
                for series in model.series { lines.append("    \(series.name) (over \(series.coordinate))  \(series.meaning)") }
            }
            lines.append("  methods: \(model.methods.joined(separator: ", ")) (default \(model.methods[0])); default tolerance \(model.defaultTolerance)")
            lines.append("  natural plot: \(model.naturalPlot.y) against \(model.naturalPlot.x)")
            if !model.references.isEmpty {
                lines.append("  references (quench plot --reference): " + model.references.keys.sorted()
                    .map { "\($0) ← \(model.references[$0]!.joined(separator: ", "))" }.joined(separator: "; "))
            }
            return lines.joined(separator: "\n")
        }
    }
}
