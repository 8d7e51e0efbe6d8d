/// A marker drawn at each data point.
public enum Marker: Sendable, CaseIterable {
    case circle, square, triangle, diamond, triangleDown, cross
}

/// How a curve's line is drawn.
public enum LineStyle: Sendable, Equatable {
    case solid, dashed, dotted
}

/// One curve: points joined in x order, with an optional marker and an optional legend label.
public struct Curve: Sendable {
    public var points: [(x: Double, y: Double)]
    /// Index into the figure palette.
    public var color: Int
    public var marker: Marker?
    public var line: LineStyle
    /// The legend entry; nil for none (e.g. a reference drawn once per group, labelled once).
    public var label: String?

    public init(points: [(x: Double, y: Double)], color: Int, marker: Marker? = nil, line: LineStyle = .solid, label: String? = nil) {
        self.points = points
        self.color = color
        self.marker = marker
        self.line = line
        self.label = label
    }
}

/// A legend entry that is not a curve (e.g. "dashed: reference"), drawn in grey.
public struct LegendNote: Sendable {
    public var line: LineStyle
    public var label: String
    public init(line: LineStyle, label: String) {
        self.line = line
        self.label = label
    }
}

/// What to draw: axes with labels and scales, curves, and a legend of every labelled curve.
public struct Figure: Sendable {
    public var title: String
    /// A smaller second title line (e.g. the fixed parameters).
    public var subtitle: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var curves: [Curve]
    /// The legend's heading (e.g. the --by parameter).
    public var legendTitle: String
    public var notes: [LegendNote]

    public init(title: String, subtitle: String = "", xLabel: String, yLabel: String, xScale: AxisScale = .linear,
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
    public var legendCount: Int { curves.filter { $0.label != nil }.count + notes.count }
}
