import Foundation
import SchemaDiff
import SpannerDDL
import SpannerSchema

/// Checks the statements of a migration, in order, against the lint catalogue.
///
/// `check` sees each statement with the schema just before it (so it knows whether a table
/// already held rows before the range began, what a column was, which indexes exist), and
/// `finish` adds what only the whole range shows: several backfills in one schema operation,
/// a column dropped where its replacement is added, DML beside DDL, foreign keys left without
/// an index. It is pure: the same statements give the same findings, in statement order.
public struct Linter: Sendable {
    /// What a statement carries besides its text.
    public struct Origin: Sendable, Hashable {
        public var location: FilePosition?
        public var revision: String?
        /// `-- ratchet:lint-ignore RULE reason` on the statement, by rule id.
        public var acknowledgements: [String: String]

        public init(location: FilePosition? = nil, revision: String? = nil, acknowledgements: [String: String] = [:]) {
            self.location = location
            self.revision = revision
            self.acknowledgements = acknowledgements
        }
    }

    private var findings: [LintFinding] = []
    /// Tables created in the range: their rows are not "existing".
    private var created: Set<NameKey> = []
    private var droppedTables: Set<NameKey> = []
    private var droppedColumns: [NameKey: [(column: Identifier, origin: Origin, sql: String)]] = [:]
    private var addedColumns: [NameKey: [(column: Identifier, origin: Origin, sql: String)]] = [:]
    private var droppedGenerated: [NameKey: Set<String>] = [:]
    /// Validating and backfilling statements, where they are.
    private var heavy: [(origin: Origin, sql: String)] = []
    private var revisionsWithDDL: Set<String> = []
    private var firstDML: [String: (origin: Origin, sql: String)] = [:]
    private var revisionOrder: [String] = []
    private var revisionsSeen: Set<String> = []
    private var foreignKeys: [(table: ObjectName, key: ForeignKey, origin: Origin, sql: String)] = []
    /// Spanner's guidance: at most this many validating or backfilling statements a batch.
    public static let heavyStatementsPerOperation = 10

    public init() {}

    // MARK: - Statements

    /// Checks one statement; `schema` is the schema just before it.
    public mutating func check(_ statement: Statement, sql: String, cost: CostClass, in schema: Schema, origin: Origin) {
        let line = String(sql.split(separator: "\n").first ?? "")
        func report(_ rule: LintRule, _ message: String) { record(rule, message, origin, line) }
        // A set beside the list: a history of 10,000 revisions must not cost a scan per statement.
        if let revision = origin.revision, revisionsSeen.insert(revision).inserted { revisionOrder.append(revision) }
        if statement.isDML {
            if let revision = origin.revision, firstDML[revision] == nil { firstDML[revision] = (origin, line) }
            return
        }
        if let revision = origin.revision { revisionsWithDDL.insert(revision) }
        if cost == .validating || cost == .backfill { heavy.append((origin, line)) }
        if schema.dialect == .postgreSQL {
            for (kind, name) in Self.namesQueriesUse(statement) {
                guard let reason = Self.quotingReason(name) else { continue }
                report(.quotedName, "\(kind) \(name.spelled(in: .postgreSQL)) \(reason), so every query must write it in double quotes, exactly so")
            }
        }
        func existing(_ table: ObjectName) -> Bool { !created.contains(NameKey(table)) && schema.table(table) != nil }

        switch statement {
        case .drop(let drop):
            guard let name = drop.name else { return }
            switch drop.kind {
            case .table:
                report(.dropTable, "drops table \(name) and every row in it")
                droppedTables.insert(NameKey(name))
                created.remove(NameKey(name))
            case .index, .searchIndex, .vectorIndex: report(.dropIndex, "drops index \(name); queries that use it (or name it in a FORCE_INDEX hint) slow down or fail")
            case .changeStream: report(.dropChangeStream, "drops change stream \(name); its readers stop and the changes it retained are lost")
            case .sequence: report(.dropSequence, "drops sequence \(name); its counter is lost, so a sequence created again may hand out values already used")
            default: break
            }
        case .createTable(let create):
            let key = NameKey(create.name)
            if droppedTables.contains(key) { report(.recreateTable, "creates table \(create.name) again after this range dropped it: its rows are gone") }
            if let reason = Self.monotonicKey(create, schema: schema) {
                report(.monotonicKey, "table \(create.name) is keyed first on \(reason); every insert lands at the end of the key space, on one split")
            }
            for case .foreignKey(let key) in create.constraints { foreignKeys.append((create.name, key, origin, line)) }
            created.insert(key)
        case .alterTable(let alter):
            checkAlter(alter, in: schema, existing: existing(alter.name), origin: origin, line: line)
        case .createIndex(let index):
            guard existing(index.table) else { return }
            report(.backfillIndex, "index \(index.name) is backfilled over every row of \(index.table)")
            if index.unique { report(.uniqueIndexOnExistingTable, "unique index \(index.name) fails, after its backfill, on the first two rows of \(index.table) with the same key") }
        case .createSearchIndex(let index):
            report(.editionFeature, "search index \(index.name): full-text search needs the Enterprise edition or higher")
            if existing(index.table) { report(.backfillIndex, "search index \(index.name) is backfilled over every row of \(index.table)") }
        case .createVectorIndex(let index):
            report(.editionFeature, "vector index \(index.name): vector indexes need the Enterprise edition or higher")
            if existing(index.table) { report(.backfillIndex, "vector index \(index.name) is backfilled over every row of \(index.table)") }
        case .createPropertyGraph(let graph):
            report(.editionFeature, "property graph \(graph.name): Spanner Graph needs the Enterprise edition or higher")
        case .createLocalityGroup(let group):
            report(.editionFeature, "locality group \(group.name): tiered storage needs the Enterprise edition or higher")
        case .alterDatabase(let alter):
            if alter.options["default_time_zone"] != nil {
                report(
                    .defaultTimeZone,
                    "sets default_time_zone, which Spanner accepts only on a database with no tables: the revisions leave none before it, but a database given tables outside them (created by hand, stamped) refuses it")
            }
        default:
            break
        }
    }

    /// The names a statement creates that queries write: tables, columns and views.
    static func namesQueriesUse(_ statement: Statement) -> [(kind: String, name: Identifier)] {
        switch statement {
        case .createTable(let create): [("table", create.name.base)] + create.columns.map { ("column", $0.name) }
        case .alterTable(let alter):
            switch alter.action {
            case .addColumn(let column, _): [("column", column.name)]
            case .renameTo(let name, _): [("table", name.base)]
            default: []
            }
        case .createView(let view) where !view.orReplace: [("view", view.name.base)]
        default: []
        }
    }

    /// Why a PostgreSQL name needs quoting, or nil when it does not.
    static func quotingReason(_ name: Identifier) -> String? {
        guard IdentifierQuoting.needsPostgreSQLQuotes(name.name) else { return nil }
        if name.name != name.name.lowercased() { return "has capital letters" }
        if name.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return "is a PostgreSQL keyword" }
        return "holds characters a bare name cannot"
    }

    private mutating func record(_ rule: LintRule, _ message: String, _ origin: Origin, _ line: String) {
        findings.append(LintFinding(rule: rule, message: message, location: origin.location, revision: origin.revision, statement: line, acknowledged: origin.acknowledgements[rule.id]))
    }

    private mutating func checkAlter(_ alter: AlterTable, in schema: Schema, existing: Bool, origin: Origin, line: String) {
        func report(_ rule: LintRule, _ message: String) { record(rule, message, origin, line) }
        let table = NameKey(alter.name)
        let current = schema.table(alter.name)
        switch alter.action {
        case .dropColumn(let name):
            if let column = current?.column(name), case .generated? = column.generation {
                droppedGenerated[table, default: []].insert(name.name.lowercased())
            } else {
                report(.dropColumn, "drops column \(alter.name).\(name) and every value in it")
            }
            droppedColumns[table, default: []].append((name, origin, line))
        case .addColumn(let column, _):
            addedColumns[table, default: []].append((column.name, origin, line))
            if case .generated(_, let stored)? = column.generation {
                if droppedGenerated[table]?.contains(column.name.name.lowercased()) == true {
                    report(.rebuildGeneratedColumn, "adds generated column \(alter.name).\(column.name) again after dropping it: every row is rewritten")
                } else if stored && existing {
                    report(.backfillStoredColumn, "stored generated column \(alter.name).\(column.name) is computed and written for every row")
                }
            }
        case .alterColumn(let name, let action) where action.restatesColumn:
            guard let before = current?.column(name), let definition = action.restatement(of: before) else { return }
            if definition.notNull && !before.notNull {
                if existing { report(.addNotNull, "NOT NULL on \(alter.name).\(name) is validated against every row; one NULL fails the operation") }
                let hasDefault: Bool
                if case .default? = definition.generation { hasDefault = true } else if case .default? = before.generation { hasDefault = true } else { hasDefault = false }
                if !hasDefault {
                    report(.notNullWithoutDefault, "\(alter.name).\(name) becomes NOT NULL with no DEFAULT: code still running that inserts without it fails")
                }
            }
            guard existing else { return }
            if definition.type.lengthLimit < before.type.lengthLimit {
                report(.shrinkLength, "\(alter.name).\(name) shrinks from \(DDLPrinter.typeName(before.type, dialect: schema.dialect)) to \(DDLPrinter.typeName(definition.type, dialect: schema.dialect)); a longer value fails the operation")
            }
            if Self.isNarrowing(from: before.type, to: definition.type) {
                report(.narrowType, "\(alter.name).\(name) changes from \(DDLPrinter.typeName(before.type, dialect: schema.dialect)) to \(DDLPrinter.typeName(definition.type, dialect: schema.dialect)); a value the new type cannot hold fails the operation")
            }
        case .addConstraint(.check(let check)):
            if existing { report(.addCheck, "CHECK \(check.name.map { "\($0) " } ?? "")on \(alter.name) is validated against every row; one row that fails it fails the operation") }
        case .addConstraint(.foreignKey(let key)):
            if existing && key.enforced != false {
                report(.addForeignKey, "foreign key \(key.name.map { "\($0) " } ?? "")on \(alter.name) is validated against every row; one orphan row fails the operation")
            }
            foreignKeys.append((alter.name, key, origin, line))
        case .setInterleave(let interleave):
            if interleave.inParent, current?.interleave?.inParent == false {
                report(
                    .interleaveTwoSteps,
                    "\(alter.name) moves from INTERLEAVE IN to IN PARENT \(interleave.parent); Spanner takes this without ON DELETE CASCADE, which a later SET ON DELETE adds")
            }
        default:
            break
        }
    }

    // MARK: - The whole range

    /// The findings of the statements checked, with those only the whole range shows, in
    /// statement order.
    public mutating func finish(final schema: Schema) -> [LintFinding] {
        var extra: [(origin: Origin, finding: LintFinding)] = []
        func add(_ rule: LintRule, _ message: String, _ origin: Origin, _ line: String) {
            extra.append((origin, LintFinding(rule: rule, message: message, location: origin.location, revision: origin.revision, statement: line, acknowledged: origin.acknowledgements[rule.id])))
        }
        // Ratchet's batcher keeps each operation within Spanner's guidance, so a range over it
        // becomes several long operations, run one after another.
        if heavy.count > Self.heavyStatementsPerOperation {
            let over = heavy[Self.heavyStatementsPerOperation]
            let operations = (heavy.count + Self.heavyStatementsPerOperation - 1) / Self.heavyStatementsPerOperation
            add(
                .backfillsPerOperation,
                "the range has \(heavy.count) validating or backfilling statements; Spanner advises at most \(Self.heavyStatementsPerOperation) a schema operation, so they run as at least \(operations) long operations, one after another",
                over.origin, over.sql)
        }
        for (table, dropped) in droppedColumns.sorted(by: { $0.key < $1.key }) {
            guard let added = addedColumns[table], !added.isEmpty else { continue }
            for column in dropped where !added.contains(where: { $0.column.matches(column.column) }) {
                let names = added.map(\.column.name).joined(separator: ", ")
                add(
                    .dropWithReplacement,
                    "drops \(column.column) in the range that adds \(names) to the same table: code still reading \(column.column) breaks; drop it in a later release, once nothing uses it",
                    column.origin, column.sql)
            }
        }
        for revision in revisionOrder where revisionsWithDDL.contains(revision) {
            guard let dml = firstDML[revision] else { continue }
            add(.dmlWithDDL, "revision \(revision) has DML beside DDL: they run in separate operations, so a failure between them leaves the revision half done", dml.origin, dml.sql)
        }
        for foreignKey in foreignKeys {
            guard let table = schema.table(foreignKey.table) else { continue }
            let columns = foreignKey.key.columns
            let keyPrefix = table.primaryKey.prefix(columns.count).map(\.column)
            let indexed =
                zip(keyPrefix, columns).allSatisfy { $0.matches($1) } && keyPrefix.count == columns.count
                || schema.indexes(on: foreignKey.table).contains { index in
                    guard case .standard(let definition) = index, definition.keys.count >= columns.count else { return false }
                    return zip(definition.keys.prefix(columns.count).map(\.column), columns).allSatisfy { $0.matches($1) }
                }
            if !indexed {
                add(
                    .unindexedForeignKey,
                    "no index of \(foreignKey.table) leads with (\(columns.map(\.name).joined(separator: ", "))): Spanner's hidden backing index serves the constraint, not your queries, and deleting a referenced row scans for its children",
                    foreignKey.origin, foreignKey.sql)
            }
        }
        var all = findings
        all += extra.map(\.finding)
        // Statement order: by file position where known; the rest keep their order.
        return all.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (let x?, let y?) where x != y: return (x.file, x.line, x.column) < (y.file, y.line, y.column)
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    // MARK: - Helpers

    /// What makes a new table's first key column grow monotonically, if anything does.
    static func monotonicKey(_ create: CreateTable, schema: Schema) -> String? {
        guard let first = create.primaryKey.first, let column = create.columns.first(where: { $0.name.matches(first.column) }) else { return nil }
        if column.options?["allow_commit_timestamp"]?.text.uppercased() == "TRUE" { return "commit timestamp column \(column.name)" }
        let bitReversed = { (kind: String?) in kind?.lowercased().contains("bit_reversed") == true }
        let databaseDefault = schema.databaseOptions["default_sequence_kind"]?.text.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        switch column.generation {
        case .default(let expression)?:
            let text = expression.text.uppercased()
            if text.contains("CURRENT_TIMESTAMP") || text.contains("PENDING_COMMIT_TIMESTAMP") { return "\(column.name), which defaults to the current time" }
            if text.contains("GET_NEXT_SEQUENCE_VALUE") {
                for sequence in schema.sequences.values where text.contains(sequence.name.description.uppercased()) {
                    let kind = sequence.clauses.kind?.name ?? sequence.options?["sequence_kind"]?.text ?? databaseDefault
                    if !bitReversed(kind) { return "\(column.name), from sequence \(sequence.name), which is not bit-reversed" }
                }
            }
        case .identity(let clauses)?:
            if !bitReversed(clauses?.kind?.name ?? databaseDefault) { return "identity column \(column.name), which is not bit-reversed" }
        case .autoIncrement?:
            if !bitReversed(databaseDefault) { return "AUTO_INCREMENT column \(column.name), which is not bit-reversed" }
        default:
            break
        }
        return nil
    }

    /// A type change whose new type cannot hold every value of the old.
    static func isNarrowing(from old: DataType, to new: DataType) -> Bool {
        switch (old, new) {
        case (.bytes, .string): true
        case (.array(let a, _), .array(let b, _)): isNarrowing(from: a, to: b)
        default: false
        }
    }
}
