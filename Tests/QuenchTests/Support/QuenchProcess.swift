import Foundation
import Testing

/// The built `quench` executable, next to this test bundle (or QUENCH_BINARY).
enum QuenchBinary {
    static let path: String = {
        if let path = ProcessInfo.processInfo.environment["QUENCH_BINARY"] { return path }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("quench").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return "quench-binary-not-found"
    }()

    /// The repository root (for jobs/).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized.path
}

/// Job files of the tests (paths relative to the repository, where the tests run quench).
enum TestJobs {
    /// 1024 lz.two-level points with brute-force rk4: seconds on one core, to kill, stop and resume.
    static let longLZ = "Tests/Jobs/lz-rk4-scan.toml"
}

/// Records in a scan's journal/records.log (its lines without the `#job` headers); 0 if none yet.
func journalledRecords(_ output: String) -> Int {
    let text = String(decoding: FileManager.default.contents(atPath: output + "/journal/records.log") ?? Data(), as: UTF8.self)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
}

/// A finished child process.
struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs programs with output captured in files (no pipe deadlocks), and MPI settings for tests:
/// run as root, shared-memory transport, oversubscription allowed.
enum Command {
    static let mpiEnvironment = [
        "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
        "OMPI_MCA_btl": "self,vader", "OMPI_MCA_pml": "ob1", "OMPI_MCA_rmaps_base_oversubscribe": "1",
        "SWIFT_BACKTRACE": "enable=no",
    ]

    /// `input`: a file to give the program as standard input.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: QuenchBinary.repository)
        var env = ProcessInfo.processInfo.environment.merging(mpiEnvironment) { _, new in new }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + ".out")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString + ".err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let input { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input)) }
        try process.run()
        return (process, out, err)
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> ProcessResult {
        let (process, out, err) = try start(executable, arguments, environment: environment, input: input)
        process.waitUntilExit()
        defer { for file in [out, err] { try? FileManager.default.removeItem(at: file) } }
        return ProcessResult(status: process.terminationStatus,
                             stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    static func quench(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try run(QuenchBinary.path, arguments, environment: environment)
    }

    /// `mpirun -n ranks quench arguments…`; fails the test if mpirun is missing (CI installs OpenMPI).
    static func mpirun(_ ranks: Int, _ arguments: [String]) throws -> ProcessResult {
        try mpirun(["-n", "\(ranks)", QuenchBinary.path] + arguments)
    }

    /// `mpirun arguments…` (for several programs: `-n 1 A … : -n 1 B …`).
    static func mpirun(_ arguments: [String]) throws -> ProcessResult {
        let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let mpirun else {
            Issue.record("mpirun not found: install openmpi-bin")
            return ProcessResult(status: -1, stdout: "", stderr: "")
        }
        return try run(mpirun, arguments)
    }
}

func temporaryFolder(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("quench-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// results.csv as rows of named columns.
func readResults(_ folder: String) throws -> [[String: String]] {
    let text = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8)
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
}

/// manifest.json as a dictionary.
func readManifest(_ folder: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as! [String: Any]
}
