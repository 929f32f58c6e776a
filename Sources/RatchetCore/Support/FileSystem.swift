import Foundation

/// Reading and writing project files: atomic replacement, never a torn or half-written file.
public enum FileSystem {
    /// The bytes of `path`, read with one open and one read (thousands of revision files are
    /// read per command).
    public static func read(_ path: String) throws(RatchetError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(reason(errno, path), path: path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(reason(errno, path), path: path) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .io("\(path) is a directory, not a file", path: path) }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var total = 0
        while true {
            if total == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            }
            if count < 0 { throw .io(reason(errno, path), path: path) }
            if count == 0 { break }
            total += count
        }
        bytes.removeSubrange(total...)
        return bytes
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The names of the entries of `directory`, sorted.
    public static func list(_ directory: String) throws(RatchetError) -> [String] {
        guard let stream = opendir(directory) else { throw .io(reason(errno, directory), path: directory) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Writes `bytes` to `path` through a temporary file in the same directory and a rename:
    /// readers see the old file or the new one, never a part. With `replacing: false` an
    /// existing file is an error and is left alone.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, replacing: Bool = true) throws(RatchetError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        if !replacing && exists(path) { throw .io("\(path) already exists; Ratchet does not overwrite it", path: path) }
        let temporary = "\(directory)/.\(url.lastPathComponent).ratchet-\(UUID().uuidString.prefix(8))"
        var attributes: [FileAttributeKey: Any] = [:]
        if let existing = try? FileManager.default.attributesOfItem(atPath: path), let mode = existing[.posixPermissions] {
            attributes[.posixPermissions] = mode
        }
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: attributes) else {
            throw .io("cannot write \(path): the directory \(directory) is missing or not writable", path: path)
        }
        if replacing {
            guard rename(temporary, path) == 0 else {
                let why = String(cString: strerror(errno))
                unlink(temporary)
                throw .io("cannot replace \(path): \(why)", path: path)
            }
        } else {
            // link(2) fails if the name exists, so a file created meanwhile is never replaced.
            let linked = link(temporary, path) == 0
            let why = String(cString: strerror(errno))
            unlink(temporary)
            guard linked else { throw .io("cannot create \(path): \(why)", path: path) }
        }
    }

    public static func createDirectory(_ path: String) throws(RatchetError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the directory \(path): \(error.localizedDescription)", path: path)
        }
    }

    private static func reason(_ code: Int32, _ path: String) -> String {
        switch code {
        case ENOENT: "\(path) does not exist"
        case EACCES: "\(path) cannot be read (check its permissions)"
        default: "\(path): \(String(cString: strerror(code)))"
        }
    }
}
