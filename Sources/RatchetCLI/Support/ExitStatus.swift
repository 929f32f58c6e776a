import ArgumentParser
import RatchetCore

/// Ratchet's exit codes, the same for every command.
enum ExitStatus {
    /// A check found a difference: a file is not canonical, a schema differs.
    static let differences = ExitCode(1)
    /// A fleet run left members short of the target (failed, part-way, or not started).
    static let fleetIncomplete = ExitCode(1)
    /// `diff --exit-code` found nothing to do.

    static let noDifferences = ExitCode(2)
    /// The change needs a flag the user did not give (`--allow-destructive`, ...).
    static let needsFlag = ExitCode(3)
    /// The input is wrong: a syntax error, a statement Spanner would reject, an unreadable file.
    static let inputError = ExitCode(65)
}

extension ExitStatus {
    /// The exit code of a command stopped by `error`.
    static func of(_ error: RatchetError) -> ExitCode {
        error.kind == .needsFlag ? needsFlag : inputError
    }
}
