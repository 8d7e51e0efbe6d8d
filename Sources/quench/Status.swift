import ArgumentParser
import Engine

extension Quench {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Progress of a running or stopped scan: points done, failed and remaining, rate, time left, per-rank activity.")

        @Argument(help: "The scan's output folder.")
        var folder: String

        func run() throws {
            do {
                print(try ScanStatus.read(folder).text)
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
