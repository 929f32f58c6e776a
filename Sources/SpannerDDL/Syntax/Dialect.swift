/// The SQL dialect of a Spanner database: the language its DDL, queries and DML are written in.
///
/// A database's dialect is fixed when it is created. Both dialects describe the same schema
/// model (an `INT64` column is a `bigint` column spelled the other way), so everything below the
/// parser and above the printer is shared; only spelling, identifier folding and the grammar differ.
public enum Dialect: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case googleSQL = "googlesql"
    case postgreSQL = "postgresql"

    /// Parses a dialect as a user or the REST API writes it: `googlesql`, `GOOGLE_STANDARD_SQL`,
    /// `postgresql`, `POSTGRESQL`, `pg`; case-insensitive.
    public init?(name: String) {
        switch name.lowercased() {
        case "googlesql", "google_standard_sql", "google-standard-sql", "gsql": self = .googleSQL
        case "postgresql", "postgres", "pg": self = .postgreSQL
        default: return nil
        }
    }

    /// The value of `Database.databaseDialect` in the REST API.
    public var apiName: String {
        switch self {
        case .googleSQL: "GOOGLE_STANDARD_SQL"
        case .postgreSQL: "POSTGRESQL"
        }
    }

    /// How messages name the dialect.
    public var displayName: String {
        switch self {
        case .googleSQL: "GoogleSQL"
        case .postgreSQL: "PostgreSQL"
        }
    }

    public var description: String { rawValue }
}
