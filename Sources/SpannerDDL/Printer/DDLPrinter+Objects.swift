// MARK: - Indexes, views, change streams, sequences, models, access control

extension DDLPrinter {
    mutating func print(_ index: CreateIndex) {
        write("CREATE ")
        if index.unique { write("UNIQUE ") }
        if index.nullFiltered { write("NULL_FILTERED ") }
        write("INDEX ")
        if index.ifNotExists { write("IF NOT EXISTS ") }
        write(index.name)
        write(" ON ")
        write(index.table)
        writeKeyParts(index.keys)
        printStoring(index.storing)
        printFilter(index.filter)
        printInterleaveIn(index.interleaveIn)
        printOptions(index.options)
    }

    /// `CREATE SEARCH INDEX`, in either dialect: PostgreSQL names the index without its schema,
    /// and puts INTERLEAVE IN before the filter.
    mutating func print(_ index: CreateSearchIndex) {
        let postgreSQL = dialect == .postgreSQL
        write("CREATE SEARCH INDEX ")
        if index.ifNotExists { write("IF NOT EXISTS ") }
        if postgreSQL { write(index.name.base) } else { write(index.name) }
        write(" ON ")
        write(index.table)
        write("(")
        writeList(index.columns)
        write(")")
        printStoring(index.storing)
        if !index.partitionBy.isEmpty {
            write(" PARTITION BY ")
            writeList(index.partitionBy)
        }
        if !index.orderBy.isEmpty {
            write(" ORDER BY ")
            for (i, part) in index.orderBy.enumerated() {
                if i > 0 { write(", ") }
                write(part.column)
                if part.descending { write(" DESC") }
            }
        }
        if postgreSQL { printInterleaveIn(index.interleaveIn) }
        printFilter(index.filter)
        if !postgreSQL { printInterleaveIn(index.interleaveIn) }
        printOptions(index.options)
    }

    mutating func print(_ index: CreateVectorIndex) {
        write("CREATE VECTOR INDEX ")
        if index.ifNotExists { write("IF NOT EXISTS ") }
        write(index.name)
        write(" ON ")
        write(index.table)
        write("(")
        writeList(index.columns)
        write(")")
        printStoring(index.storing)
        printFilter(index.filter)
        printOptions(index.options)
    }

    // The clauses indexes share, as each dialect spells them.

    /// ` STORING (...)`; PostgreSQL's ` INCLUDE (...)`.
    mutating func printStoring(_ columns: [Identifier]) {
        guard !columns.isEmpty else { return }
        write(dialect == .postgreSQL ? " INCLUDE (" : " STORING (")
        writeList(columns)
        write(")")
    }

    /// ` WHERE ...`; PostgreSQL parenthesizes the condition.
    mutating func printFilter(_ filter: Expression?) {
        guard let filter else { return }
        write(dialect == .postgreSQL ? " WHERE (" : " WHERE ")
        writeExpression(filter)
        if dialect == .postgreSQL { write(")") }
    }

    /// `, INTERLEAVE IN p`; PostgreSQL has no comma.
    mutating func printInterleaveIn(_ parent: ObjectName?) {
        guard let parent else { return }
        write(dialect == .postgreSQL ? " INTERLEAVE IN " : ", INTERLEAVE IN ")
        write(parent)
    }

    /// ` OPTIONS (...)`; PostgreSQL's ` WITH (...)`.
    mutating func printOptions(_ options: OptionList?) {
        guard let options else { return }
        if dialect == .postgreSQL {
            write(" WITH ")
            writePostgreSQLOptions(options)
        } else {
            write(" ")
            write(options)
        }
    }

    mutating func print(_ alter: AlterIndex) {
        write("ALTER ")
        write(alter.kind.rawValue)
        write(" ")
        write(alter.name)
        switch alter.action {
        case .addStoredColumn(let column):
            write(" ADD STORED COLUMN ")
            write(column)
        case .dropStoredColumn(let column):
            write(" DROP STORED COLUMN ")
            write(column)
        case .addColumn(let column):
            write(" ADD COLUMN ")
            write(column)
        case .dropColumn(let column):
            write(" DROP COLUMN ")
            write(column)
        case .setOptions(let options):
            write(" SET ")
            write(options)
        }
    }

    // MARK: Views

    mutating func print(_ view: CreateView) {
        write(view.orReplace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ")
        write(view.name)
        if let security = view.security {
            write(" SQL SECURITY ")
            write(security.rawValue)
        }
        write(" AS ")
        writeExpression(view.query)
    }

    // MARK: Change streams

    mutating func print(_ stream: CreateChangeStream) {
        write("CREATE CHANGE STREAM ")
        if stream.ifNotExists { write("IF NOT EXISTS ") }
        write(stream.name)
        if let watch = stream.watch {
            write(" FOR ")
            print(watch)
        }
        printOptions(stream.options)
    }

    mutating func print(_ watch: ChangeStreamWatch) {
        switch watch {
        case .all:
            write("ALL")
        case .tables(let tables):
            for (i, table) in tables.enumerated() {
                if i > 0 { write(", ") }
                write(table.table)
                if let columns = table.columns {
                    write("(")
                    writeList(columns)
                    write(")")
                }
            }
        }
    }

    mutating func print(_ alter: AlterChangeStream) {
        write("ALTER CHANGE STREAM ")
        write(alter.name)
        switch alter.action {
        case .setFor(let watch):
            write(" SET FOR ")
            print(watch)
        case .dropForAll:
            write(" DROP FOR ALL")
        case .setOptions(let options):
            write(" SET ")
            write(options)
        }
    }

    // MARK: Sequences

    mutating func print(_ sequence: CreateSequence) {
        write("CREATE SEQUENCE ")
        if sequence.ifNotExists { write("IF NOT EXISTS ") }
        write(sequence.name)
        if !sequence.clauses.isEmpty {
            write(" ")
            print(sequence.clauses)
        }
        printOptions(sequence.options)
    }

    mutating func print(_ alter: AlterSequence) {
        write("ALTER SEQUENCE ")
        if alter.ifExists { write("IF EXISTS ") }
        write(alter.name)
        switch alter.action {
        case .setOptions(let options):
            write(" SET ")
            write(options)
        case .alter(let skipRange, let restart):
            switch skipRange {
            case .set(let range)?: write(" SKIP RANGE \(range.min), \(range.max)")
            case .remove?: write(" NO SKIP RANGE")
            case nil: break
            }
            if let restart { write(" RESTART COUNTER WITH \(restart)") }
        }
    }

    // MARK: Models and proto bundles

    mutating func print(_ model: CreateModel) {
        write(model.orReplace ? "CREATE OR REPLACE MODEL " : "CREATE MODEL ")
        if model.ifNotExists { write("IF NOT EXISTS ") }
        write(model.name)
        if let input = model.input {
            write(" INPUT (")
            printModelColumns(input)
            write(") OUTPUT (")
            printModelColumns(model.output ?? [])
            write(")")
        }
        if model.remote { write(" REMOTE") }
        printOptions(model.options)
    }

    private mutating func printModelColumns(_ columns: [ModelColumn]) {
        for (i, column) in columns.enumerated() {
            if i > 0 { write(", ") }
            write(column.name)
            write(" ")
            print(column.type)
            printOptions(column.options)
        }
    }

    mutating func print(_ bundle: AlterProtoBundle) {
        write("ALTER PROTO BUNDLE")
        for (word, names) in [("INSERT", bundle.insert), ("UPDATE", bundle.update), ("DELETE", bundle.delete)] where !names.isEmpty {
            write(" ")
            write(word)
            write(" (")
            writeList(names)
            write(")")
        }
    }

    // MARK: Access control

    /// GRANT or REVOKE; PostgreSQL names roles without the word ROLE, and a table function's
    /// privilege is on a FUNCTION.
    mutating func print(_ grant: Grant, isRevoke: Bool) {
        let postgreSQL = dialect == .postgreSQL
        write(isRevoke ? "REVOKE " : "GRANT ")
        switch grant.what {
        case .roles(let roles):
            if !postgreSQL { write("ROLE ") }
            writeList(roles)
        case .privileges(let privileges, let target):
            for (i, privilege) in privileges.enumerated() {
                if i > 0 { write(", ") }
                write(privilege.action.rawValue)
                if let columns = privilege.columns {
                    write("(")
                    writeList(columns)
                    write(")")
                }
            }
            write(" ON ")
            write(postgreSQL && target.kind == .tableFunction ? "FUNCTION" : target.kind.rawValue)
            write(" ")
            writeList(target.names)
        }
        switch (isRevoke, postgreSQL) {
        case (true, false): write(" FROM ROLE ")
        case (false, false): write(" TO ROLE ")
        case (true, true): write(" FROM ")
        case (false, true): write(" TO ")
        }
        writeList(grant.roles)
    }
}

// MARK: - Functions

extension DDLPrinter {
    mutating func print(_ function: CreateFunction) {
        write(function.orReplace ? "CREATE OR REPLACE FUNCTION " : "CREATE FUNCTION ")
        write(function.name)
        write("(")
        for (i, parameter) in function.parameters.enumerated() {
            if i > 0 { write(", ") }
            write(parameter.name)
            write(" ")
            print(parameter.type)
            if let value = parameter.defaultValue {
                write(" DEFAULT ")
                write(value.text)
            }
        }
        write(")")
        if let returns = function.returns {
            write(" RETURNS ")
            print(returns)
        }
        if let determinism = function.determinism {
            write(" ")
            write(determinism.rawValue)
        }
        if let security = function.security {
            write(" SQL SECURITY ")
            write(security.rawValue)
        }
        if let language = function.language {
            write(" LANGUAGE ")
            write(language.rawValue)
        }
        if let body = function.body {
            write(" AS (")
            write(body.text)
            write(")")
        }
        if let options = function.options {
            write(" ")
            write(options)
        }
    }
}
