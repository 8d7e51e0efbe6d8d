import ArgumentParser
import Engine

extension Quench {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write FOLDER/report.html: one self-contained page with the manifest, a plot of every observable, failed points and time per rank.")

        @OptionGroup var scan: FinishedScanArgument

        func run() throws {
            do {
                let (path, notes) = try withFolderLock(scan.folder, command: "report") { try ScanReport.write(folder: scan.folder) }
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
