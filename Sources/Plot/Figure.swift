/// A marker drawn at each data point.
package enum Marker: Sendable, CaseIterable {
    case circle, square, triangle, diamond, triangleDown, cross
}

/// How a curve's line is drawn.
package enum LineStyle: Sendable, Equatable {
    case solid, dashed, dotted
}

/// One curve: points joined in x order, with an optional marker and an optional legend label.
package struct Curve: Sendable {
    package var points: [(x: Double, y: Double)]
    /// Index into the figure palette.
    package var color: Int
    package var marker: Marker?
    package var line: LineStyle
    /// The legend entry; nil for none (e.g. a reference drawn once per group, labelled once).
    package var label: String?

    package init(points: [(x: Double, y: Double)], color: Int, marker: Marker? = nil, line: LineStyle = .solid, label: String? = nil) {
        self.points = points
        self.color = color
        self.marker = marker
        self.line = line
        self.label = label
    }
}

/// A legend entry that is not a curve (e.g. "dashed: reference"), drawn in grey.
package struct LegendNote: Sendable {
    package var line: LineStyle
    package var label: String
    package init(line: LineStyle, label: String) {
        self.line = line
        self.label = label
    }
}

/// What to draw: axes with labels and scales, curves, and a legend of every labelled curve.
package struct Figure: Sendable {
    package var title: String
    /// Smaller title lines under the title, separated by newlines (e.g. the fixed parameters, how the numbers were checked).
    package var subtitle: String
    package var xLabel: String
    package var yLabel: String
    package var xScale: AxisScale
    package var yScale: AxisScale
    package var curves: [Curve]
    /// The legend's heading (e.g. the --by parameter).
    package var legendTitle: String
    package var notes: [LegendNote]

    package init(title: String, subtitle: String = "", xLabel: String, yLabel: String, xScale: AxisScale = .linear,
                yScale: AxisScale = .linear, curves: [Curve], legendTitle: String = "", notes: [LegendNote] = []) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.curves = curves
        self.legendTitle = legendTitle
        self.notes = notes
    }

    /// The entries the legend shows: labelled curves, then notes.
    package var legendCount: Int { curves.filter { $0.label != nil }.count + notes.count }
}
