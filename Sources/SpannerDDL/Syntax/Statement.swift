/// One Spanner GoogleSQL DDL (or DML) statement.
public enum Statement: Sendable, Hashable {
    // MARK: Tables
    case createTable(CreateTable)
    case alterTable(AlterTable)
    case renameTable(RenameTable)

    // MARK: Indexes
    case createIndex(CreateIndex)
    case createSearchIndex(CreateSearchIndex)
    case createVectorIndex(CreateVectorIndex)
    case alterIndex(AlterIndex)

    // MARK: Other schema objects
    case createView(CreateView)
    case createChangeStream(CreateChangeStream)
    case alterChangeStream(AlterChangeStream)
    case createSequence(CreateSequence)
    case alterSequence(AlterSequence)
    case createSchema(CreateSchema)
    case createModel(CreateModel)
    case alterModel(AlterOptionsObject)
    case createProtoBundle(CreateProtoBundle)
    case alterProtoBundle(AlterProtoBundle)
    case createPlacement(CreateOptionsObject)
    case alterPlacement(AlterOptionsObject)
    case createLocalityGroup(CreateOptionsObject)
    case alterLocalityGroup(AlterOptionsObject)
    case createPropertyGraph(CreatePropertyGraph)
    case createFunction(CreateFunction)

    // MARK: Access control
    case createRole(Identifier)
    case grant(Grant)
    case revoke(Grant)

    // MARK: Database
    case alterDatabase(AlterDatabase)
    case alterStatistics(AlterStatistics)
    case analyze

    // MARK: Every kind
    case drop(Drop)

    /// DML (`INSERT`, `UPDATE`, `DELETE`), kept as tokens; it runs outside DDL batches.
    case dml(RawStatement)
    /// A DDL statement whose kind Ratchet does not model; passed through unchanged.
    case opaque(RawStatement)

    /// Whether the statement is DML rather than DDL.
    public var isDML: Bool {
        if case .dml = self { return true }
        return false
    }
}

/// A comment from the source, kept so that formatting never loses it.
public struct Comment: Sendable, Hashable {
    /// The comment exactly as written, `--`, `#` or `/* */` included, trailing space trimmed.
    public var text: String
    public init(_ text: String) { self.text = text }
}

/// A parsed statement with where it came from and the comments attached to it.
public struct ParsedStatement: Sendable, Hashable {
    public var statement: Statement
    /// Comments before the statement, and any inside it that no column claimed.
    public var leadingComments: [Comment]
    /// A comment on the statement's last line, after its `;`.
    public var trailingComment: Comment?
    /// Comments attached to `CREATE TABLE` columns, by column index.
    public var columnComments: [Int: ColumnComments]
    /// Byte range of the statement's text, without the `;`.
    public var range: Range<Int>
    /// Line and column of the statement's first token.
    public var location: SourceLocation

    public init(
        statement: Statement, leadingComments: [Comment] = [], trailingComment: Comment? = nil,
        columnComments: [Int: ColumnComments] = [:], range: Range<Int> = 0..<0,
        location: SourceLocation = SourceLocation(line: 1, column: 1, offset: 0)
    ) {
        self.statement = statement
        self.leadingComments = leadingComments
        self.trailingComment = trailingComment
        self.columnComments = columnComments
        self.range = range
        self.location = location
    }
}

/// Comments on one column of a `CREATE TABLE`: lines above it, and one at the end of its line.
public struct ColumnComments: Sendable, Hashable {
    public var leading: [Comment]
    public var trailing: Comment?
    public init(leading: [Comment] = [], trailing: Comment? = nil) {
        self.leading = leading
        self.trailing = trailing
    }
}
