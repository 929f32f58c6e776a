import ArgumentParser

/// Ratchet's exit codes, the same for every command.
enum ExitStatus {
    /// A check found a difference: a file is not canonical, a schema differs.
    static let differences = ExitCode(1)
    /// The input is wrong: a syntax error, an unreadable file, an invalid revision.
    static let inputError = ExitCode(2)
}
