#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import RatchetCore

/// Writes to standard output and standard error without buffering surprises.
enum Console {
    static func out(_ text: String) {
        writeAll(text, to: 1)
    }

    static func error(_ text: String) {
        writeAll(text.hasSuffix("\n") ? text : text + "\n", to: 2)
    }

    /// A warning: something a person should know that does not stop the command.
    static func warning(_ text: String) {
        error("warning: \(text)")
    }

    /// An error the command stops on, as swiftc prints one: `FILE:LINE:COL: error: ...` when
    /// it has a place, `ratchet: error: ...` when not.
    static func report(_ failure: RatchetError) {
        error(failure.location == nil ? "ratchet: \(failure.description)" : failure.description)
    }

    /// An error with no place in a file: `ratchet: error: message`.
    static func failure(_ message: String) {
        error("ratchet: error: \(message)")
    }

    /// Writes `text` as it is: no newline added (progress bars redraw a line in place).
    static func raw(_ text: String, to fd: Int32) {
        writeAll(text, to: fd)
    }

    private static func writeAll(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
