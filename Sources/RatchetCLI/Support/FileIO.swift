import Foundation

/// File reading and atomic replacement, so that an interrupted write never leaves a torn file.
enum FileIO {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw Failure(description: isDirectory.boolValue ? "\(path) is a directory" : "\(path) cannot be read (check its permissions)")
            }
            throw Failure(description: "\(path) does not exist")
        }
        return [UInt8](data)
    }

    static func readStandardInput() -> [UInt8] {
        [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }

    /// Replaces `path` with `bytes` through a temporary file in the same directory and a rename,
    /// keeping the original file's permissions.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(directory)/.\(url.lastPathComponent).ratchet-\(UUID().uuidString.prefix(8))"
        var attributes: [FileAttributeKey: Any] = [:]
        if let existing = try? FileManager.default.attributesOfItem(atPath: path), let mode = existing[.posixPermissions] {
            attributes[.posixPermissions] = mode
        }
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: attributes) else {
            throw Failure(description: "cannot write \(path): the directory \(directory) is not writable")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "cannot replace \(path): \(reason)")
        }
    }
}
