/// A recursive-descent parser for one statement's tokens.
///
/// `DDLDocument` splits a source into statements and hands each one's tokens (comments removed,
/// ending with the `;` or end-of-input token) to a `Parser`. A syntax error throws, and the
/// document moves on to the next statement, so that every broken statement is reported.
struct Parser {
    let buffer: UnsafeBufferPointer<UInt8>
    let tokens: [Token]
    /// Which grammar the statement is read with.
    let dialect: Dialect
    private(set) var index = 0
    /// Byte ranges of `CREATE TABLE` columns, each including its comma: for attaching comments.
    var columnSpans: [Range<Int>] = []

    init(buffer: UnsafeBufferPointer<UInt8>, tokens: [Token], dialect: Dialect = .googleSQL) {
        precondition(!tokens.isEmpty, "a statement's tokens end with ';' or end of input")
        self.buffer = buffer
        self.tokens = tokens
        self.dialect = dialect
    }

    // MARK: - Cursor

    /// The token `offset` places ahead; the final `;` or end-of-input token past the end.
    @inline(__always)
    func peek(_ offset: Int = 0) -> Token {
        let i = index + offset
        return i < tokens.count ? tokens[i] : tokens[tokens.count - 1]
    }

    @inline(__always) func at(_ keyword: Keyword) -> Bool { peek().keyword == keyword }
    @inline(__always) func at(_ kind: TokenKind) -> Bool { peek().kind == kind }
    @inline(__always) func at(_ keyword: Keyword, _ next: Keyword) -> Bool {
        peek().keyword == keyword && peek(1).keyword == next
    }

    /// Whether the statement has no tokens left.
    var atEnd: Bool { index >= tokens.count - 1 }

    /// Goes back to the statement's first token.
    mutating func rewind() { index = 0 }

    @discardableResult
    mutating func consume() -> Token {
        let token = peek()
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Consumes the keyword if it is next.
    mutating func consume(_ keyword: Keyword) -> Bool {
        guard at(keyword) else { return false }
        index += 1
        return true
    }

    mutating func consume(_ kind: TokenKind) -> Bool {
        guard at(kind), !atEnd else { return false }
        index += 1
        return true
    }

    /// Consumes the operator spelled `text` if it is next.
    mutating func consumeOperator(_ text: StaticString) -> Bool {
        guard isOperator(peek(), text) else { return false }
        index += 1
        return true
    }

    mutating func expect(_ keyword: Keyword) throws(DDLDiagnostic) {
        guard consume(keyword) else { throw unexpected("\(keyword.rawValue)") }
    }

    mutating func expect(_ keywords: Keyword...) throws(DDLDiagnostic) {
        for keyword in keywords { try expect(keyword) }
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) throws(DDLDiagnostic) -> Token {
        guard at(kind), !atEnd else { throw unexpected(what) }
        return consume()
    }

    mutating func expectOperator(_ text: StaticString) throws(DDLDiagnostic) {
        guard consumeOperator(text) else { throw unexpected("'\(text)'") }
    }

    mutating func expectEnd() throws(DDLDiagnostic) {
        guard atEnd else { throw unexpected("end of statement") }
    }

    // MARK: - Diagnostics

    /// `expected <what>, found <the next token>` at the next token.
    func unexpected(_ what: String) -> DDLDiagnostic {
        let token = peek()
        return .expected(what, found: describe(token), at: token.start)
    }

    /// How a token is named in a message: `'foo'`, `keyword 'TABLE'`, `end of input`.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfInput: return "end of input"
        case .semicolon: return "';'"
        case .string: return "string literal"
        case .bytes: return "bytes literal"
        case .integer, .float: return "number '\(text(token))'"
        case .identifier:
            if let keyword = token.keyword, keyword.isReserved { return "reserved keyword '\(keyword.rawValue)'" }
            return "'\(text(token))'"
        default:
            let raw = text(token)
            return "'\(raw.count > 40 ? String(raw.prefix(40)) + "…" : raw)'"
        }
    }

    func text(_ token: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<token.end]), as: UTF8.self)
    }

    func isOperator(_ token: Token, _ text: StaticString) -> Bool {
        guard token.kind == .operator, token.end - token.start == text.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        for i in 0..<expected.count where buffer[token.start + i] != expected[i] { return false }
        return true
    }

    // MARK: - Names

    /// An identifier where the grammar expects a name: a bare word that is not reserved, or a
    /// backtick-quoted one.
    mutating func parseIdentifier(_ what: String) throws(DDLDiagnostic) -> Identifier {
        if dialect == .postgreSQL { return try parsePostgreSQLIdentifier(what) }
        let token = peek()
        switch token.kind {
        case .identifier where !(token.keyword?.isReserved ?? false):
            consume()
            return Identifier(text(token))
        case .quotedIdentifier:
            consume()
            return Identifier(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self))
        case .identifier:
            throw DDLDiagnostic.expected(
                what, found: "\(describe(token)) (quote it with backticks to use it as a name)", at: token.start)
        default:
            throw unexpected(what)
        }
    }

    /// Whether the next token can start a name.
    func atIdentifier() -> Bool {
        if dialect == .postgreSQL { return atPostgreSQLIdentifier() }
        let token = peek()
        return token.kind == .quotedIdentifier || (token.kind == .identifier && !(token.keyword?.isReserved ?? false))
    }

    /// `name` or `schema.name` (or a longer dotted path, for proto types).
    mutating func parseObjectName(_ what: String) throws(DDLDiagnostic) -> ObjectName {
        if dialect == .postgreSQL { return try parsePostgreSQLObjectName(what) }
        var parts = [try parseIdentifier(what)]
        while at(.dot) {
            consume()
            // After a dot any word is a name part, reserved or not (`a.ALL` is a valid path).
            let token = peek()
            if token.kind == .identifier {
                consume()
                parts.append(Identifier(text(token)))
            } else {
                parts.append(try parseIdentifier(what))
            }
        }
        // `` `schema.name` `` names an object in a named schema, as `schema.name` does.
        if parts.contains(where: { $0.name.contains(".") }) {
            parts = parts.flatMap { part -> [Identifier] in
                let pieces = part.name.split(separator: ".", omittingEmptySubsequences: false)
                guard pieces.count > 1, !pieces.contains(where: \.isEmpty) else { return [part] }
                return pieces.map { Identifier(String($0)) }
            }
        }
        return ObjectName(parts)
    }

    /// `(a, b, c)`: a parenthesized list of names; `allowEmpty` admits `()`.
    mutating func parseIdentifierList(_ what: String, allowEmpty: Bool = false) throws(DDLDiagnostic) -> [Identifier] {
        try expect(.leftParen, "'('")
        var names: [Identifier] = []
        if allowEmpty && consume(.rightParen) { return names }
        repeat {
            names.append(try parseIdentifier(what))
        } while consume(.comma)
        try expect(.rightParen, "',' or ')'")
        return names
    }

    /// `a, b, c` without parentheses.
    mutating func parseBareIdentifierList(_ what: String) throws(DDLDiagnostic) -> [Identifier] {
        var names = [try parseIdentifier(what)]
        while consume(.comma) { names.append(try parseIdentifier(what)) }
        return names
    }

    mutating func parseObjectNameList(_ what: String) throws(DDLDiagnostic) -> [ObjectName] {
        var names = [try parseObjectName(what)]
        while consume(.comma) { names.append(try parseObjectName(what)) }
        return names
    }

    /// `(a [ASC|DESC], ...)`.
    mutating func parseKeyPartList(allowEmpty: Bool) throws(DDLDiagnostic) -> [KeyPart] {
        try expect(.leftParen, "'('")
        var parts: [KeyPart] = []
        if allowEmpty && consume(.rightParen) { return parts }
        repeat {
            parts.append(try parseKeyPart())
        } while consume(.comma)
        try expect(.rightParen, "',' or ')'")
        return parts
    }

    mutating func parseKeyPart() throws(DDLDiagnostic) -> KeyPart {
        let column = try parseIdentifier("a column name")
        if consume(.desc) { return KeyPart(column: column, descending: true) }
        _ = consume(.asc)
        return KeyPart(column: column)
    }

    // MARK: - Literals

    /// A signed 64-bit integer literal, decimal or hexadecimal, with an optional minus sign.
    mutating func parseInt64(_ what: String) throws(DDLDiagnostic) -> Int64 {
        let negative = consumeOperator("-")
        let token = peek()
        guard token.kind == .integer else { throw unexpected(what) }
        consume()
        let raw = text(token)
        let magnitude: UInt64?
        if raw.count > 2, raw.hasPrefix("0x") || raw.hasPrefix("0X") {
            magnitude = UInt64(raw.dropFirst(2), radix: 16)
        } else {
            magnitude = UInt64(raw)
        }
        guard let magnitude else { throw DDLDiagnostic.outOfRange("\(raw) does not fit in INT64", at: token.start) }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw DDLDiagnostic.outOfRange("-\(raw) does not fit in INT64", at: token.start)
            }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw DDLDiagnostic.outOfRange("\(raw) does not fit in INT64", at: token.start) }
        return Int64(magnitude)
    }

    // MARK: - Expressions

    /// `( expression )`: the balanced tokens between the parentheses, canonically spelled.
    mutating func parseParenthesizedExpression(_ what: String = "an expression") throws(DDLDiagnostic) -> Expression {
        let open = try expect(.leftParen, "'('")
        let start = index
        var depth = 0
        while true {
            let token = peek()
            if atEnd { throw DDLDiagnostic.expected("')' to close the '(' of \(what)", found: describe(token), at: token.start) }
            if token.kind == .leftParen || token.kind == .leftBracket || token.kind == .leftBrace { depth += 1 }
            if token.kind == .rightParen || token.kind == .rightBracket || token.kind == .rightBrace {
                if depth == 0 {
                    guard token.kind == .rightParen else {
                        throw DDLDiagnostic.unbalanced("unbalanced '\(text(token))' in \(what)", at: token.start)
                    }
                    break
                }
                depth -= 1
            }
            consume()
        }
        let inner = tokens[start..<index]
        if inner.isEmpty { throw DDLDiagnostic.expected(what, found: "')'", at: peek().start) }
        if let problem = ExpressionCanonicalizer.checkBalance(inner, in: buffer) { throw problem }
        consume()  // ')'
        _ = open
        return Expression(canonicalText: ExpressionCanonicalizer.canonicalText(inner, in: buffer, dialect: dialect), dialect: dialect)
    }

    /// Tokens from here up to (not including) a token at depth 0 for which `stop` holds, or the end.
    mutating func parseExpression(_ what: String, uppercasing: Set<Keyword> = [], until stop: (Token) -> Bool) throws(DDLDiagnostic) -> Expression {
        let start = index
        var depth = 0
        while !atEnd {
            let token = peek()
            if depth == 0 && stop(token) { break }
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace:
                if depth == 0 { throw DDLDiagnostic.unbalanced("unbalanced '\(text(token))' in \(what)", at: token.start) }
                depth -= 1
            default: break
            }
            consume()
        }
        let slice = tokens[start..<index]
        if slice.isEmpty { throw unexpected(what) }
        if let problem = ExpressionCanonicalizer.checkBalance(slice, in: buffer) { throw problem }
        return Expression(
            canonicalText: ExpressionCanonicalizer.canonicalText(slice, in: buffer, uppercasing: uppercasing, dialect: dialect), dialect: dialect)
    }

    /// Everything left in the statement, as one expression (a view's query, a graph's body).
    mutating func parseRemainder(_ what: String, uppercasing: Set<Keyword> = []) throws(DDLDiagnostic) -> Expression {
        try parseExpression(what, uppercasing: uppercasing) { _ in false }
    }

    // MARK: - Options

    /// `OPTIONS ( name = value [, ...] )`, the `OPTIONS` keyword included.
    mutating func parseOptions() throws(DDLDiagnostic) -> OptionList {
        try expect(.options)
        return try parseOptionEntries()
    }

    /// `( name = value [, ...] )`: the entries of `OPTIONS`, or of PostgreSQL's `WITH` and `SET`.
    mutating func parseOptionEntries() throws(DDLDiagnostic) -> OptionList {
        try expect(.leftParen, "'('")
        var entries: [OptionList.Option] = []
        // Spanner's grammar has no empty OPTIONS list.
        if at(.rightParen) { throw unexpected("an option name") }
        repeat {
            let name = try parseIdentifier("an option name")
            try expectOperator("=")
            let value = try parseExpression("a value for option '\(name.name)'") { token in
                token.kind == .comma || token.kind == .rightParen
            }
            entries.append(OptionList.Option(name: name, value: value))
        } while consume(.comma)
        try expect(.rightParen, "',' or ')'")
        return OptionList(entries)
    }

    /// `ON DELETE CASCADE` or `ON DELETE NO ACTION`, after `ON DELETE` has been seen.
    mutating func parseOnDeleteAction() throws(DDLDiagnostic) -> OnDelete {
        if consume(.cascade) { return .cascade }
        if consume(.no) {
            try expect(.action)
            return .noAction
        }
        throw unexpected("CASCADE or NO ACTION")
    }

    /// An optional `ON DELETE ...` clause.
    mutating func parseOptionalOnDelete() throws(DDLDiagnostic) -> OnDelete? {
        guard at(.on, .delete) else { return nil }
        consume()
        consume()
        return try parseOnDeleteAction()
    }

    mutating func parseIfNotExists() throws(DDLDiagnostic) -> Bool {
        guard consume(.if) else { return false }
        try expect(.not, .exists)
        return true
    }

    mutating func parseIfExists() throws(DDLDiagnostic) -> Bool {
        guard consume(.if) else { return false }
        try expect(.exists)
        return true
    }
}
