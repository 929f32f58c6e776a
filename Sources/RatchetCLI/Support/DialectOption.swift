import ArgumentParser
import RatchetCore
import SpannerDDL

/// `--dialect`: the SQL dialect DDL files are read and printed in.
///
/// Without the flag: the project's (the `ratchet.toml` here, or the one RATCHET_CONFIG names),
/// else GoogleSQL, so that `format` and `diff` of loose files work outside a project too.
struct DialectOption: ParsableArguments {
    @Option(help: ArgumentHelp("The SQL dialect: googlesql or postgresql (default: the project's dialect, else googlesql).", valueName: "DIALECT"))
    var dialect: String?

    func validate() throws {
        if let dialect, Dialect(name: dialect) == nil {
            throw ValidationError("--dialect must be googlesql or postgresql, not '\(dialect)'.")
        }
    }

    /// The dialect to use, given the config file the command was pointed at (if any).
    func resolve(config path: String? = nil) -> Dialect {
        if let dialect, let parsed = Dialect(name: dialect) { return parsed }
        return (try? ProjectConfig.load(path: path))?.dialect ?? .googleSQL
    }
}
