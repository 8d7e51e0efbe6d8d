import Foundation

/// Errors writing the output folder, with the path and the system's reason.
package struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    package let path: String
    package let reason: String
    package var description: String { "\(path): \(reason)" }

    static func system(_ path: String, _ what: String) -> OutputError {
        OutputError(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// Whole-file writes that readers never see half done: write a temporary file in the same folder,
/// flush it to disk, then rename it over the target.
package enum AtomicFile {
    package static func write(_ data: Data, to path: String) throws(OutputError) {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .system(temporary, "cannot create") }
        let written = data.withUnsafeBytes { buffer in writeAll(fd, buffer) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written, synced else {
            unlink(temporary)
            throw .system(path, "cannot write")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .system(path, "cannot rename into place")
        }
        syncFolder(of: path)
    }

    package static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }

    /// Writes every byte, retrying short writes and interrupts.
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Makes a rename durable by syncing the folder that holds it.
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
