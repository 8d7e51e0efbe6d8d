import ArgumentParser
import Engine
import Foundation

@main
struct Quench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quench",
        abstract: "Parameter scans of Landau–Zener sweeps and Kibble–Zurek quenches, from a laptop to an MPI job.",
        version: BuildInfo.version,
        subcommands: [Models.self, Check.self, Plan.self, Run.self, Status.self, Bench.self])
}

/// Writes a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}

/// Loads a job file or exits with its error (exit code 1).
func loadJob(_ path: String) throws -> Job {
    do {
        return try JobLoader.load(path: path)
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}
