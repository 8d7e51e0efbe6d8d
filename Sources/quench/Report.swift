import ArgumentParser
import Engine

extension Quench {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write FOLDER/report.html: one self-contained page with the manifest, a plot of every observable, failed points and time per rank.")

        @Argument(help: "The scan's output folder (with manifest.json and results.csv).")
        var folder: String

        func run() throws {
            do {
                let (path, notes) = try withFolderLock(folder, command: "report") { try ScanReport.write(folder: folder) }
                for note in notes { printError("note: not plotted: \(note)") }
                print("wrote \(path)")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
