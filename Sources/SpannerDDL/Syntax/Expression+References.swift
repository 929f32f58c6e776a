/// What a query or expression names, found from its tokens: enough for Spanner's dependency
/// rules (what a view, a function or a column expression uses) without a SQL analyzer.
public struct BodyReferences: Sendable, Hashable {
    /// Names after `FROM` or `JOIN` (and further comma-separated `FROM` items), as written.
    public var relations: [ObjectName] = []
    /// Names called as functions, as written; `SAFE.` prefixes removed.
    public var functions: [ObjectName] = []
    /// Names after the `SEQUENCE` keyword (`GET_NEXT_SEQUENCE_VALUE(SEQUENCE s)`).
    public var sequences: [ObjectName] = []
    /// Names given to `FORCE_INDEX` hints.
    public var indexes: [Identifier] = []
    /// Names a `WITH` clause defines, which are not relations of the schema.
    public var commonTableExpressions: [Identifier] = []
    /// Whether a select list uses `*` or `t.*`.
    public var selectsStar = false
    /// Whether the query locks rows (`FOR UPDATE`).
    public var forUpdate = false
}

extension Expression {
    /// The relations, functions, sequences and indexes the text names.
    public var references: BodyReferences {
        withTokens { tokens, buffer in
            var scanner = BodyReferenceScanner(tokens: tokens, buffer: buffer, dialect: dialect)
            return scanner.scan()
        }
    }
}

/// One pass over the tokens of a body.
private struct BodyReferenceScanner {
    let tokens: [Token]
    let buffer: UnsafeBufferPointer<UInt8>
    let dialect: Dialect
    var result = BodyReferences()

    init(tokens: [Token], buffer: UnsafeBufferPointer<UInt8>, dialect: Dialect = .googleSQL) {
        self.tokens = tokens
        self.buffer = buffer
        self.dialect = dialect
    }

    /// PostgreSQL names a sequence in a string: `nextval('seq')`, `nextval('"Seq"')`. The
    /// string is read as a name is, folded unless quoted.
    func postgreSQLSequence(at i: Int) -> ObjectName? {
        guard dialect == .postgreSQL, isWord(i, "NEXTVAL") || isWord(i, "GET_INTERNAL_SEQUENCE_STATE"),
            i + 2 < tokens.count, tokens[i + 1].kind == .leftParen, tokens[i + 2].kind == .string
        else { return nil }
        let text = String(decoding: Literal.decode(tokens[i + 2], in: buffer, dialect: .postgreSQL), as: UTF8.self)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { part -> Identifier in
            part.count >= 2 && part.hasPrefix("\"") && part.hasSuffix("\"") ? Identifier(String(part.dropFirst().dropLast())) : Identifier(part.lowercased())
        }
        return parts.isEmpty ? nil : ObjectName(parts)
    }

    /// Type names that are followed by `(` without being calls: `CAST(x AS STRING(10))`.
    private static let typeWords: Set<String> = ["STRING", "BYTES", "NUMERIC", "BIGNUMERIC"]

    func raw(_ i: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[tokens[i].start..<tokens[i].end]), as: UTF8.self)
    }

    func isName(_ i: Int) -> Bool {
        guard i < tokens.count else { return false }
        let token = tokens[i]
        return token.kind == .quotedIdentifier || (token.kind == .identifier && token.keyword?.isReserved != true)
    }

    func identifier(_ i: Int) -> Identifier {
        if tokens[i].kind == .quotedIdentifier {
            return Identifier(String(decoding: Literal.decode(tokens[i], in: buffer), as: UTF8.self))
        }
        return Identifier(raw(i))
    }

    func keyword(_ i: Int) -> Keyword? { i < tokens.count && tokens[i].kind == .identifier ? tokens[i].keyword : nil }

    func isWord(_ i: Int, _ word: String) -> Bool {
        i < tokens.count && tokens[i].kind == .identifier && raw(i).uppercased() == word
    }

    /// A dotted name starting at `i`, and the index after it.
    func dottedName(at i: Int) -> (ObjectName, Int) {
        var parts = [identifier(i)]
        var j = i + 1
        while j + 1 < tokens.count, tokens[j].kind == .dot, isName(j + 1) || tokens[j + 1].kind == .identifier {
            parts.append(identifier(j + 1))
            j += 2
        }
        return (ObjectName(parts), j)
    }

    mutating func scan() -> BodyReferences {
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let kw = keyword(i)
            if kw == .from || kw == .join {
                i = scanFromItems(after: i)
                continue
            }
            if kw == .with, i + 3 < tokens.count {
                // WITH name AS (...), name AS (...)
                var j = i + 1
                if keyword(j) == .recursive { j += 1 }
                while isName(j), keyword(j + 1) == .as {
                    result.commonTableExpressions.append(identifier(j))
                    j += 2
                    guard j < tokens.count, tokens[j].kind == .leftParen else { break }
                    j = skipGroup(from: j)
                    guard j < tokens.count, tokens[j].kind == .comma else { break }
                    j += 1
                }
            }
            if kw == .for, isWord(i + 1, "UPDATE") {
                result.forUpdate = true
            }
            if token.kind == .operator, raw(i) == "*", i > 0 {
                let before = keyword(i - 1)
                if before == .select || before == .distinct || before == .all || tokens[i - 1].kind == .dot {
                    result.selectsStar = true
                } else if tokens[i - 1].kind == .comma, isInSelectList(i) {
                    result.selectsStar = true
                }
            }
            if let sequence = postgreSQLSequence(at: i) {
                result.sequences.append(sequence)
            }
            if isWord(i, "SEQUENCE"), isName(i + 1) {
                let (name, next) = dottedName(at: i + 1)
                result.sequences.append(name)
                i = next
                continue
            }
            if isWord(i, "FORCE_INDEX"), i + 2 < tokens.count, tokens[i + 1].kind == .operator, raw(i + 1) == "=", isName(i + 2) {
                result.indexes.append(identifier(i + 2))
                i += 3
                continue
            }
            if isName(i), i == 0 || tokens[i - 1].kind != .dot {
                let (name, next) = dottedName(at: i)
                if next < tokens.count, tokens[next].kind == .leftParen, !isTypeContext(i, name: name) {
                    var parts = name.parts
                    if parts.count > 1, parts[0].name.uppercased() == "SAFE" { parts.removeFirst() }
                    result.functions.append(ObjectName(parts))
                }
                i = next
                continue
            }
            i += 1
        }
        return result
    }

    /// Whether `(` after the name at `i` opens a type's parameters rather than a call.
    func isTypeContext(_ i: Int, name: ObjectName) -> Bool {
        guard name.parts.count == 1 else { return false }
        if Self.typeWords.contains(name.parts[0].name.uppercased()) { return true }
        return false
    }

    /// Whether the token at `i` is in a select list (between SELECT and FROM at its depth).
    func isInSelectList(_ i: Int) -> Bool {
        var depth = 0
        var j = i - 1
        while j >= 0 {
            switch tokens[j].kind {
            case .rightParen, .rightBracket: depth += 1
            case .leftParen, .leftBracket:
                if depth == 0 { return false }
                depth -= 1
            default:
                if depth == 0, keyword(j) == .select { return true }
                if depth == 0, keyword(j) == .from || keyword(j) == .where { return false }
            }
            j -= 1
        }
        return false
    }

    /// The index after the group opened at `i`.
    func skipGroup(from i: Int) -> Int {
        var depth = 0
        var j = i
        while j < tokens.count {
            switch tokens[j].kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace:
                depth -= 1
                if depth == 0 { return j + 1 }
            default: break
            }
            j += 1
        }
        return j
    }

    /// Reads the FROM items after `FROM`/`JOIN` at `i`; returns where scanning resumes.
    mutating func scanFromItems(after i: Int) -> Int {
        var j = i + 1
        while j < tokens.count {
            guard isName(j) else { return j }
            let (name, next) = dottedName(at: j)
            // A call (`FROM UNNEST(...)`, a table-valued function) is left to the main scan.
            if next < tokens.count, tokens[next].kind == .leftParen { return j }
            result.relations.append(name)
            j = next
            // Hints: `@{FORCE_INDEX=i}`.
            if j + 1 < tokens.count, tokens[j].kind == .operator, raw(j) == "@", tokens[j + 1].kind == .leftBrace {
                let end = skipGroup(from: j + 1)
                var k = j + 2
                while k + 2 < end {
                    if isWord(k, "FORCE_INDEX"), raw(k + 1) == "=", isName(k + 2) { result.indexes.append(identifier(k + 2)) }
                    k += 1
                }
                j = end
            }
            // An alias: `AS a` or a bare name.
            if keyword(j) == .as { j += 1 }
            if isName(j), !(j + 1 < tokens.count && tokens[j + 1].kind == .dot) { j += 1 }
            guard j < tokens.count, tokens[j].kind == .comma else { return j }
            j += 1
        }
        return j
    }
}

// MARK: - Literal values

extension Expression {
    private func literalTokens<T>(_ body: ([Token], UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        withTokens { tokens, buffer in body(tokens, buffer) }
    }

    /// The value when the expression is one string literal.
    public var stringLiteral: String? {
        literalTokens { tokens, buffer in
            guard tokens.count == 1, tokens[0].kind == .string else { return nil }
            return String(decoding: Literal.decode(tokens[0], in: buffer, dialect: dialect), as: UTF8.self)
        }
    }

    /// The value when the expression is one integer literal, optionally negated.
    public var integerLiteral: Int64? {
        literalTokens { tokens, buffer in
            func digits(_ token: Token) -> String { String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<token.end]), as: UTF8.self) }
            if tokens.count == 1, tokens[0].kind == .integer { return Self.integer(digits(tokens[0])) }
            if tokens.count == 2, tokens[0].kind == .operator, digits(tokens[0]) == "-", tokens[1].kind == .integer {
                return Self.integer("-" + digits(tokens[1]))
            }
            return nil
        }
    }

    /// The value when the expression is one number literal (integer or float), optionally negated.
    public var numberLiteral: Double? {
        literalTokens { tokens, buffer in
            func raw(_ token: Token) -> String { String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<token.end]), as: UTF8.self) }
            var sign = 1.0
            var rest = tokens[...]
            if rest.count == 2, rest.first!.kind == .operator, raw(rest.first!) == "-" {
                sign = -1
                rest = rest.dropFirst()
            }
            guard rest.count == 1, let token = rest.first, token.kind == .integer || token.kind == .float else { return nil }
            let text = raw(token)
            if let value = Self.integer(text) { return sign * Double(value) }
            return Double(text).map { sign * $0 }
        }
    }

    /// The value when the expression is `TRUE` or `FALSE`.
    public var boolLiteral: Bool? {
        switch text.uppercased() {
        case "TRUE": true
        case "FALSE": false
        default: nil
        }
    }

    /// Whether the expression is the literal `NULL`.
    public var isNullLiteral: Bool { text.uppercased() == "NULL" }

    private static func integer(_ text: String) -> Int64? {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let value: Int64?
        if body.lowercased().hasPrefix("0x") {
            value = Int64(body.dropFirst(2), radix: 16)
        } else {
            value = Int64(body)
        }
        guard let value else { return nil }
        return negative ? -value : value
    }
}

// MARK: - Column references

extension Expression {
    /// Words an expression may hold that name no column: type names and date parts.
    private static let nonColumnWords: Set<String> = [
        "BOOL", "INT64", "FLOAT32", "FLOAT64", "NUMERIC", "BIGNUMERIC", "STRING", "BYTES", "JSON", "DATE", "TIME",
        "DATETIME", "TIMESTAMP", "UUID", "TOKENLIST", "INTERVAL", "ARRAY", "STRUCT", "MICROSECOND", "MILLISECOND",
        "NANOSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "DAYOFWEEK", "DAYOFYEAR", "WEEK", "ISOWEEK", "MONTH",
        "QUARTER", "YEAR", "ISOYEAR", "SEQUENCE", "UTC",
    ]

    /// PostgreSQL type names and syntax words that are not keywords, lower-cased.
    static let postgreSQLNonColumnWords: Set<String> = [
        "text", "bigint", "int8", "bool", "bytea", "date", "float8", "float4", "double", "jsonb", "timestamptz", "uuid",
        "varying", "zone", "by", "nulls", "first", "last", "at", "escape", "over", "partition",
    ]

    /// The names an expression uses as columns: words that are not calls, field accesses,
    /// type names, date parts or named arguments.
    public var columnReferences: [Identifier] {
        return withTokens { tokens, buffer in
            func raw(_ i: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: buffer[tokens[i].start..<tokens[i].end]), as: UTF8.self) }
            var names: [Identifier] = []
            for i in tokens.indices {
                let token = tokens[i]
                let next = i + 1 < tokens.count ? tokens[i + 1] : nil
                if next?.kind == .leftParen || next?.kind == .dot { continue }
                if next?.kind == .operator, raw(i + 1) == "=>" { continue }
                if i > 0, tokens[i - 1].kind == .dot { continue }
                if i > 0, tokens[i - 1].kind == .identifier, raw(i - 1).uppercased() == "SEQUENCE" { continue }
                if dialect == .postgreSQL && token.kind == .identifier {
                    // After `::` comes a type; keywords and type names are not columns.
                    if i > 0, tokens[i - 1].kind == .operator, raw(i - 1) == "::" { continue }
                    let lowered = raw(i).lowercased()
                    if PostgreSQLKeywords.needsQuoting(lowered) || Self.postgreSQLNonColumnWords.contains(lowered) { continue }
                    if next?.kind == .string { continue }
                }
                switch token.kind {
                case .identifier where token.keyword?.isReserved != true && !Self.nonColumnWords.contains(raw(i).uppercased()):
                    names.append(Identifier(raw(i)))
                case .quotedIdentifier:
                    names.append(Identifier(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self)))
                default:
                    break
                }
            }
            return names
        }
    }
}

// MARK: - Property graph element tables

extension Expression {
    /// What a property graph body names: the table of each element of `NODE TABLES (...)` and
    /// `EDGE TABLES (...)`, each element's name (its `AS` alias, else its table), and the
    /// elements edges `REFERENCES`.
    public var graphElements: (tables: [ObjectName], elements: [ObjectName], referenced: [ObjectName]) {
        return withTokens { tokens, buffer in
            func raw(_ i: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: buffer[tokens[i].start..<tokens[i].end]), as: UTF8.self) }
            func isName(_ i: Int) -> Bool { i < tokens.count && (tokens[i].kind == .identifier || tokens[i].kind == .quotedIdentifier) }
            func name(at i: Int) -> (ObjectName, Int) {
                var parts: [Identifier] = []
                var j = i
                while isName(j) {
                    parts.append(
                        tokens[j].kind == .quotedIdentifier
                            ? Identifier(String(decoding: Literal.decode(tokens[j], in: buffer), as: UTF8.self)) : Identifier(raw(j)))
                    guard j + 2 < tokens.count, tokens[j + 1].kind == .dot else { return (ObjectName(parts), j + 1) }
                    j += 2
                }
                return (ObjectName(parts), j)
            }
            var found: [ObjectName] = []
            var elements: [ObjectName] = []
            var referenced: [ObjectName] = []
            /// Records the element starting at `i`; returns where scanning resumes.
            func element(at i: Int) -> Int {
                let (n, next) = name(at: i)
                found.append(n)
                if next + 1 < tokens.count, tokens[next].kind == .identifier, tokens[next].keyword == .as, isName(next + 1) {
                    let (alias, after) = name(at: next + 1)
                    elements.append(alias)
                    return after
                }
                elements.append(n)
                return next
            }
            var depth = 0
            var listDepth: Int?
            var i = 0
            while i < tokens.count {
                let token = tokens[i]
                if token.kind == .identifier, raw(i).uppercased() == "TABLES", i + 1 < tokens.count, tokens[i + 1].kind == .leftParen {
                    listDepth = depth + 1
                    depth += 1
                    i += 2
                    if isName(i) { i = element(at: i) }
                    continue
                }
                switch token.kind {
                case .leftParen, .leftBracket, .leftBrace: depth += 1
                case .rightParen, .rightBracket, .rightBrace:
                    if depth == listDepth { listDepth = nil }
                    depth -= 1
                case .comma where depth == listDepth:
                    if isName(i + 1) { i = element(at: i + 1); continue }
                default:
                    if token.kind == .identifier, token.keyword == .references, isName(i + 1) {
                        let (n, next) = name(at: i + 1)
                        referenced.append(n)
                        i = next
                        continue
                    }
                }
                i += 1
            }
            return (found, elements, referenced)
        }
    }
}

// MARK: - Tokens

extension Expression {
    /// Lexes the canonical text and hands its tokens, comments left out, to `body`. The text
    /// is canonical, so it always lexes.
    func withTokens<T>(_ body: ([Token], UnsafeBufferPointer<UInt8>) -> T) -> T {
        Self.withTokens(of: text, dialect: dialect) { tokens, _, buffer in body(tokens, buffer) }
    }

    /// Lexes `source` and hands its tokens (comments left out) and the lexer's diagnostics to `body`.
    static func withTokens<T>(of source: String, dialect: Dialect = .googleSQL, _ body: ([Token], [DDLDiagnostic], UnsafeBufferPointer<UInt8>) -> T) -> T {
        let file = SourceFile(name: "<expression>", text: source)
        return file.bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer, dialect: dialect)
            var tokens: [Token] = []
            while true {
                let token = lexer.next()
                if token.kind == .endOfInput { break }
                if token.kind != .comment { tokens.append(token) }
            }
            return body(tokens, lexer.diagnostics, buffer)
        }
    }
}
