import Foundation

/// Draws a `Figure` as an SVG document: title, framed plot area with grid, ticks and tick labels,
/// axis labels, curves (polylines of class "curve", markers of class "marker"), and a legend to the
/// right of the plot area (class "legend-entry"), so it never covers data.
package enum SVGWriter {
    package static let width = 820.0
    package static let height = 500.0
    /// Curves with more points than this are drawn as lines only.
    package static let maximumMarkers = 60
    /// Tableau-like colours, distinguishable on white; index -1 (or any negative) is dark grey.
    package static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
                                 "#17becf", "#bcbd22", "#7f7f7f"]

    /// A standalone SVG file (with the XML declaration).
    package static func document(_ figure: Figure, id: String = "plot") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg(figure, id: id)
    }

    /// The `<svg>` element alone, for inlining in HTML; `id` prefixes element ids (unique per page).
    package static func svg(_ figure: Figure, id: String = "plot") -> String {
        let points = figure.curves.flatMap(\.points)
        let xTicks = AxisTicks.compute(points.map(\.x).min() ?? .nan, points.map(\.x).max() ?? .nan, scale: figure.xScale, target: 6)
        let yTicks = AxisTicks.compute(points.map(\.y).min() ?? .nan, points.map(\.y).max() ?? .nan, scale: figure.yScale, target: 6)
        let legendLabels = figure.curves.compactMap(\.label) + figure.notes.map(\.label) + [figure.legendTitle]
        let legendWidth = figure.legendCount == 0 ? 0 : min(260, max(90, Double(legendLabels.map(\.count).max() ?? 0) * 7 + 44))
        let subtitles = figure.subtitle.isEmpty ? [] : figure.subtitle.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let left = 86.0, top = 44.0 + 16 * Double(subtitles.count)
        let right = width - 20 - (legendWidth > 0 ? legendWidth + 14 : 0), bottom = height - 58
        let xMap = mapping(xTicks, figure.xScale, from: left, to: right)
        let yMap = mapping(yTicks, figure.yScale, from: bottom, to: top)

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<defs><clipPath id=\"\(escape(id))-area\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\"/></clipPath></defs>\n"
        s += text(figure.title, x: width / 2, y: 22, size: 16, anchor: "middle", extra: " font-weight=\"bold\"")
        for (line, subtitle) in subtitles.enumerated() {
            s += text(subtitle, x: width / 2, y: 41 + 16 * Double(line), size: 11.5, anchor: "middle", extra: " fill=\"#555\" class=\"subtitle\"")
        }

        s += "<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n"
        for value in xTicks.major { s += line(xMap(value), top, xMap(value), bottom) }
        for value in yTicks.major { s += line(left, yMap(value), right, yMap(value)) }
        s += "</g>\n<g class=\"ticks\" stroke=\"#333\" stroke-width=\"1\">\n"
        for value in xTicks.major { s += line(xMap(value), bottom, xMap(value), bottom + 6) }
        for value in xTicks.minor { s += line(xMap(value), bottom, xMap(value), bottom + 3) }
        for value in yTicks.major { s += line(left - 6, yMap(value), left, yMap(value)) }
        for value in yTicks.minor { s += line(left - 3, yMap(value), left, yMap(value)) }
        s += "</g>\n<g class=\"tick-labels\" fill=\"#222\">\n"
        let xSpacing = zip(xTicks.major, xTicks.major.dropFirst()).map { xMap($1) - xMap($0) }.min() ?? width
        let xWidest = Double(xTicks.labels.map(\.count).max() ?? 1) * 7.2 + 8
        let xStride = max(1, Int((xWidest / max(xSpacing, 1)).rounded(.up)))
        for (i, (value, label)) in zip(xTicks.major, xTicks.labels).enumerated() where i % xStride == 0 {
            s += text(label, x: xMap(value), y: bottom + 20, size: 12, anchor: "middle")
        }
        let ySpacing = zip(yTicks.major, yTicks.major.dropFirst()).map { yMap($0) - yMap($1) }.min() ?? height
        let yStride = max(1, Int((16 / max(ySpacing, 1)).rounded(.up)))
        for (i, (value, label)) in zip(yTicks.major, yTicks.labels).enumerated() where i % yStride == 0 {
            s += text(label, x: left - 9, y: yMap(value) + 4, size: 12, anchor: "end")
        }
        s += "</g>\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>\n"
        s += text(figure.xLabel, x: (left + right) / 2, y: height - 16, size: 14, anchor: "middle")
        s += "<text x=\"20\" y=\"\(f((top + bottom) / 2))\" font-size=\"14\" text-anchor=\"middle\" transform=\"rotate(-90 20 \(f((top + bottom) / 2)))\">\(escape(figure.yLabel))</text>\n"

        s += "<g class=\"curves\" clip-path=\"url(#\(escape(id))-area)\">\n"
        for curve in figure.curves {
            let sorted = curve.points.sorted { $0.x < $1.x }
            let color = colour(curve.color)
            if sorted.count > 1 {
                let list = sorted.map { "\(f(xMap($0.x))),\(f(yMap($0.y)))" }.joined(separator: " ")
                s += "<polyline class=\"curve\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(curve.marker == nil ? "1.8" : "1.4")\"\(dash(curve.line)) points=\"\(list)\"/>\n"
            }
            if let marker = curve.marker, sorted.count <= maximumMarkers || sorted.count == 1 {
                for point in sorted { s += markerShape(marker, x: xMap(point.x), y: yMap(point.y), color: color) }
            }
        }
        s += "</g>\n"

        if figure.legendCount > 0 {
            let x = right + 14
            var y = top + 4
            s += "<g class=\"legend\">\n"
            if !figure.legendTitle.isEmpty {
                s += text(figure.legendTitle, x: x, y: y + 10, size: 12, anchor: "start", extra: " font-weight=\"bold\"")
                y += 20
            }
            for curve in figure.curves {
                guard let label = curve.label else { continue }
                let color = colour(curve.color)
                s += "<g class=\"legend-entry\">"
                s += "<line x1=\"\(f(x))\" y1=\"\(f(y + 6))\" x2=\"\(f(x + 26))\" y2=\"\(f(y + 6))\" stroke=\"\(color)\" stroke-width=\"1.8\"\(dash(curve.line))/>"
                if let marker = curve.marker { s += markerShape(marker, x: x + 13, y: y + 6, color: color, legend: true) }
                s += text(label, x: x + 34, y: y + 10, size: 12, anchor: "start", newline: false) + "</g>\n"
                y += 19
            }
            for note in figure.notes {
                s += "<g class=\"legend-entry\">"
                s += "<line x1=\"\(f(x))\" y1=\"\(f(y + 6))\" x2=\"\(f(x + 26))\" y2=\"\(f(y + 6))\" stroke=\"#444\" stroke-width=\"1.8\"\(dash(note.line))/>"
                s += text(note.label, x: x + 34, y: y + 10, size: 12, anchor: "start", newline: false) + "</g>\n"
                y += 19
            }
            s += "</g>\n"
        }
        return s + "</svg>\n"
    }

    /// Data value → pixel, for an axis drawn from `from` (at `lower`) to `to` (at `upper`).
    static func mapping(_ ticks: AxisTicks, _ scale: AxisScale, from: Double, to: Double) -> (Double) -> Double {
        let transform: (Double) -> Double = scale == .log ? { log10($0) } : { $0 }
        let (a, b) = (transform(ticks.lower), transform(ticks.upper))
        return { value in from + (transform(value) - a) / (b - a) * (to - from) }
    }

    static func colour(_ index: Int) -> String { index < 0 ? "#444444" : palette[index % palette.count] }

    static func dash(_ style: LineStyle) -> String {
        switch style {
        case .solid: ""
        case .dashed: " stroke-dasharray=\"7 4\""
        case .dotted: " stroke-dasharray=\"2 3\""
        }
    }

    static func markerShape(_ marker: Marker, x: Double, y: Double, color: String, legend: Bool = false) -> String {
        let r = 3.6
        let kind = legend ? "" : " class=\"marker\""
        let style = "fill=\"\(color)\" stroke=\"\(color)\""
        switch marker {
        case .circle: return "<circle\(kind) cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" \(style)/>"
        case .square: return "<rect\(kind) x=\"\(f(x - r))\" y=\"\(f(y - r))\" width=\"\(f(2 * r))\" height=\"\(f(2 * r))\" \(style)/>"
        case .triangle: return polygon(kind, [(x, y - 1.2 * r), (x + 1.1 * r, y + 0.8 * r), (x - 1.1 * r, y + 0.8 * r)], style)
        case .triangleDown: return polygon(kind, [(x, y + 1.2 * r), (x + 1.1 * r, y - 0.8 * r), (x - 1.1 * r, y - 0.8 * r)], style)
        case .diamond: return polygon(kind, [(x, y - 1.3 * r), (x + r, y), (x, y + 1.3 * r), (x - r, y)], style)
        case .cross:
            return "<path\(kind) d=\"M\(f(x - r)),\(f(y - r))L\(f(x + r)),\(f(y + r))M\(f(x - r)),\(f(y + r))L\(f(x + r)),\(f(y - r))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"/>"
        }
    }

    static func polygon(_ kind: String, _ corners: [(Double, Double)], _ style: String) -> String {
        "<polygon\(kind) points=\"\(corners.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\" \(style)/>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\"/>\n"
    }

    static func text(_ content: String, x: Double, y: Double, size: Double, anchor: String, extra: String = "", newline: Bool = true) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" text-anchor=\"\(anchor)\"\(extra)>\(escape(content))</text>" + (newline ? "\n" : "")
    }

    static func f(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f", value) : "0"
    }

    /// Escapes text for XML content and attributes.
    package static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
