import ArgumentParser
import Engine
import Foundation

@main
struct Quench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quench",
        abstract: "Parameter scans of Landau–Zener sweeps and Kibble–Zurek quenches, from a laptop to an MPI job.",
        version: BuildInfo.version,
        subcommands: [Models.self, Check.self, Plan.self, Run.self, Submit.self, Merge.self, Status.self, Plot.self, Report.self, Verify.self, Bench.self, RecordSubmission.self])
}

/// Writes a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}

/// Prints a run's error: an unfinished scan's message as is (it starts with "quench:"), others as
/// "error: …"; nothing for ranks that only follow rank 0.
func reportFailure(_ error: RunError) {
    switch error {
    case .stoppedByRankZero: break
    case .unfinished(let message), .interrupted(let message): if !message.isEmpty { printError(message) }
    default: printError("error: \(error)")
    }
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

/// Runs `body` holding the lock of the scan folder it writes into (exit 2 when another quench writes
/// there). A folder that does not exist is left to `body` to report.
func withFolderLock<T>(_ folder: String, command: String, _ body: () throws -> T) throws -> T {
    guard PathKind(folder) == .folder else { return try body() }
    let taken: (lock: FolderLock, notes: [String])
    do { taken = try FolderLock.acquire(folder: folder, command: command) } catch {
        printError("error: \(error)")
        throw ExitCode(error.exitCode)
    }
    defer { taken.lock.release() }
    for note in taken.notes { printError(note) }
    return try body()
}
