/// An expression or query kept as its canonical token text.
///
/// Ratchet does not model GoogleSQL expressions; it keeps their tokens, spelled canonically
/// (reserved words upper-cased, literals in one quoting style, identifiers quoted only when
/// needed) and joined with canonical spacing, so that equal expressions compare equal and print
/// the same. Comments inside an expression are moved to the statement they belong to.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// Canonical text; parsing it again gives the same text.
    public var text: String
    /// The dialect the text is written in: how it lexes (quotes, casts) and how it prints.
    public var dialect: Dialect

    public init(canonicalText: String, dialect: Dialect = .googleSQL) {
        self.text = canonicalText
        self.dialect = dialect
    }

    public var description: String { text }

    /// Parses `source` as a stand-alone expression and returns its canonical form.
    ///
    /// Throws the first diagnostic when the text does not lex or its brackets do not balance.
    public init(parsing source: String, dialect: Dialect = .googleSQL) throws(DDLDiagnostic) {
        let result: Result<String, DDLDiagnostic> = Self.withTokens(of: source, dialect: dialect) { tokens, diagnostics, buffer in
            if let first = diagnostics.first { return .failure(first) }
            if let problem = ExpressionCanonicalizer.checkBalance(tokens[...], in: buffer) { return .failure(problem) }
            return .success(ExpressionCanonicalizer.canonicalText(tokens[...], in: buffer, dialect: dialect))
        }
        self.text = try result.get()
        self.dialect = dialect
    }

    /// The expression written in `target`'s dialect: names, quoting and strings re-spelled.
    ///
    /// Function names and type names are kept (folded to lower case for PostgreSQL); a function
    /// or cast that only one dialect has stays as it is, and the schema rules or Spanner report it.
    public func translated(to target: Dialect) -> Expression {
        guard target != dialect else { return self }
        let text = withTokens { tokens, buffer in
            ExpressionCanonicalizer.canonicalText(tokens[...], in: buffer, dialect: target, translatingFrom: dialect)
        }
        return Expression(canonicalText: text, dialect: target)
    }

    /// The identifiers the expression mentions, in order (function names excluded), for
    /// dependency analysis: a generated column, a CHECK or a view depends on the columns it names.
    public var referencedIdentifiers: [Identifier] {
        withTokens { tokens, buffer in
            var names: [Identifier] = []
            for (i, token) in tokens.enumerated() {
                let isCall = i + 1 < tokens.count && tokens[i + 1].kind == .leftParen
                // PostgreSQL's `x::text` names a type, not a column.
                if i > 0 && tokens[i - 1].kind == .operator && tokens[i - 1].end - tokens[i - 1].start == 2
                    && buffer[tokens[i - 1].start] == UInt8(ascii: ":")
                {
                    continue
                }
                switch token.kind {
                case .identifier where token.keyword?.isReserved != true && !isCall:
                    names.append(Identifier(String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<token.end]), as: UTF8.self)))
                case .quotedIdentifier where !isCall:
                    names.append(Identifier(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self)))
                default:
                    break
                }
            }
            return names
        }
    }
}
