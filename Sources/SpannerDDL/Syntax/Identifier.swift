/// A GoogleSQL identifier, with the case it was written in.
///
/// Equality here is exact; Spanner's case-insensitive name resolution belongs to the schema model.
public struct Identifier: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    /// The name as canonical DDL spells it: bare when possible, backtick-quoted when needed.
    public var description: String { IdentifierQuoting.spell(name) }

    /// The name as `dialect` spells it.
    public func spelled(in dialect: Dialect) -> String { IdentifierQuoting.spell(name, dialect: dialect) }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.name < rhs.name }
}

/// A possibly qualified name: `Singers`, `sales.Orders`, or a proto type `examples.music.Genre`.
public struct ObjectName: Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var parts: [Identifier]

    public init(_ parts: [Identifier]) { self.parts = parts }
    public init(_ name: Identifier) { self.parts = [name] }

    /// Splits on dots: only for names known to need no quoting, as in tests and generated code.
    public init(stringLiteral value: String) {
        self.parts = value.split(separator: ".", omittingEmptySubsequences: false).map { Identifier(String($0)) }
    }

    /// The last part: the object's own name without its schema.
    public var base: Identifier { parts.last ?? Identifier("") }

    public var description: String { parts.map(\.description).joined(separator: ".") }

    /// The name as `dialect` spells it.
    public func spelled(in dialect: Dialect) -> String { parts.map { $0.spelled(in: dialect) }.joined(separator: ".") }

    public static func < (lhs: ObjectName, rhs: ObjectName) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }
}

/// The one place that decides how an identifier is spelled in DDL.
public enum IdentifierQuoting {
    /// `name` unquoted when it is a plain word that is not reserved; otherwise backtick-quoted.
    public static func spell(_ name: String) -> String {
        needsQuotes(name) ? Literal.quotedIdentifier(name) : name
    }

    /// `name` as `dialect` spells it: PostgreSQL leaves a name bare only when it is lower-case
    /// `[a-z_][a-z0-9_]*` and no keyword, since a bare name folds to lower case when read back.
    public static func spell(_ name: String, dialect: Dialect) -> String {
        switch dialect {
        case .googleSQL: spell(name)
        case .postgreSQL: needsPostgreSQLQuotes(name) ? Literal.postgreSQLQuotedIdentifier(name) : name
        }
    }

    /// Whether PostgreSQL must quote `name` for it to read back unchanged.
    public static func needsPostgreSQLQuotes(_ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next() else { return true }
        guard (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || first == UInt8(ascii: "_") else { return true }
        while let b = utf8.next() {
            let ok =
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
                || b == UInt8(ascii: "_")
            if !ok { return true }
        }
        return PostgreSQLKeywords.needsQuoting(name)
    }

    /// Whether `name` must be quoted: empty, reserved, starting with a digit, or holding a byte
    /// outside `[A-Za-z0-9_]`.
    public static func needsQuotes(_ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next() else { return true }
        let startsWell =
            (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))
            || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || first == UInt8(ascii: "_")
        guard startsWell else { return true }
        while let b = utf8.next() {
            let ok =
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
            if !ok { return true }
        }
        var copy = name
        let keyword = copy.withUTF8 { Keyword.lookup($0) }
        return keyword?.isReserved ?? false
    }
}
