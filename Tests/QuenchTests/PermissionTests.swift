import Foundation
import Testing

/// Files and folders this user may not read or write (issue 14): every command says so in the
/// system's words ("Permission denied"), names the path, exits non-zero and creates nothing.
///
/// The tests need an unprivileged user: run as root (CI), the binary is copied where anyone may
/// run it and started as `nobody` through setpriv(1); run as anyone else, it runs as that user.
@Suite("permission denied, end to end")
struct PermissionTests {
    /// Runs quench as an unprivileged user.
    struct Unprivileged {
        let binary: String
        let prefix: [String]

        init() throws {
            guard getuid() == 0 else { binary = QuenchBinary.path; prefix = []; return }
            let folder = temporaryFolder("binary")
            binary = folder + "/quench"
            try FileManager.default.copyItem(atPath: QuenchBinary.path, toPath: binary)
            chmod(folder, 0o755)
            chmod(binary, 0o755)
            prefix = ["--reuid=65534", "--regid=65534", "--clear-groups", binary]
        }

        func quench(_ arguments: [String]) throws -> ProcessResult {
            prefix.isEmpty ? try Command.run(binary, arguments) : try Command.run("/usr/bin/setpriv", prefix + arguments)
        }
    }

    /// A scratch folder the unprivileged user may enter and read, and a finished scan in it.
    func scratch(_ name: String) throws -> (folder: String, job: String, output: String) {
        let folder = temporaryFolder(name)
        chmod(folder, 0o755)
        let job = try FolderIntegrityTests.job(T: 5, in: folder)
        chmod(job, 0o644)
        let output = folder + "/out"
        #expect(try Command.quench(["run", job, "--output", output, "--quiet"]).status == 0)
        return (folder, job, output)
    }

    func denied(_ result: ProcessResult, naming path: String, status: Int32, _ what: String) {
        #expect(result.status == status && result.stderr.contains(path) && result.stderr.contains("Permission denied"),
                "\(what): exit \(result.status): \(result.stderr)")
        #expect(!result.stderr.contains("holds no scan") && !result.stderr.contains("does not exist") && !result.stderr.contains("damaged"),
                "\(what): \(result.stderr)")
    }

    @Test("a job file the user may not read: check and run say Permission denied (exit 1), and nothing is created")
    func unreadableJob() throws {
        let user = try Unprivileged()
        let (folder, job, _) = try scratch("perm-job")
        chmod(job, 0o000)
        denied(try user.quench(["check", job]), naming: job, status: 1, "check")
        denied(try user.quench(["run", job, "--output", folder + "/new"]), naming: job, status: 1, "run")
        #expect(!FileManager.default.fileExists(atPath: folder + "/new"))
    }

    @Test("an output folder the user may not write: run and --resume are refused (exit 2) naming it, and nothing is created")
    func unwritableOutput() throws {
        let user = try Unprivileged()
        let (folder, job, output) = try scratch("perm-out")
        if getuid() != 0 { chmod(folder, 0o555); chmod(output, 0o555) }
        defer { chmod(folder, 0o755); chmod(output, 0o755) }
        let before = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        denied(try user.quench(["run", job, "--output", folder + "/new/scan"]), naming: folder, status: 2, "run into a new folder")
        #expect(!FileManager.default.fileExists(atPath: folder + "/new"))
        denied(try user.quench(["run", job, "--output", output, "--resume"]), naming: output, status: 2, "resume")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == before)
    }

    @Test("status and plot of a scan the user may not read say Permission denied, not 'holds no scan' or 'missing'")
    func unreadableScan() throws {
        let user = try Unprivileged()
        let (_, _, output) = try scratch("perm-status")
        // A readable scan first, so what follows fails for the permission alone.
        #expect(try user.quench(["status", output]).status == 0)

        chmod(output + "/results.csv", 0o000)
        defer { chmod(output + "/results.csv", 0o644) }
        let plots = temporaryFolder("plot")
        chmod(plots, 0o777)
        denied(try user.quench(["plot", output, "--x", "v", "--y", "p_stay", "--output", plots + "/p.svg"]),
               naming: output + "/results.csv", status: 1, "plot")

        for (path, mode) in [(output + "/journal/records.log", 0o644), (output + "/journal/scan.json", 0o644),
                             (output + "/journal", 0o755), (output, 0o755)] {
            chmod(path, 0o000)
            denied(try user.quench(["status", output]), naming: path, status: 1, "status with \(path) unreadable")
            chmod(path, mode_t(mode))
        }
    }
}
