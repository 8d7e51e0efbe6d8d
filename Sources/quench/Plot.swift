import ArgumentParser
import Engine
import Plot

extension Quench {
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plot a finished scan as SVG (and PNG when rsvg-convert or ImageMagick is installed).",
            discussion: """
                Defaults come from the model (`quench models` names its natural plot); curves are grouped by the \
                other scan axes, or by --by. Failed points are skipped. On a log axis, points with a value ≤ 0 \
                are dropped with a warning naming the column and the first such value; it is an error if none \
                is left.

                When FOLDER/verify.json exists (`quench verify`) and y is an observable it judged, a line under \
                the subtitle says so: "verified: worst |Δ|/bound 0.28 on 16 points (auto at 1e-11)", or "NOT \
                verified: …" with the point that exceeds its bound. No error bars: the bounds are of the \
                tolerance's size, far below a pixel. When results.csv changed since verify read it (its \
                checksum), or the manifest's job is another, the line says the verification is stale instead, \
                with a warning.
                """)

        @OptionGroup var scan: FinishedScanArgument

        @Option(help: "x column: a parameter (default: the model's natural x).")
        var x: String?

        @Option(help: "y column: an observable (default: the model's natural y).")
        var y: String?

        @Option(help: "One curve per value of this parameter (default: per combination of the other scan axes).")
        var by: String?

        @Option(help: "Log scales: x, y or x,y.")
        var log: String?

        @Flag(help: "Draw the model's analytic or exact reference for y as a line (see `quench models`).")
        var reference = false

        @Option(help: "Plot this recorded series from series.csv (x = its coordinate, one curve per point).")
        var series: String?

        @Option(help: "The SVG file to write (default: FOLDER/plots/<y>-vs-<x>.svg).")
        var output: String?

        func run() throws {
            do {
                let scales = try log.map(PlotOptions.parseLog) ?? (x: false, y: false)
                let options = PlotOptions(x: x, y: y, by: by, logX: scales.x, logY: scales.y, reference: reference, series: series)
                // Writing into the scan's folder (plots/) takes its lock; an explicit --output elsewhere does not.
                let write = { try ScanPlot.write(folder: scan.folder, options: options, output: output) }
                let (plot, warnings) = output == nil ? try withFolderLock(scan.folder, command: "plot", write) : try write()
                for warning in warnings { printError("warning: \(warning)") }
                print("wrote \(plot.svg)")
                if let png = plot.png, let converter = plot.converter {
                    print("wrote \(png) (\(converter))")
                } else if PNGConverter.available() == nil {
                    print("no PNG: install rsvg-convert (librsvg2-bin) or ImageMagick to get one")
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
