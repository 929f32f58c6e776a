import Foundation
import RatchetCore
import SchemaDiff
import SpannerDDL
import SpannerSchema

/// One side of `ratchet diff`: where a schema comes from.
///
/// A file path, a live database (`spanner://...`), or one of the project's schemas: `declared`
/// (schema.sql or the Swift declaration), `database` (the project's database: live, or the
/// local sandbox), `revisions@TARGET` (what the revisions produce up to TARGET). A file of the
/// same name wins over a keyword; `./declared` names a file without doubt.
enum SchemaOperand: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case live(DatabaseURL)
    case declared
    case database
    case revisions(RevisionTarget)

    init(parsing text: String) throws(RatchetError) {
        if text.hasPrefix("spanner://") {
            self = .live(try DatabaseURL(parsing: text))
        } else if FileSystem.exists(text) {
            self = .file(text)
        } else if text == "declared" {
            self = .declared
        } else if text == "database" {
            self = .database
        } else if text.hasPrefix("revisions@") {
            let target = String(text.dropFirst("revisions@".count))
            guard !target.isEmpty else { throw RatchetError(.target, "revisions@ needs a target, such as revisions@head or revisions@base") }
            self = .revisions(try RevisionTarget(parsing: target))
        } else {
            self = .file(text)
        }
    }

    var description: String {
        switch self {
        case .file(let path): path
        case .live(let url): url.description
        case .declared: "declared"
        case .database: "database"
        case .revisions(let target): "revisions@\(target)"
        }
    }

    /// Whether the operand reads the project (its config, revisions or database).
    var needsProject: Bool {
        switch self {
        case .file, .live: false
        case .declared, .database, .revisions: true
        }
    }

    /// A resolved operand: the schema, and the table renames it declares (for a TO side).
    struct Resolved: Sendable {
        var schema: Schema
        var renames: [TableRename] = []
    }

    /// Reads the schema. Files report their problems with locations before `SchemaFile.Failure`.
    func resolve(project: () throws(RatchetError) -> Project, dialect: Dialect = .googleSQL, accessTokenCommand: String?) async throws -> Resolved {
        switch self {
        case .file(let path):
            let (schema, document) = try SchemaFile.loadDocument(path, dialect: dialect)
            return Resolved(schema: schema, renames: TableRename.declared(in: document))
        case .live(let url):
            let schema = try await Self.reflect(url, prefix: "ratchet_", dialect: dialect, accessTokenCommand: accessTokenCommand)
            PlanCacheAccess.snapshot(schema, of: url, config: nil)
            return Resolved(schema: schema)
        case .declared:
            let declared = try DeclaredSchemaSource.load(try project().config)
            return Resolved(schema: declared.schema, renames: declared.renames)
        case .database:
            let loaded = try project()
            // With the project at hand, the emulator's missing roles and grants come from the
            // revisions the database has applied.
            let migrator = Migrator(project: loaded, target: try LiveConnection.target(loaded, create: false, accessTokenCommand: accessTokenCommand))
            let schema = try await migrator.closing { () async throws(RatchetError) in try await migrator.schema(try await migrator.status()) }
            if loaded.config.database != .local { PlanCacheAccess.snapshot(schema, of: loaded.config.database, config: loaded.config) }
            return Resolved(schema: schema)
        case .revisions(let target):
            let loaded = try project()
            let applied: Set<String> = target == .base ? [] : loaded.graph.ancestors(of: try loaded.graph.goals(of: target))
            return Resolved(schema: try MigrationRun.replay(loaded, applied: applied))
        }
    }

    /// The schema of a live database, without Ratchet's version tables.
    static func reflect(_ url: DatabaseURL, prefix: String, dialect: Dialect, accessTokenCommand: String?) async throws(RatchetError) -> Schema {
        guard let database = try LiveConnection.open(url, prefix: prefix, dialect: dialect, accessTokenCommand: accessTokenCommand) else {
            throw RatchetError(.config, "\(url) is not a live database")
        }
        return try await database.closing { () async throws(RatchetError) in try await database.reflect() }
    }
}
