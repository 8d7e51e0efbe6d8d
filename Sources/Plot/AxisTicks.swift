import Foundation

/// How an axis maps values to positions.
package enum AxisScale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; only positive values can be placed.
    case log
}

/// An axis range and its ticks: labelled major ticks and unlabelled minor ticks, all inside
/// `lower...upper`.
package struct AxisTicks: Sendable, Equatable {
    package let lower: Double
    package let upper: Double
    package let major: [Double]
    package let labels: [String]
    package let minor: [Double]

    /// Ticks for data spanning `low...high` on a scale. The range is the data's, padded by a few
    /// per cent (in log space for `.log`), so every point is inside. Degenerate data (a single
    /// value) gets a range around it; non-finite bounds give 0...1 (linear) or 1...10 (log); on a
    /// log scale, non-positive bounds are the caller's to remove (they are treated as 1).
    package static func compute(_ low: Double, _ high: Double, scale: AxisScale, target: Int = 6) -> AxisTicks {
        switch scale {
        case .linear: linear(low, high, target: target)
        case .log: logarithmic(low, high)
        }
    }

    /// Linear ticks at multiples of a 1-2-5 step, about `target` of them.
    package static func linear(_ low: Double, _ high: Double, target: Int = 6) -> AxisTicks {
        var (a, b) = low.isFinite && high.isFinite ? (min(low, high), max(low, high)) : (0, 1)
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            (a, b) = (a - pad, b + pad)
        } else {
            let pad = (b - a) * 0.04
            (a, b) = (a - pad, b + pad)
        }
        let step = niceStep((b - a) / Double(max(target, 2)))
        let first = (a / step).rounded(.up)
        let last = (b / step).rounded(.down)
        var major: [Double] = []
        if first <= last {
            for k in stride(from: first, through: last, by: 1) { major.append(k * step == 0 ? 0 : k * step) }
        }
        let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
        let magnitude = max(abs(a), abs(b))
        let scientific = magnitude >= 1e6 || decimals > 5
        let labels = major.map { value in
            scientific ? scientificLabel(value) : String(format: "%.\(decimals)f", value)
        }
        let minorStep = step / (step / pow(10, (log10(step) + 1e-9).rounded(.down)) == 2 ? 4 : 5)
        var minor: [Double] = []
        let minorFirst = (a / minorStep).rounded(.up), minorLast = (b / minorStep).rounded(.down)
        if minorFirst <= minorLast, minorLast - minorFirst < 1000 {
            for k in stride(from: minorFirst, through: minorLast, by: 1) {
                let value = k * minorStep
                if !major.contains(where: { abs($0 - value) < minorStep * 1e-6 }) { minor.append(value) }
            }
        }
        return AxisTicks(lower: a, upper: b, major: major, labels: labels, minor: minor)
    }

    /// Log ticks: decades labelled (every k-th decade when there are more than 8, the others
    /// minor; 2× and 5× labelled too when only two decades are in range), with 2…9 × 10ᵏ as minor
    /// ticks up to 8 decades. A range with fewer than two decades
    /// in it labels 2× and 5× too, then every multiple, then falls back to linear ticks.
    package static func logarithmic(_ low: Double, _ high: Double) -> AxisTicks {
        var (a, b) = (low > 0 && low.isFinite ? low : 1, high > 0 && high.isFinite ? high : 1)
        if a > b { (a, b) = (b, a) }
        var (la, lb) = (log10(a), log10(b))
        if la == lb {
            (la, lb) = (la - 0.5, lb + 0.5)
        } else {
            let pad = (lb - la) * 0.04
            (la, lb) = (la - pad, lb + pad)
        }
        let (lower, upper) = (pow(10, la), pow(10, lb))
        let inside = { (x: Double) in x >= lower * (1 - 1e-12) && x <= upper * (1 + 1e-12) }
        let firstDecade = Int(la.rounded(.down)), lastDecade = Int(lb.rounded(.up))
        let decades = (firstDecade...lastDecade).map { pow(10, Double($0)) }.filter(inside)
        if decades.count >= 2 {
            let every = decades.count > 8 ? Int((Double(decades.count) / 6).rounded(.up)) : 1
            var major: [Double] = [], minor: [Double] = []
            for decade in firstDecade...lastDecade {
                let value = pow(10, Double(decade))
                guard inside(value) else { continue }
                if decade % every == 0 { major.append(value) } else { minor.append(value) }
            }
            if decades.count <= 8 {
                for decade in firstDecade...lastDecade {
                    for m in 2...9 {
                        let value = Double(m) * pow(10, Double(decade))
                        if inside(value) { minor.append(value) }
                    }
                }
            }
            let plain = major.allSatisfy { (-2...3).contains(Int(log10($0).rounded())) }
            if decades.count == 2 {
                // Two labels only: label 2× and 5× too.
                let extra = minor.filter { v in [2.0, 5.0].contains { abs(v / pow(10, log10(v).rounded(.down)) - $0) < 1e-9 } }
                let all = (major + extra).sorted()
                return AxisTicks(lower: lower, upper: upper, major: all, labels: all.map(plainLabel),
                                 minor: minor.filter { !extra.contains($0) }.sorted())
            }
            return AxisTicks(lower: lower, upper: upper, major: major, labels: major.map { plain ? plainLabel($0) : powerLabel($0) },
                             minor: minor.sorted())
        }
        for multiples in [[1, 2, 5], Array(1...9)] {
            var values: [Double] = []
            for decade in firstDecade...lastDecade {
                for m in 1...9 {
                    let value = Double(m) * pow(10, Double(decade))
                    if inside(value) { values.append(value) }
                }
            }
            let major = values.filter { v in multiples.contains { m in
                abs(v / pow(10, log10(v).rounded(.down) ) - Double(m)) < 1e-9 } }
            if major.count >= 2 {
                return AxisTicks(lower: lower, upper: upper, major: major, labels: major.map(plainLabel),
                                 minor: values.filter { !major.contains($0) })
            }
        }
        let fallback = linear(lower, upper)
        let major = fallback.major.filter(inside)
        return AxisTicks(lower: lower, upper: upper, major: major, labels: major.map(plainLabel), minor: [])
    }

    /// The step 1, 2 or 5 × 10ᵏ closest above `raw`.
    package static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = log10(raw).rounded(.down)
        let scale = pow(10, exponent)
        let fraction = raw / scale
        let nice: Double = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10
        return nice * scale
    }

    /// 10ᵏ as "10⁻³" (decade labels are all plain, "0.01" to "1000", when every decade shown is in that range).
    static func powerLabel(_ value: Double) -> String { "10" + superscript(Int(log10(value).rounded())) }

    /// A short label for a value (%g, with 10ⁿ for small or large magnitudes).
    static func plainLabel(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5) { return scientificLabel(value) }
        return String(format: "%g", value)
    }

    /// "2×10⁻⁴", "10⁵", "0".
    static func scientificLabel(_ value: Double) -> String {
        if value == 0 { return "0" }
        var exponent = Int(log10(abs(value)).rounded(.down))
        var mantissa = value / pow(10, Double(exponent))
        if abs(mantissa) >= 9.9995 { mantissa /= 10; exponent += 1 }
        let text = String(format: "%.3g", mantissa)
        return (text == "1" ? "" : text == "-1" ? "−" : text + "×") + "10" + superscript(exponent)
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶",
                                              "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(n).map { digits[$0] ?? $0 })
    }
}
