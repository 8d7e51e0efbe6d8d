import Foundation
import Models
import Testing

/// The seeded property harness of issue 13: for one (model, method) pair, draw points over the
/// model's documented domain, evaluate each at several tolerances, and compare every observable
/// whose contract bounds it (`Accuracy.bound`) with an independent reference. PropertyTests lists
/// the pairs and their domains.
///
/// - A draw is a pure function of its seed, and a failing draw prints its seed and a job file that
///   replays it with `quench run`.
/// - `QUENCH_PROPERTY_DRAWS=k` multiplies every pair's draw count (CI runs k = 1);
///   `QUENCH_PROPERTY_SEED=s` runs only the draw with seed s (of whichever pair owns it), and
///   `QUENCH_PROPERTY_PAIR="model method,…"` only those pairs; `QUENCH_PROPERTY_VERBOSE=1` prints every
///   draw with its time and cost.
/// - `QUENCH_PROPERTY_COST=c` multiplies every pair's cost cap (the harness's one narrowing of the
///   documented domain, stated per pair: the tested method's `estimatedCost` at the tightest
///   tolerance).
struct PropertyPair: Sendable, CustomStringConvertible {
    /// Parameter values of one draw, by name; the model's defaults fill the rest.
    typealias Draw = [String: ParameterValue]

    let model: String
    let method: String
    /// Tolerances tested, loosest first.
    let tolerances: [Double]
    /// Draws in a CI run.
    let draws: Int
    /// The largest `estimatedCost` drawn, of the tested method at any tolerance its check accepts and
    /// of the reference method at its tolerance (a reference candidate over it is passed over).
    let costCap: Double
    /// A point of the documented domain, drawn from the generator.
    let draw: @Sendable (inout PropertyRandom) -> Draw
    /// Where the exact answer for a draw comes from.
    let reference: @Sendable (Draw) -> PropertyReference
    /// The cost cap of the reference runs, when it differs from `costCap` (a slower reference method).
    var referenceCostCap: Double? = nil
    /// Draws known to miss the contract, by seed, with what is known: recorded as known issues (the
    /// test stays green and prints them), so that any other draw that fails is a new failure.
    var knownFailures: [UInt64: String] = [:]

    var description: String { "\(model) \(method)" }
}

/// The independent answer a draw is judged against.
enum PropertyReference: Sendable {
    /// Columns of the same result that hold the exact value of a bounded observable (observable →
    /// column). Bounded observables not listed are not judged.
    case exactColumns([String: String])
    /// The first of these methods whose `check` accepts the point within the cost cap and finishes, at
    /// the tightest tested tolerance divided by `factor` (its own error is then at most 1/factor of the
    /// smallest bound).
    case methods([String], factor: Double = 100)
}

/// The draws the harness needs, on the project's `SplitMix64`: every value comes from its `next()`
/// alone, so a seed gives the same point on every platform and Swift version.
struct PropertyRandom {
    private var generator: SplitMix64
    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { generator.nextUnitInterval() }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
    /// Log-uniform in [a, b], a > 0.
    mutating func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))).clamped(a, b) }
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    /// An integer log-uniform in the range (lower bound ≥ 1).
    mutating func logInteger(_ range: ClosedRange<Int>) -> Int {
        Int(logUniform(Double(range.lowerBound), Double(range.upperBound) + 1).rounded(.down)).clamped(range.lowerBound, range.upperBound)
    }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func pick<T>(_ choices: [T]) -> T { choices[integer(0...(choices.count - 1))] }
    /// `edge` with probability p, else `value()`: the harness visits the ends of each range on purpose.
    mutating func edgeOr<T>(_ p: Double, _ edges: [T], _ value: (inout PropertyRandom) -> T) -> T {
        chance(p) ? pick(edges) : value(&self)
    }
}

private extension Comparable {
    func clamped(_ a: Self, _ b: Self) -> Self { min(max(self, a), b) }
}

/// What one pair's run measured.
struct PropertySummary: CustomStringConvertible {
    var pair: String
    var drawn = 0, refusedByCheck = 0, overCostCap = 0, noReference = 0, referenceFailed = 0, failedPoints = 0
    /// Worst |error|/bound per tolerance, with the seed of the draw.
    var worst: [(tolerance: Double, ratio: Double, observable: String, seed: UInt64)] = []
    /// Worst |error|/bound of the known failures (not in `worst`).
    var known = 0.0
    /// Worst |Δ|/tol of observables the model states no accuracy for, per tolerance (information).
    var unstated: [String: Double] = [:]

    var description: String {
        var s = "property \(pair): \(drawn) draws judged (\(refusedByCheck) refused by check, \(overCostCap) over the cost cap, \(noReference) without a reference, \(referenceFailed) reference run(s) failed, \(failedPoints) failed)"
        for w in worst {
            s += "\n  tolerance \(w.tolerance): worst |error|/bound \(String(format: "%.3g", w.ratio))" + (w.ratio > 0 ? " (\(w.observable), seed \(w.seed))" : "")
        }
        if known > 0 { s += "\n  known failures (\(pair)'s knownFailures): worst |error|/bound \(String(format: "%.3g", known))" }
        if !unstated.isEmpty {
            s += "\n  unstated, worst |Δ|/tol: " + unstated.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3g", $0.value))" }.joined(separator: ", ")
        }
        return s
    }
}

enum PropertyHarness {
    static let drawMultiplier = Double(ProcessInfo.processInfo.environment["QUENCH_PROPERTY_DRAWS"] ?? "") ?? 1
    static let costMultiplier = Double(ProcessInfo.processInfo.environment["QUENCH_PROPERTY_COST"] ?? "") ?? 1
    static let onlySeed = UInt64(ProcessInfo.processInfo.environment["QUENCH_PROPERTY_SEED"] ?? "")
    static let verbose = ProcessInfo.processInfo.environment["QUENCH_PROPERTY_VERBOSE"] != nil
    static let onlyPairs = ProcessInfo.processInfo.environment["QUENCH_PROPERTY_PAIR"].map { $0.split(separator: ",").map(String.init) }

    /// The seed of draw `index` of `pair`: FNV-1a of the pair's name plus the index, through one
    /// SplitMix64 step, so that the streams of neighbouring draws do not overlap.
    static func seed(_ pair: PropertyPair, _ index: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in pair.description.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var mixer = PropertyRandom(seed: hash &+ UInt64(index))
        return mixer.next()
    }

    /// A job file that replays one draw of `pair` at `tolerance` (`quench run` it, then compare).
    static func replayJob(_ pair: PropertyPair, _ draw: PropertyPair.Draw, method: String? = nil, tolerance: Double, seed: UInt64) -> String {
        let fixed = draw.sorted { $0.key < $1.key }.map { key, value -> String in
            switch value {
            case .text(let word): "\(key) = \"\(word)\""
            case .list(let xs): "\(key) = [" + xs.map { "\($0)" }.joined(separator: ", ") + "]"
            default: "\(key) = \(value)"
            }
        }
        return """
            # replays draw \(seed) of the property harness (\(pair))
            [scan]
            name = "property-\(seed)"
            model = "\(pair.model)"
            output = "results/property-\(seed)"

            [fixed]
            \(fixed.joined(separator: "\n"))

            [integrator]
            method = "\(method ?? pair.method)"
            tolerance = \(tolerance)
            """
    }

    /// The model's runner for a method and tolerance.
    static func runner(_ pair: PropertyPair, method: String, tolerance: Double) throws -> any PointRunner {
        let model = try #require(ModelRegistry.model(named: pair.model))
        return try model.runner(settings: IntegratorSettings(method: method, tolerance: tolerance))
    }

    static func point(_ draw: PropertyPair.Draw, of description: ModelDescription) -> PointParameters {
        PointParameters(description.parameters.map { draw[$0.name] ?? $0.defaultValue })
    }

    /// Runs the pair: every draw at every tolerance against its reference; records an issue per bound
    /// exceeded (with the replay job), and checks that |error|/bound does not grow as the tolerance
    /// tightens. Returns what it measured.
    @discardableResult
    static func run(_ pair: PropertyPair) throws -> PropertySummary {
        var summary = PropertySummary(pair: pair.description)
        if let only = onlyPairs, !only.contains(pair.description) { return summary }
        let clock = ContinuousClock.now
        let description = try #require(ModelRegistry.model(named: pair.model)).description
        let observables = description.observables
        let runners = try pair.tolerances.map { try runner(pair, method: pair.method, tolerance: $0) }
        let tightest = pair.tolerances.min()!
        var worst = pair.tolerances.map { ($0, 0.0, "", UInt64(0)) }

        let draws = max(1, Int((Double(pair.draws) * drawMultiplier).rounded()))
        for index in 0..<draws {
            let seed = seed(pair, index)
            if let only = onlySeed, only != seed { continue }
            var random = PropertyRandom(seed: seed)
            let draw = pair.draw(&random)
            for (name, value) in draw {
                let spec = try #require(description.parameters.first { $0.name == name }, "\(pair) draws unknown parameter \(name)")
                #expect(spec.domain.contains(value), "\(pair) seed \(seed): \(name) = \(value) is outside the documented domain")
            }
            let point = point(draw, of: description)
            let cap = pair.costCap * costMultiplier, referenceCap = (pair.referenceCostCap ?? pair.costCap) * costMultiplier
            // (A runner whose check refuses the point reports a nominal cost: only accepted runs count.)
            if runners.filter({ $0.violation(point) == nil }).map({ $0.estimatedCost(point) }).max() ?? 0 > cap {
                summary.overCostCap += 1
                continue
            }
            let drawClock = ContinuousClock.now
            // The reference: exact columns of the tested result, or another method's result (the
            // first candidate that accepts the point within the cost cap).
            let reference = pair.reference(draw)
            var referenceValues: [String: Double]?
            if case .methods(let methods, let factor) = reference {
                var overCap = false
                for method in methods {
                    let r = try runner(pair, method: method, tolerance: tightest / factor)
                    guard r.violation(point) == nil else { continue }
                    guard r.estimatedCost(point) <= referenceCap else { overCap = true; continue }
                    // A reference that fails (a step limit at the reference tolerance) passes to the next.
                    guard case .finished(let values) = r.evaluate([point])[0].outcome else { summary.referenceFailed += 1; continue }
                    referenceValues = Dictionary(uniqueKeysWithValues: zip(observables.map(\.name), values))
                    break
                }
                if referenceValues == nil {
                    if overCap { summary.overCostCap += 1 } else { summary.noReference += 1 }
                    continue
                }
            }
            var judged = false
            for (t, (tolerance, runner)) in zip(pair.tolerances, runners).enumerated() {
                if runner.violation(point) != nil { summary.refusedByCheck += 1; continue }
                let outcome = runner.evaluate([point])[0].outcome
                guard case .finished(let values) = outcome else {
                    summary.failedPoints += 1
                    Issue.record("\(pair) seed \(seed) failed at tolerance \(tolerance): \(outcome)\n\(replayJob(pair, draw, tolerance: tolerance, seed: seed))")
                    continue
                }
                let result = Dictionary(uniqueKeysWithValues: zip(observables.map(\.name), values))
                for spec in observables {
                    let exact: Double?
                    switch reference {
                    case .exactColumns(let columns): exact = columns[spec.name].flatMap { result[$0] }
                    case .methods: exact = referenceValues?[spec.name]
                    }
                    guard let exact, let value = result[spec.name] else { continue }
                    if spec.accuracy == .unstated {
                        if exact.isFinite && value.isFinite {
                            summary.unstated[spec.name] = max(summary.unstated[spec.name] ?? 0, abs(value - exact) / tolerance)
                        }
                        continue
                    }
                    guard let bound = spec.accuracy.bound(tolerance: tolerance, value: exact) else { continue }
                    judged = true
                    let ratio = abs(value - exact) / bound
                    let message: Comment = """
                        \(pair) seed \(seed), tolerance \(tolerance): \(spec.name) = \(value), reference \(exact), |error|/bound \(ratio)
                        \(replayJob(pair, draw, tolerance: tolerance, seed: seed))
                        """
                    if let known = pair.knownFailures[seed] {
                        if !(ratio <= 1) { withKnownIssue(Comment(rawValue: known)) { Issue.record(message) } }
                        summary.known = max(summary.known, ratio)
                        continue
                    }
                    #expect(ratio <= 1, message)
                    if !(ratio <= worst[t].1) { worst[t] = (tolerance, ratio, spec.name, seed) }
                }
            }
            if judged { summary.drawn += 1 }
            if verbose { print("  \(pair) seed \(seed): \(ContinuousClock.now - drawClock), cost \(runners.last!.estimatedCost(point)), \(draw)") }
        }
        summary.worst = worst.map { (tolerance: $0.0, ratio: $0.1, observable: $0.2, seed: $0.3) }
        print("\(summary)\n  (\(ContinuousClock.now - clock))")
        if onlySeed == nil {
            #expect(summary.drawn >= draws / 2, "\(pair): only \(summary.drawn) of \(draws) draws could be judged")
            // |error|/bound must not grow as the tolerance tightens: from one tolerance to the next
            // tighter, at most 4× (a method's margin may shrink), unless it stays below 1/2.
            for (loose, tight) in zip(summary.worst, summary.worst.dropFirst()) {
                #expect(tight.ratio <= max(4 * loose.ratio, 0.5),
                        "\(pair): |error|/bound grows as the tolerance tightens: \(loose.ratio) at \(loose.tolerance), \(tight.ratio) at \(tight.tolerance)")
            }
        }
        return summary
    }
}
