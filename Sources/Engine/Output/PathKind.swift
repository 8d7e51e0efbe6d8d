import Foundation

/// What is at a path: nothing, a file, or a folder (symbolic links followed).
package enum PathKind: Sendable, Equatable {
    case missing, file, folder

    package init(_ path: String) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { self = .missing; return }
        self = isFolder.boolValue ? .folder : .file
    }

    /// Why this process may not read what is at `path` (a folder must also be searchable), in the
    /// system's words ("Permission denied"); nil when it may, or when nothing is there.
    package static func readProblem(_ path: String, folder: Bool) -> String? {
        guard access(path, folder ? R_OK | X_OK : R_OK) != 0 else { return nil }
        let code = errno
        return code == ENOENT ? nil : String(cString: strerror(code))
    }
}
