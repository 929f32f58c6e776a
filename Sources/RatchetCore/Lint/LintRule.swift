/// The lint catalogue: every rule Ratchet checks a migration against, with a stable id (used
/// in `-- ratchet:lint-ignore ID reason`, `[lint]` in ratchet.toml, and every output format),
/// a one-line title, a default severity, and a section of the README that explains it.
///
/// Ids are never reused or renamed: a CI configuration or an acknowledgement in a revision
/// written years ago must keep meaning the same rule.
public enum LintRule: String, Sendable, Hashable, CaseIterable, Comparable {
    // MARK: Data loss
    case dropTable = "drop-table"
    case dropColumn = "drop-column"
    case dropIndex = "drop-index"
    case dropChangeStream = "drop-change-stream"
    case dropSequence = "drop-sequence"
    case rebuildGeneratedColumn = "rebuild-generated-column"
    case recreateTable = "recreate-table"
    // MARK: Validation of existing rows
    case addNotNull = "add-not-null"
    case addCheck = "add-check"
    case addForeignKey = "add-foreign-key"
    case shrinkLength = "shrink-length"
    case narrowType = "narrow-type"
    case uniqueIndexOnExistingTable = "unique-index-existing-rows"
    // MARK: Backfills
    case backfillIndex = "backfill-index"
    case backfillStoredColumn = "backfill-stored-column"
    case backfillsPerOperation = "backfills-per-operation"
    // MARK: Hotspots
    case monotonicKey = "monotonic-key"
    // MARK: Expand and contract
    case dropWithReplacement = "drop-with-replacement"
    case notNullWithoutDefault = "not-null-without-default"
    // MARK: Spanner specifics
    case interleaveTwoSteps = "interleave-two-steps"
    case defaultTimeZone = "default-time-zone"
    case editionFeature = "edition-feature"
    case dmlWithDDL = "dml-with-ddl"
    case unindexedForeignKey = "unindexed-foreign-key"
    case quotedName = "quoted-name"

    public var id: String { rawValue }

    public var title: String {
        switch self {
        case .dropTable: "A table is dropped, with every row in it"
        case .dropColumn: "A column is dropped, with every value in it"
        case .dropIndex: "An index is dropped; queries that use it slow down or fail"
        case .dropChangeStream: "A change stream is dropped; its readers stop and its retained changes are lost"
        case .dropSequence: "A sequence is dropped; its counter is lost"
        case .rebuildGeneratedColumn: "A generated column is dropped and added again (rewritten for every row)"
        case .recreateTable: "A table is dropped and created again in one range; its rows are lost"
        case .addNotNull: "NOT NULL on an existing column is validated against every row"
        case .addCheck: "A CHECK constraint on an existing table is validated against every row"
        case .addForeignKey: "A foreign key on an existing table is validated against every row"
        case .shrinkLength: "A shorter length is validated against every value"
        case .narrowType: "A narrower type is validated against every value"
        case .uniqueIndexOnExistingTable: "A unique index on an existing table fails on the first duplicate"
        case .backfillIndex: "An index on an existing table is backfilled over every row"
        case .backfillStoredColumn: "A stored generated column on an existing table is backfilled over every row"
        case .backfillsPerOperation: "More than 10 validating or backfilling statements: several long schema operations in a row"
        case .monotonicKey: "A new table's first key column grows monotonically: writes hotspot one split"
        case .dropWithReplacement: "A column is dropped in the range that adds its replacement: running code breaks"
        case .notNullWithoutDefault: "NOT NULL without a DEFAULT: code that inserts without the column fails"
        case .interleaveTwoSteps: "IN to IN PARENT ... ON DELETE CASCADE takes two steps"
        case .defaultTimeZone: "default_time_zone can only be set on an empty database"
        case .editionFeature: "A feature limited to some Spanner editions"
        case .dmlWithDDL: "A revision mixes DML with DDL"
        case .unindexedForeignKey: "A foreign key whose referencing columns no index leads with"
        case .quotedName: "A PostgreSQL name that every query must double-quote"
        }
    }

    public var defaultSeverity: LintSeverity {
        switch self {
        case .dropTable, .dropColumn, .dropSequence, .recreateTable, .dropWithReplacement: .error
        case .dropIndex, .dropChangeStream, .rebuildGeneratedColumn, .addNotNull, .addCheck, .addForeignKey, .shrinkLength, .narrowType,
            .uniqueIndexOnExistingTable, .backfillsPerOperation, .monotonicKey, .notNullWithoutDefault, .dmlWithDDL, .defaultTimeZone:
            .warning
        case .backfillIndex, .backfillStoredColumn, .interleaveTwoSteps, .editionFeature, .unindexedForeignKey, .quotedName: .notice
        }
    }

    /// The group the README files the rule under.
    public var category: String {
        switch self {
        case .dropTable, .dropColumn, .dropIndex, .dropChangeStream, .dropSequence, .rebuildGeneratedColumn, .recreateTable: "data loss"
        case .addNotNull, .addCheck, .addForeignKey, .shrinkLength, .narrowType, .uniqueIndexOnExistingTable: "validation"
        case .backfillIndex, .backfillStoredColumn, .backfillsPerOperation: "backfill"
        case .monotonicKey: "hotspot"
        case .dropWithReplacement, .notNullWithoutDefault: "expand/contract"
        case .interleaveTwoSteps, .defaultTimeZone, .editionFeature, .dmlWithDDL, .unindexedForeignKey, .quotedName: "Spanner"
        }
    }

    /// Where the README explains the rule, relative to the project's repository root.
    public var helpURI: String { "README.md#lint-\(rawValue)" }

    public static func < (a: LintRule, b: LintRule) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}
