import Foundation

/// What is at a path: nothing, a file, or a folder (symbolic links followed).
public enum PathKind: Sendable, Equatable {
    case missing, file, folder

    public init(_ path: String) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { self = .missing; return }
        self = isFolder.boolValue ? .folder : .file
    }
}
