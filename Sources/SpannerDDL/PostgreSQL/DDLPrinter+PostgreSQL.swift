// MARK: - PostgreSQL statements

extension DDLPrinter {
    /// One statement in the layout Spanner's GetDatabaseDdl uses for a PostgreSQL database.
    mutating func printPostgreSQL(_ statement: Statement, columnComments: [Int: ColumnComments]) {
        switch statement {
        case .createTable(let table): printPostgreSQL(table, columnComments: columnComments)
        case .alterTable(let alter): print(alter)
        case .renameTable(let rename):
            // PostgreSQL renames one table a statement.
            for (i, pair) in rename.renames.enumerated() {
                if i > 0 { write("; ") }
                write("ALTER TABLE ")
                write(pair.from)
                write(" RENAME TO ")
                write(pair.to)
            }
        case .createIndex(let index): printPostgreSQL(index)
        case .createSearchIndex(let index): print(index)
        case .alterIndex(let alter):
            write("ALTER INDEX ")
            write(alter.name)
            switch alter.action {
            case .addStoredColumn(let column), .addColumn(let column):
                write(" ADD INCLUDE COLUMN ")
                write(column)
            case .dropStoredColumn(let column), .dropColumn(let column):
                write(" DROP INCLUDE COLUMN ")
                write(column)
            case .setOptions(let options):
                write(" SET ")
                writePostgreSQLOptions(options)
            }
        case .createView(let view):
            print(view)
        case .createChangeStream(let stream):
            write("CREATE CHANGE STREAM ")
            if stream.ifNotExists { write("IF NOT EXISTS ") }
            write(stream.name)
            if let watch = stream.watch {
                write(" FOR ")
                print(watch)
            }
            if let options = stream.options {
                write(" WITH ")
                writePostgreSQLOptions(options)
            }
        case .alterChangeStream(let alter):
            write("ALTER CHANGE STREAM ")
            write(alter.name)
            switch alter.action {
            case .setFor(let watch):
                write(" SET FOR ")
                print(watch)
            case .dropForAll:
                write(" DROP FOR ALL")
            case .setOptions(let options):
                if !options.entries.isEmpty && options.entries.allSatisfy(\.value.isNullLiteral) {
                    write(" RESET (")
                    writeList(options.entries.map(\.name))
                    write(")")
                } else {
                    write(" SET ")
                    writePostgreSQLOptions(options)
                }
            }
        case .createSequence(let sequence):
            write("CREATE SEQUENCE ")
            if sequence.ifNotExists { write("IF NOT EXISTS ") }
            write(sequence.name)
            let clauses = Self.sequenceClauses(sequence.clauses, options: sequence.options)
            if !clauses.isEmpty {
                write(" ")
                printPostgreSQL(clauses)
            }
        case .alterSequence(let alter):
            write("ALTER SEQUENCE ")
            if alter.ifExists { write("IF EXISTS ") }
            write(alter.name)
            switch alter.action {
            case .setOptions(let options):
                let clauses = Self.sequenceClauses(SequenceClauses(), options: options)
                writePostgreSQLSequenceChange(clauses.skipRange.map { .set($0) }, restart: clauses.startCounter)
            case .alter(let skipRange, let restart):
                writePostgreSQLSequenceChange(skipRange, restart: restart)
            }
        case .createSchema(let schema):
            write("CREATE SCHEMA ")
            if schema.ifNotExists { write("IF NOT EXISTS ") }
            write(schema.name)
        case .createRole(let role):
            write("CREATE ROLE ")
            write(role)
        case .grant(let grant): print(grant, isRevoke: false)
        case .revoke(let grant): print(grant, isRevoke: true)
        case .alterDatabase(let alter):
            // PostgreSQL sets one option a statement; the parser never makes more than one.
            for (i, option) in alter.options.entries.enumerated() {
                if i > 0 { write("; ") }
                write("ALTER DATABASE ")
                write(alter.name)
                // GetDatabaseDdl quotes the option's whole name, dot included.
                let name = Literal.postgreSQLQuotedIdentifier("spanner." + option.name.name)
                if option.value.isNullLiteral {
                    write(" RESET ")
                    write(name)
                } else {
                    write(" SET ")
                    write(name)
                    write(" = ")
                    writeExpression(option.value)
                }
            }
        case .analyze:
            write("ANALYZE")
        case .drop(let drop):
            write("DROP ")
            write(drop.kind.rawValue)
            if drop.ifExists { write(" IF EXISTS") }
            if let name = drop.name {
                write(" ")
                write(name)
            }
        case .dml(let raw), .opaque(let raw):
            write(raw.text.text)
        case .createVectorIndex, .createModel, .alterModel, .createProtoBundle, .alterProtoBundle, .createPlacement,
            .alterPlacement, .createLocalityGroup, .alterLocalityGroup, .createPropertyGraph, .createFunction, .alterStatistics:
            // GoogleSQL-only objects: the parser never makes them in this dialect and the schema
            // rules refuse them, so this spelling only shows in messages.
            var googleSQL = DDLPrinter()
            googleSQL.print(statement, columnComments: columnComments)
            write(googleSQL.output)
        }
    }

    // MARK: Tables

    mutating func printPostgreSQL(_ table: CreateTable, columnComments: [Int: ColumnComments]) {
        write("CREATE TABLE ")
        if table.ifNotExists { write("IF NOT EXISTS ") }
        write(table.name)
        write(" (\n")
        writeColumnLines(table.columns, comments: columnComments)
        write("  PRIMARY KEY(")
        writeList(table.primaryKey.map(\.column))
        write(")")
        for constraint in table.constraints {
            write(",\n  ")
            print(constraint)
        }
        for synonym in table.synonyms {
            write(",\n  SYNONYM(")
            write(synonym)
            write(")")
        }
        write("\n)")
        if let interleave = table.interleave {
            write(" ")
            print(interleave)
        }
        if let policy = table.rowDeletionPolicy {
            write(" TTL ")
            printPostgreSQL(policy)
        }
    }

    /// `INTERVAL 'n DAYS' ON column`.
    mutating func printPostgreSQL(_ policy: RowDeletionPolicy) {
        write("INTERVAL '\(policy.days) DAYS' ON ")
        write(policy.column)
    }

    mutating func printPostgreSQL(_ column: ColumnDefinition) {
        write(column.name)
        write(" ")
        printPostgreSQLBody(of: column)
    }

    /// Whether the column is a `timestamptz` that accepts the commit timestamp.
    static func allowsCommitTimestamp(_ column: ColumnDefinition) -> Bool {
        column.type == .timestamp && column.options?["allow_commit_timestamp"]?.boolLiteral == true
    }

    mutating func printPostgreSQLBody(of column: ColumnDefinition) {
        if Self.allowsCommitTimestamp(column) {
            write("spanner.commit_timestamp")
        } else {
            printPostgreSQL(column.type)
        }
        if case .array(_, let length?) = column.type { write(" VECTOR LENGTH \(length)") }
        switch column.generation {
        case nil: break
        case .generated(let expression, let stored):
            write(" GENERATED ALWAYS AS (")
            writeExpression(expression)
            write(stored ? ") STORED" : ") VIRTUAL")
        case .default(let expression):
            write(" DEFAULT ")
            writeExpression(expression)
        case .identity(let clauses):
            write(" GENERATED BY DEFAULT AS IDENTITY")
            if let clauses, !clauses.isEmpty {
                write(" (")
                printPostgreSQL(clauses)
                write(")")
            }
        case .autoIncrement:
            write(" GENERATED BY DEFAULT AS IDENTITY")
        }
        if column.notNull { write(" NOT NULL") }
        if column.hidden { write(" HIDDEN") }
    }

    /// `[SKIP RANGE a b | NO SKIP RANGE] [RESTART COUNTER WITH n]`, each with a leading space.
    mutating func writePostgreSQLSequenceChange(_ skipRange: AlterSequence.SkipRangeChange?, restart: Int64?) {
        switch skipRange {
        case .set(let range)?: write(" SKIP RANGE \(range.min) \(range.max)")
        case .remove?: write(" NO SKIP RANGE")
        case nil: break
        }
        if let restart { write(" RESTART COUNTER WITH \(restart)") }
    }

    mutating func printPostgreSQL(_ clauses: SequenceClauses) {
        var parts: [String] = []
        if let kind = clauses.kind { parts.append(kind.name.uppercased()) }
        if let range = clauses.skipRange { parts.append("SKIP RANGE \(range.min) \(range.max)") }
        if let start = clauses.startCounter { parts.append("START COUNTER WITH \(start)") }
        write(parts.joined(separator: " "))
    }

    /// A sequence's clauses with its GoogleSQL `OPTIONS` (`sequence_kind`, `skip_range_min`,
    /// `skip_range_max`, `start_with_counter`) folded in, since PostgreSQL spells them as clauses.
    static func sequenceClauses(_ clauses: SequenceClauses, options: OptionList?) -> SequenceClauses {
        var result = clauses
        guard let options else { return result }
        if result.kind == nil, let kind = options["sequence_kind"]?.stringLiteral { result.kind = Identifier(kind.uppercased()) }
        if result.skipRange == nil, let low = options["skip_range_min"]?.integerLiteral, let high = options["skip_range_max"]?.integerLiteral {
            result.skipRange = SkipRange(min: low, max: high)
        }
        if result.startCounter == nil, let start = options["start_with_counter"]?.integerLiteral { result.startCounter = start }
        return result
    }

    /// A type as PostgreSQL spells it: `bigint`, `character varying(64)`, `bytea`, `bigint[]`.
    public static func postgreSQLTypeName(_ type: DataType) -> String {
        var printer = DDLPrinter(dialect: .postgreSQL)
        printer.printPostgreSQL(type)
        return printer.output
    }

    mutating func printPostgreSQL(_ type: DataType) {
        switch type {
        case .bool: write("boolean")
        case .int64: write("bigint")
        case .float32: write("real")
        case .float64: write("double precision")
        case .numeric: write("numeric")
        case .json: write("jsonb")
        case .date: write("date")
        case .timestamp: write("timestamp with time zone")
        case .uuid: write("uuid")
        case .tokenList: write("spanner.tokenlist")
        case .interval: write("interval")
        case .string(let length):
            write("character varying")
            if case .count(let n)? = length { write("(\(n))") }
        case .bytes:
            write("bytea")
        case .array(let element, _):
            printPostgreSQL(element)
            write("[]")
        case .struct, .named:
            // No PostgreSQL spelling: the schema rules refuse these types in this dialect.
            var googleSQL = DDLPrinter()
            googleSQL.print(type)
            write(googleSQL.output)
        }
    }

    // MARK: Indexes

    mutating func printPostgreSQL(_ index: CreateIndex) {
        write(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ")
        if index.ifNotExists { write("IF NOT EXISTS ") }
        write(index.name.base)
        write(" ON ")
        write(index.table)
        write(" (")
        for (i, part) in index.keys.enumerated() {
            if i > 0 { write(", ") }
            writePostgreSQLKeyPart(part)
        }
        write(")")
        printStoring(index.storing)
        printInterleaveIn(index.interleaveIn)
        printFilter(index.filter)
    }

    /// A key column in PostgreSQL order terms: NULLs last ascending and first descending are
    /// unspoken there, so Spanner's own order (first ascending) is the one that is spelled.
    mutating func writePostgreSQLKeyPart(_ part: KeyPart) {
        write(part.column)
        switch (part.descending, part.nulls) {
        case (false, .last?): break
        case (false, _): write(" NULLS FIRST")
        case (true, .first?): write(" DESC")
        case (true, _): write(" DESC NULLS LAST")
        }
    }

    /// `(name = value, ...)`.
    mutating func writePostgreSQLOptions(_ options: OptionList) {
        write("(")
        for (i, option) in options.entries.enumerated() {
            if i > 0 { write(", ") }
            write(option.name)
            write(" = ")
            writeExpression(option.value)
        }
        write(")")
    }
}
