// MARK: - Indexes

extension Parser {
    /// `CREATE [UNIQUE] [NULL_FILTERED] INDEX ...`, from `UNIQUE`, `NULL_FILTERED` or `INDEX`.
    mutating func parseCreateIndex() throws(DDLDiagnostic) -> CreateIndex {
        let unique = consume(.unique)
        let nullFiltered = consume(.nullFiltered)
        try expect(.index)
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("an index name")
        try expect(.on)
        let table = try parseObjectName("a table name")
        var index = CreateIndex(name: name, ifNotExists: ifNotExists, unique: unique, nullFiltered: nullFiltered, table: table, keys: try parseKeyPartList(allowEmpty: false))
        if consume(.storing) { index.storing = try parseIdentifierList("a column name") }
        if consume(.where) { index.filter = try parseFilter() }
        if at(.comma) && peek(1).keyword == .interleave {
            consume()
            consume()
            try expect(.in)
            index.interleaveIn = try parseObjectName("a table name")
        }
        if at(.options) { index.options = try parseOptions() }
        return index
    }

    /// `WHERE col IS NOT NULL [AND ...]`: up to a top-level `,` or `OPTIONS`.
    private mutating func parseFilter() throws(DDLDiagnostic) -> Expression {
        try parseExpression("a WHERE condition") { token in
            token.kind == .comma || token.keyword == .options
        }
    }

    mutating func parseCreateSearchIndex() throws(DDLDiagnostic) -> CreateSearchIndex {
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("an index name")
        try expect(.on)
        let table = try parseObjectName("a table name")
        var index = CreateSearchIndex(name: name, ifNotExists: ifNotExists, table: table, columns: try parseIdentifierList("a TOKENLIST column name"))
        if consume(.storing) { index.storing = try parseIdentifierList("a column name") }
        if at(.partition) {
            consume()
            try expect(.by)
            index.partitionBy = try parseBareIdentifierList("a column name")
        }
        if at(.order) {
            consume()
            try expect(.by)
            var parts = [try parseKeyPart()]
            while at(.comma) && peek(1).keyword != .interleave {
                consume()
                parts.append(try parseKeyPart())
            }
            index.orderBy = parts
        }
        if consume(.where) { index.filter = try parseFilter() }
        if at(.comma) && peek(1).keyword == .interleave {
            consume()
            consume()
            try expect(.in)
            index.interleaveIn = try parseObjectName("a table name")
        }
        if at(.options) { index.options = try parseOptions() }
        return index
    }

    mutating func parseCreateVectorIndex() throws(DDLDiagnostic) -> CreateVectorIndex {
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("an index name")
        try expect(.on)
        let table = try parseObjectName("a table name")
        var index = CreateVectorIndex(name: name, ifNotExists: ifNotExists, table: table, columns: try parseIdentifierList("an embedding column name"))
        if consume(.storing) { index.storing = try parseIdentifierList("a column name") }
        if consume(.where) { index.filter = try parseFilter() }
        if at(.options) { index.options = try parseOptions() }
        return index
    }

    /// `ALTER [SEARCH | VECTOR] INDEX name {ADD | DROP} [STORED] COLUMN c | SET OPTIONS (...)`.
    mutating func parseAlterIndex(kind: IndexKind) throws(DDLDiagnostic) -> AlterIndex {
        let name = try parseObjectName("an index name")
        let action: AlterIndex.Action
        if consume(.add) {
            if consume(.stored) {
                try expect(.column)
                action = .addStoredColumn(try parseIdentifier("a column name"))
            } else {
                try expect(.column)
                action = .addColumn(try parseIdentifier("a column name"))
            }
        } else if consume(.drop) {
            if consume(.stored) {
                try expect(.column)
                action = .dropStoredColumn(try parseIdentifier("a column name"))
            } else {
                try expect(.column)
                action = .dropColumn(try parseIdentifier("a column name"))
            }
        } else if consume(.set) {
            action = .setOptions(try parseOptions())
        } else {
            throw unexpected("ADD, DROP or SET")
        }
        return AlterIndex(kind: kind, name: name, action: action)
    }
}
