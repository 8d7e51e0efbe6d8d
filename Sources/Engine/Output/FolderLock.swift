import Foundation
import Synchronization

/// An exclusive claim on an output folder by the one process that writes there: `quench.lock` for a
/// whole-scan writer (run, resume, merge, plot, report, submit), `quench.slice-i-of-K.lock` for a slice
/// of a job array (slices of one array run side by side, but never beside a whole-scan writer).
///
/// The lock file is created with O_EXCL, which holds on local file systems and on NFS (v3 and later),
/// Lustre and GPFS. It names its holder (pid, host, the process's start time, the command); a lock
/// whose process is gone — on this host: no such pid, or a pid reused by a later process — is stale
/// and taken over with a note. A lock held on another host cannot be checked from here: its holder
/// touches it every `heartbeat` seconds, and a lock untouched for `staleAfter` seconds (a node that
/// died) is stale too, as is a lock of the same batch job (a requeued job on another node).
package final class FolderLock: Sendable {
    /// Who holds a lock, as written in the lock file.
    package struct Holder: Codable, Equatable, Sendable {
        package var pid: Int32
        package var host: String
        /// ISO 8601.
        package var started: String
        /// The process's start time in clock ticks since boot (/proc/PID/stat), to tell a reused pid.
        package var processStart: UInt64?
        package var command: String
        /// The scheduler's job id when the holder runs in a batch job.
        package var batchJob: String?

        package var text: String { "pid \(pid) on \(host) (quench \(command), since \(started))" }
    }

    /// What can be said from this host about a lock's holder.
    package enum Liveness: Sendable { case alive, gone, otherHost }

    package let path: String
    private let holder: Holder
    private let heartbeatTimer = Mutex<DispatchSourceTimer?>(nil)
    static let heartbeat = 30.0, staleAfter = 180.0

    private init(path: String, holder: Holder) {
        self.path = path
        self.holder = holder
    }

    /// Touches the lock every `heartbeat` seconds while it is held.
    private func startHeartbeat() {
        let path = self.path
        heartbeatTimer.withLock { held in
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + Self.heartbeat, repeating: Self.heartbeat)
            timer.setEventHandler { utimes(path, nil) }
            timer.resume()
            held = timer
        }
    }

    package static let wholeName = "quench.lock"
    static func sliceName(_ slice: Slice) -> String { "quench.\(slice.journalName).lock" }

    /// Takes the folder (which must exist) for `command`: the whole folder, or one slice of it.
    /// Refuses (exit 2) when a live writer holds a conflicting lock; takes over stale ones, returning
    /// a note for each.
    package static func acquire(folder: String, command: String, slice: Slice? = nil) throws(RunError) -> (lock: FolderLock, notes: [String]) {
        let own = folder + "/" + (slice.map(sliceName) ?? wholeName)
        let environment = ProcessInfo.processInfo.environment
        let me = Holder(pid: getpid(), host: hostName, started: Manifest.iso(Date()), processStart: processStart(getpid()), command: command,
                        batchJob: environment["SLURM_JOB_ID"] ?? environment["PBS_JOBID"])
        var notes: [String] = []
        guard let data = try? JSONEncoder().encode(me) else { throw .refused(.unusableFolder(path: folder, reason: "cannot encode the lock")) }
        var attempt = 0
        while true {
            attempt += 1
            let fd = open(own, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let written = data.withUnsafeBytes { AtomicFile.writeAll(fd, $0) }
                fsync(fd)
                close(fd)
                guard written else {
                    unlink(own)
                    throw .refused(.unusableFolder(path: folder, reason: "cannot write \(own): \(String(cString: strerror(errno)))"))
                }
                break
            }
            guard errno == EEXIST, attempt < 4 else {
                throw .refused(.unusableFolder(path: folder, reason: "cannot create \(own): \(String(cString: strerror(errno)))"))
            }
            try takeOverIfStale(own, notes: &notes)
        }
        let lock = FolderLock(path: own, holder: me)
        lock.startHeartbeat()
        // A whole-scan writer conflicts with every slice; a slice with the whole-scan writer. Each side
        // creates its own lock before looking for the other's, so of two racing writers at least one
        // sees the other.
        let conflicting = slice == nil ? sliceLockPaths(in: folder) : [folder + "/" + wholeName]
        for other in conflicting {
            do { try takeOverIfStale(other, notes: &notes) } catch {
                lock.release()
                throw error
            }
        }
        return (lock, notes)
    }

    /// Refuses (without writing anything) when a live writer holds a lock that `acquire` for this
    /// slice (or the whole folder) would have to wait for; stale locks are left for `acquire`.
    package static func checkFree(folder: String, slice: Slice? = nil) throws(RunError) {
        for found in locks(in: folder) {
            let isSlice = (found.path as NSString).lastPathComponent != wholeName
            let conflicts = slice == nil || !isSlice || found.path == folder + "/" + sliceName(slice!)
            guard conflicts, let holder = found.holder else { continue }
            switch found.liveness {
            case .alive, .otherHost: throw refusal(found.path, holder)
            case .gone: continue
            }
        }
    }

    /// Removes the lock (at the end of the command, or when a signal ends it).
    package func release() {
        heartbeatTimer.withLock { $0?.cancel(); $0 = nil }
        // Only our own lock: a stale-lock takeover elsewhere may have replaced it.
        if Self.read(path) == holder { unlink(path) }
    }

    /// Every lock in `folder` with its holder (nil when unreadable) and liveness, whole-scan lock first.
    package static func locks(in folder: String) -> [(path: String, holder: Holder?, liveness: Liveness)] {
        ([folder + "/" + wholeName] + sliceLockPaths(in: folder)).compactMap { path in
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let holder = read(path)
            return (path, holder, holder.map { liveness($0, lockPath: path) } ?? .gone)
        }
    }

    /// Whether the holder's process still runs (as far as this host can tell).
    package static func liveness(_ holder: Holder, lockPath: String) -> Liveness {
        let environment = ProcessInfo.processInfo.environment
        if let job = holder.batchJob, job == environment["SLURM_JOB_ID"] ?? environment["PBS_JOBID"], holder.pid != getpid() || holder.host != hostName {
            return .gone  // an earlier start of this same batch job (requeued)
        }
        guard holder.host == hostName else {
            let touched = (try? FileManager.default.attributesOfItem(atPath: lockPath)[.modificationDate] as? Date) ?? Date()
            return Date().timeIntervalSince(touched) > staleAfter ? .gone : .otherHost
        }
        guard kill(holder.pid, 0) == 0 || errno == EPERM else { return .gone }
        guard let stat = processStat(holder.pid) else { return .alive }  // no /proc: trust kill(2)
        // A zombie (killed, not yet reaped: its parent was killed too) is gone; so is a reused pid.
        if stat.state == "Z" || stat.state == "X" { return .gone }
        if let recorded = holder.processStart, recorded != stat.start { return .gone }
        return .alive
    }

    // MARK: helpers

    private static func refusal(_ path: String, _ holder: Holder) -> RunError {
        let hint = holder.host == hostName ? "wait for it to finish, or stop it"
            : "this host cannot check a process on \(holder.host); if it no longer runs there, remove \(path) (it counts as stale after \(Int(staleAfter / 60)) min without its heartbeat)"
        return .refused(.folderLocked(lock: path, holder: holder.text, hint: hint))
    }

    /// Refuses if the lock at `path` is held by a live (or unverifiable) process; removes it if stale.
    private static func takeOverIfStale(_ path: String, notes: inout [String]) throws(RunError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let holder = read(path) else {
            // Being written right now by its creator, or left empty by a crash: give the writer a moment.
            usleep(200_000)
            guard FileManager.default.fileExists(atPath: path) else { return }
            guard read(path) != nil else {
                try removeStale(path)
                notes.append("quench: removed an unreadable lock \(path) (left by a crash while it was written)")
                return
            }
            return try takeOverIfStale(path, notes: &notes)
        }
        switch liveness(holder, lockPath: path) {
        case .alive, .otherHost: throw refusal(path, holder)
        case .gone:
            try removeStale(path)
            notes.append("quench: took over the lock of \(holder.text), which is no longer running (killed, or its node failed)")
        }
    }

    /// Removes a stale lock so that exactly one of several racing writers does it (rename is atomic).
    private static func removeStale(_ path: String) throws(RunError) {
        let aside = "\(path).stale-\(getpid())"
        if rename(path, aside) == 0 { unlink(aside) }
    }

    package static func read(_ path: String) -> Holder? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(Holder.self, from: $0) }
    }

    private static func sliceLockPaths(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("quench.slice-") && $0.hasSuffix(".lock") }.sorted().map { folder + "/" + $0 }
    }

    /// This host's name as gethostname(2) gives it.
    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// The state (field 3) and start time (field 22, clock ticks since boot) in /proc/PID/stat
    /// (nil off Linux or when the process is gone).
    static func processStat(_ pid: Int32) -> (state: Character, start: UInt64?)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard let state = fields.first?.first else { return nil }
        return (state, fields.count > 19 ? UInt64(fields[19]) : nil)
    }

    static func processStart(_ pid: Int32) -> UInt64? { processStat(pid)?.start }
}
