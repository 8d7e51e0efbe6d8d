import Dispatch
import Foundation
import Models
import Testing

/// bcs.classical's accuracy contract (issue 13): n_lowest, n_below, n_above and n_highest are within
/// `tolerance` (absolute) of the exact solution of the same mean-field equations at the same point (same t₀,
/// T, N, M, levels), not of the t → ∞ formula. Checked at seeded random points through the model seam, each
/// method against the other method at 1e-11, after the two references agree to 0.05·1e-9 (two independent
/// integrators at 1/100 of the smallest tolerance tested; where rounding keeps a method from 1e-11 and the
/// model says so, its reference is its run at 1e-10). QUENCH_PROPERTY_DRAWS=k runs k times the draws (new
/// ones, the first are the default's); QUENCH_PROPERTY_VERBOSE=1 prints every draw.
@Suite("bcs.classical accuracy contract")
struct BCSClassicalAccuracyTests {
    static let model = "bcs.classical"
    static let methods = ["split4", "rk4"]
    static let tolerances = [1e-5, 1e-7, 1e-9]
    static let referenceTolerance = 1e-11
    static let fallbackTolerance = 1e-10
    static let bounded = ["n_lowest", "n_below", "n_above", "n_highest"]
    static let baseSeed: UInt64 = 20_261_208
    static let draws = 24

    /// One random point: the job-file parameters of bcs.classical that the draw sets (the rest default).
    struct Draw: CustomStringConvertible {
        var seed: UInt64
        var values: [(name: String, value: ParameterValue)]

        /// The point as a job that replays it with `quench run`.
        func job(method: String, tolerance: Double) -> String {
            let fixed = values.map { name, value -> String in
                switch value {
                case .text(let s): "\(name) = \"\(s)\""
                case .list(let xs): "\(name) = [" + xs.map { "\($0)" }.joined(separator: ", ") + "]"
                default: "\(name) = \(value)"
                }
            }
            return """
                [scan]
                name   = "bcs-classical-draw-\(seed)"
                model  = "bcs.classical"
                output = "results/bcs-classical-draw-\(seed)"

                [fixed]
                \(fixed.joined(separator: "\n"))

                [integrator]
                method    = "\(method)"
                tolerance = \(tolerance)
                """
        }

        var description: String {
            values.map { name, value in
                if case .list(let xs) = value { return "\(name) = [\(xs.count) levels, min spacing \(Self.minimumSpacing(xs))]" }
                return "\(name) = \(value)"
            }.joined(separator: ", ")
        }

        static func minimumSpacing(_ xs: [Double]) -> Double {
            let sorted = xs.sorted()
            return zip(sorted.dropFirst(), sorted).map { $0 - $1 }.min() ?? .infinity
        }
    }

    /// Draw `seed`: spectrum equal, zabalo, random or given (uniform, clustered, or with nearly degenerate
    /// pairs; always distinct); N = 2 … 40 log-uniform; M = 0 (half filling, even N) or 1 … N−1; ν
    /// log-uniform in [0.5, 50], given as nu or as eta = N/ν; W log-uniform in [0.1, 10]; t₀ default; T
    /// log-uniform in [10, 1e4], capped at T·W ≤ 2e3 (only T·W and t₀·W matter: the sweep is invariant
    /// under ε → λε, t → t/λ) to keep the references' cost modest.
    static func draw(seed: UInt64) -> Draw {
        var g = SplitMix64(seed: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * g.nextUnitInterval() }
        func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))) }
        func integer(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }

        let spectrum = ["equal", "zabalo", "random", "given"][integer(0...3)]
        let n = min(40, Int(logUniform(2, 41)))
        let m = n % 2 == 0 && integer(0...1) == 0 ? 0 : integer(1...(n - 1))
        let nu = logUniform(0.5, 50)
        let width = logUniform(0.1, 10)
        let end = logUniform(10, max(10, min(1e4, 2e3 / width)))
        var values: [(String, ParameterValue)] = [("N", .integer(n)), ("M", .integer(m))]
        values.append(integer(0...1) == 0 ? ("nu", .real(nu)) : ("eta", .real(Double(n) / nu)))
        values.append(("spectrum", .text(spectrum)))
        values.append(("width", .real(width)))
        if spectrum == "random" { values.append(("seed", .integer(integer(1...1_000_000)))) }
        if spectrum == "given" { values.append(("levels", .list(givenLevels(n, width: width, &g)))) }
        values.append(("T", .real(end)))
        return Draw(seed: seed, values: values)
    }

    /// N distinct levels in [−W/2, W/2]: uniform, in 1–3 tight clusters, or uniform with some levels
    /// doubled at a distance 10⁻⁵ … 10⁻² W.
    static func givenLevels(_ n: Int, width: Double, _ g: inout SplitMix64) -> [Double] {
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * g.nextUnitInterval() }
        var levels: [Double]
        switch g.next() % 3 {
        case 0:
            levels = (0..<n).map { _ in uniform(-width / 2, width / 2) }
        case 1:
            let centres = (0..<(1 + Int(g.next() % 3))).map { _ in uniform(-width / 2, width / 2) }
            let spread = width * exp(uniform(log(1e-3), log(1e-1)))
            levels = (0..<n).map { _ in centres[Int(g.next() % UInt64(centres.count))] + uniform(-spread, spread) }
        default:
            levels = (0..<n).map { _ in uniform(-width / 2, width / 2) }
            for j in stride(from: 1, to: n, by: 2) where g.next() % 2 == 0 {
                levels[j] = levels[j - 1] + width * exp(uniform(log(1e-5), log(1e-2))) * (levels[j - 1] > 0 ? -1 : 1)
            }
        }
        levels = levels.map { min(max($0, -width / 2), width / 2) }.sorted()
        // Distinct (and not closer than a relative 1e-9, so the job text reads back to distinct levels).
        for j in 1..<n where levels[j] - levels[j - 1] < 1e-9 * width { levels[j] = levels[j - 1] + 1e-9 * width }
        return levels
    }

    /// The draw as the seam's untyped point (every other parameter at its default).
    static func parameters(_ draw: Draw) -> PointParameters {
        let specs = ModelRegistry.model(named: model)!.description.parameters
        return PointParameters(specs.map { spec in draw.values.first { $0.name == spec.name }?.value ?? spec.defaultValue })
    }

    /// The bounded observables of `draw` with `method` at `tolerance`, or the failure's text.
    static func evaluate(_ draw: Draw, method: String, tolerance: Double) -> Result<[Double], Failure> {
        let modelType = ModelRegistry.model(named: model)!
        let indices = bounded.map { name in modelType.description.observables.firstIndex { $0.name == name }! }
        do {
            let runner = try modelType.runner(settings: IntegratorSettings(method: method, tolerance: tolerance))
            switch runner.evaluate([parameters(draw)])[0].outcome {
            case .finished(let values): return .success(indices.map { values[$0] })
            case .failed(let reason): return .failure(Failure(text: reason))
            }
        } catch {
            return .failure(Failure(text: "\(error)"))
        }
    }

    struct Failure: Error { let text: String }

    /// Per draw: its runs at every (method, tolerance) and at the reference tolerance.
    struct Outcome {
        var draw: Draw
        var runs: [String: [Double]] = [:]
        var failure: String?
        /// The methods whose reference is the run at `fallbackTolerance`.
        var fallbacks: [String] = []
        var seconds = 0.0
        static func key(_ method: String, _ tolerance: Double) -> String { "\(method) \(tolerance)" }
    }

    static func run(_ draw: Draw) -> Outcome {
        var outcome = Outcome(draw: draw)
        let start = Date()
        for method in methods {
            for tolerance in tolerances + [referenceTolerance] {
                var result = evaluate(draw, method: method, tolerance: tolerance)
                // Where rounding keeps a method from 1e-11 (it says so), the reference is the run at 1e-10.
                if tolerance == referenceTolerance, case .failure(let failure) = result, failure.text.contains("could not reach") {
                    result = evaluate(draw, method: method, tolerance: fallbackTolerance)
                    outcome.fallbacks.append(method)
                }
                switch result {
                case .success(let values): outcome.runs[Outcome.key(method, tolerance)] = values
                case .failure(let failure): outcome.failure = "\(method) at \(tolerance): \(failure.text)"; return outcome
                }
            }
        }
        outcome.seconds = Date().timeIntervalSince(start)
        return outcome
    }

    /// The draws' outcomes, filled from concurrent workers.
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Outcome?]
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ outcome: Outcome) { lock.withLock { items[i] = outcome } }
        var all: [Outcome] { lock.withLock { items.compactMap { $0 } } }
    }

    static var drawCount: Int {
        draws * max(1, Int(ProcessInfo.processInfo.environment["QUENCH_PROPERTY_DRAWS"] ?? "") ?? 1)
    }

    @Test("n_lowest, n_below, n_above, n_highest within the tolerance at 1e-5, 1e-7, 1e-9, split4 and rk4, at seeded random points")
    func contract() {
        let count = Self.drawCount
        let verbose = ProcessInfo.processInfo.environment["QUENCH_PROPERTY_VERBOSE"] == "1"
        let outcomes = Outcomes(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            outcomes.set(i, Self.run(Self.draw(seed: Self.baseSeed &+ UInt64(i))))
        }
        var worst: [String: (ratio: Double, seed: UInt64)] = [:]
        var refused = 0, fallbacks = 0
        for outcome in outcomes.all {
            let draw = outcome.draw
            if let failure = outcome.failure {
                // A point the model refuses (no mean-field ground state at t₀) is not a contract breach.
                if failure.contains("no mean-field ground state") {
                    refused += 1
                    continue
                }
                Issue.record("draw seed \(draw.seed) failed: \(failure)\n\(draw)\n\(draw.job(method: "split4", tolerance: 1e-7))")
                continue
            }
            let split = outcome.runs[Outcome.key("split4", Self.referenceTolerance)]!
            let rk = outcome.runs[Outcome.key("rk4", Self.referenceTolerance)]!
            let referenceGap = zip(split, rk).map { abs($0 - $1) }.max()!
            #expect(referenceGap <= 0.05 * Self.tolerances.min()!,
                    "draw seed \(draw.seed): split4 and rk4 at \(Self.referenceTolerance) differ by \(referenceGap)\n\(draw)")
            fallbacks += outcome.fallbacks.isEmpty ? 0 : 1
            var line = "seed \(draw.seed) (\(String(format: "%.2f", outcome.seconds)) s, references differ by \(referenceGap)"
                + (outcome.fallbacks.isEmpty ? "" : ", \(outcome.fallbacks.joined(separator: " and ")) at \(Self.fallbackTolerance)") + "):"
            for method in Self.methods {
                let reference = method == "split4" ? rk : split
                for tolerance in Self.tolerances {
                    let values = outcome.runs[Outcome.key(method, tolerance)]!
                    let ratio = zip(values, reference).map { abs($0 - $1) / tolerance }.max()!
                    let key = Outcome.key(method, tolerance)
                    if ratio > worst[key]?.ratio ?? -1 { worst[key] = (ratio, draw.seed) }
                    line += " \(method)@\(tolerance) \(String(format: "%.3f", ratio))"
                    #expect(ratio <= 1, """
                        draw seed \(draw.seed): \(method) at tolerance \(tolerance): worst |error|/tolerance \(ratio) \
                        (errors \(zip(values, reference).map { $0 - $1 })) at \(draw); replay:
                        \(draw.job(method: method, tolerance: tolerance))
                        """)
                }
            }
            if verbose { print(line + "  " + draw.description) }
        }
        for method in Self.methods {
            for tolerance in Self.tolerances {
                let w = worst[Outcome.key(method, tolerance)]
                print("bcs.classical \(method), tolerance \(tolerance), \(count - refused) draws (\(refused) refused at t0): worst error/tolerance "
                      + "\(w.map { String(format: "%.3f", $0.ratio) } ?? "-") (draw seed \(w.map { "\($0.seed)" } ?? "-"); "
                      + "references at \(Self.fallbackTolerance) in \(fallbacks) draws)")
            }
        }
    }
}
