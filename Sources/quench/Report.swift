import ArgumentParser
import Engine

extension Quench {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write FOLDER/report.html: one self-contained page with the manifest, a plot of every observable, failed points and time per rank.",
            discussion: """
                Its Verification section shows FOLDER/verify.json (`quench verify`): the verdict, the sample, the \
                recomputation's method and tolerance, and per observable the worst |Δ|/bound with its point; \
                "not verified" without one, and that it is stale when results.csv changed since verify read it.
                """)

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
