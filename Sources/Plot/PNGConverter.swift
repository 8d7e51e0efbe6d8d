import Foundation

/// Converts an SVG file to PNG with an external converter when one is installed: `rsvg-convert`
/// (librsvg), else ImageMagick's `convert`. Nothing is required: without a converter, no PNG.
package enum PNGConverter {
    /// The converter found on PATH or in /usr/bin, /usr/local/bin: its name and path; nil if none.
    package static func available() -> (name: String, path: String)? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/bin", "/usr/bin"]
        for name in ["rsvg-convert", "convert"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return (name, folder + "/" + name)
            }
        }
        return nil
    }

    /// Writes `png` from `svg` (through a temporary file renamed into place, so no half-written PNG
    /// is left behind). Returns the converter's name, nil without one; throws if it fails.
    package static func convert(svg: String, png: String) throws(PlotError) -> String? {
        guard let converter = available() else { return nil }
        let temporary = png + ".tmp-\(getpid()).png"
        let arguments = converter.name == "rsvg-convert"
            ? ["--zoom", "1.5", "--background-color", "white", "-o", temporary, svg]
            : ["-density", "144", "-background", "white", svg, temporary]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter.path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .converterDidNotStart(path: converter.path, reason: error.localizedDescription)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: temporary) else {
            unlink(temporary)
            throw .conversionFailed(converter: converter.name, svg: svg, status: process.terminationStatus)
        }
        guard rename(temporary, png) == 0 else {
            unlink(temporary)
            throw .cannotRename(path: png)
        }
        return converter.name
    }
}
