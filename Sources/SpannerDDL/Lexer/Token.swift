/// The lexical class of a token.
public enum TokenKind: UInt8, Sendable, Hashable {
    /// An unquoted word; `Token.keyword` is set when the word is a keyword.
    case identifier
    /// A backtick-quoted identifier.
    case quotedIdentifier
    case string
    case bytes
    case integer
    case float
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, semicolon, dot
    /// Any operator: `=`, `<`, `>`, `<=`, `>=`, `!=`, `<>`, `+`, `-`, `*`, `/`, `||`, `=>`, `->`, `@`, ...
    case `operator`
    case comment
    /// A byte sequence the lexer could not classify; a diagnostic has been reported for it.
    case invalid
    case endOfInput
}

/// One token: a kind and a byte range of the source.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var keyword: Keyword?
    /// Byte offset of the first byte.
    public var start: Int
    /// Byte offset one past the last byte.
    public var end: Int

    @inlinable
    public init(kind: TokenKind, keyword: Keyword? = nil, start: Int, end: Int) {
        self.kind = kind
        self.keyword = keyword
        self.start = start
        self.end = end
    }

    /// Whether this is the given keyword (and not a quoted identifier spelled like it).
    @inlinable
    public func `is`(_ keyword: Keyword) -> Bool { self.keyword == keyword }
}
