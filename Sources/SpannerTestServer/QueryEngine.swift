import Foundation
import SpannerDDL
import SpannerSchema

/// The part of GoogleSQL the server evaluates over the rows it holds: enough for the
/// pre-check queries a client sends before validating statements.
///
/// `SELECT COUNT(*) [AS n] | cols | 1 FROM table [AS a] | (query) [WHERE expr]
/// [GROUP BY cols HAVING COUNT(*) > k] [LIMIT n]`, where expr has AND, OR, NOT, comparisons,
/// IS [NOT] NULL, [NOT] EXISTS (query), CHAR_LENGTH, BYTE_LENGTH, LOWER, UPPER, literals and
/// @parameters, with SQL's three-valued logic. Anything else is an INVALID_ARGUMENT naming it.
struct QueryEngine {
    enum Value: Hashable {
        case null, int(Int64), double(Double), string(String), bool(Bool), bytes(Data)
    }

    struct Failure: Error { var message: String }

    /// Rows of a table, with the table's column types.
    let tables: (String) -> (table: Table, rows: [[String: JSON]])?
    let params: [String: JSON]
    /// PostgreSQL quotes names with `"`, strings with `'` (doubled to escape), and numbers
    /// parameters `$1`, `$2` (sent as `p1`, `p2`).
    var dialect: Dialect = .googleSQL

    struct Result {
        var columns: [(name: String, type: String)]
        var rows: [[Value]]
    }

    func run(_ sql: String) throws -> Result {
        var parser = Parser(tokens: try Self.tokenize(sql, dialect: dialect))
        let query = try parser.query()
        guard parser.atEnd else { throw Failure(message: "unexpected \(parser.peek ?? "") in \(sql)") }
        return try evaluate(query, outer: [:])
    }

    // MARK: - Syntax

    indirect enum Expr {
        case value(Value)
        case column(qualifier: String?, name: String)
        case parameter(String)
        case call(String, [Expr])
        case not(Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case compare(String, Expr, Expr)
        case isNull(Expr, negated: Bool)
        case exists(Query)
        case countStar
    }

    final class Query {
        var select: [(expr: Expr, name: String)] = []
        var source: Source = .table("", alias: nil)
        var filter: Expr?
        var groupBy: [Expr] = []
        var having: (op: String, count: Int)?
        var limit: Int?
    }

    enum Source {
        case table(String, alias: String?)
        case subquery(Query)
    }

    static func tokenize(_ sql: String, dialect: Dialect = .googleSQL) throws -> [String] {
        var tokens: [String] = []
        let characters = Array(sql)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace {
                i += 1
            } else if dialect == .postgreSQL && (c == "'" || c == "\"") {
                // A doubled quote stands for itself; a double-quoted token is a name.
                var j = i + 1
                var text = ""
                while j < characters.count {
                    if characters[j] == c {
                        if j + 1 < characters.count && characters[j + 1] == c {
                            text.append(c)
                            j += 2
                            continue
                        }
                        break
                    }
                    text.append(characters[j])
                    j += 1
                }
                guard j < characters.count else { throw Failure(message: "unterminated quoted text in \(sql)") }
                tokens.append(c == "'" ? "'" + text : text)
                i = j + 1
            } else if dialect == .postgreSQL && c == "$" {
                var j = i + 1
                while j < characters.count, characters[j].isNumber { j += 1 }
                guard j > i + 1 else { throw Failure(message: "a parameter is $ and a number, in \(sql)") }
                tokens.append("@p" + String(characters[(i + 1)..<j]))
                i = j
            } else if dialect == .postgreSQL && (c == "`" || c == "@") {
                throw Failure(message: "syntax error at or near \"\(c)\" (PostgreSQL quotes names with \" and numbers parameters $1, $2, ...)")
            } else if dialect == .googleSQL && c == "$" {
                throw Failure(message: "Syntax error: Unexpected \"$\" (GoogleSQL names parameters @name)")
            } else if c == "'" || c == "\"" {
                var j = i + 1
                var text = ""
                while j < characters.count, characters[j] != c {
                    if characters[j] == "\\", j + 1 < characters.count { j += 1 }
                    text.append(characters[j])
                    j += 1
                }
                guard j < characters.count else { throw Failure(message: "unterminated string in \(sql)") }
                tokens.append("'" + text)
                i = j + 1
            } else if c == "`" {
                guard let end = characters[(i + 1)...].firstIndex(of: "`") else { throw Failure(message: "unterminated identifier in \(sql)") }
                tokens.append(String(characters[(i + 1)..<end]))
                i = end + 1
            } else if c.isLetter || c == "_" || c == "@" {
                var j = i + 1
                while j < characters.count, characters[j].isLetter || characters[j].isNumber || characters[j] == "_" { j += 1 }
                tokens.append(String(characters[i..<j]))
                i = j
            } else if c.isNumber {
                var j = i + 1
                while j < characters.count, characters[j].isNumber || characters[j] == "." { j += 1 }
                tokens.append(String(characters[i..<j]))
                i = j
            } else if i + 1 < characters.count, ["<=", ">=", "!=", "<>"].contains(String(characters[i...(i + 1)])) {
                tokens.append(String(characters[i...(i + 1)]))
                i += 2
            } else if "(),.*=<>".contains(c) {
                tokens.append(String(c))
                i += 1
            } else {
                throw Failure(message: "the test server does not understand '\(c)' in \(sql)")
            }
        }
        return tokens
    }

    struct Parser {
        var tokens: [String]
        var position = 0

        var atEnd: Bool { position >= tokens.count }
        var peek: String? { atEnd ? nil : tokens[position] }
        func at(_ word: String) -> Bool { peek?.uppercased() == word }
        mutating func take() -> String {
            defer { position += 1 }
            return tokens[position]
        }
        mutating func accept(_ word: String) -> Bool {
            guard at(word) else { return false }
            position += 1
            return true
        }
        mutating func expect(_ word: String) throws {
            guard accept(word) else { throw Failure(message: "expected \(word), found \(peek ?? "the end")") }
        }

        mutating func query() throws -> Query {
            let query = Query()
            try expect("SELECT")
            repeat {
                let expr = try expression()
                var name = ""
                if accept("AS") { name = take() } else if case .column(_, let column) = expr { name = column }
                query.select.append((expr, name))
            } while accept(",")
            try expect("FROM")
            if accept("(") {
                query.source = .subquery(try self.query())
                try expect(")")
                // PostgreSQL requires a derived table's alias; nothing refers to it here.
                if accept("AS") { _ = take() }
            } else {
                let table = take()
                var alias: String?
                if accept("AS") { alias = take() }
                query.source = .table(table, alias: alias)
            }
            if accept("WHERE") { query.filter = try expression() }
            if accept("GROUP") {
                try expect("BY")
                repeat { query.groupBy.append(try expression()) } while accept(",")
                if accept("HAVING") {
                    guard case .countStar = try primary() else { throw Failure(message: "HAVING takes COUNT(*) > n here") }
                    let op = take()
                    guard let count = Int(take()) else { throw Failure(message: "HAVING COUNT(*) takes a number") }
                    query.having = (op, count)
                }
            }
            if accept("LIMIT") {
                guard let limit = Int(take()) else { throw Failure(message: "LIMIT takes a number") }
                query.limit = limit
            }
            return query
        }

        mutating func expression() throws -> Expr {
            var left = try conjunction()
            while accept("OR") { left = .or(left, try conjunction()) }
            return left
        }

        mutating func conjunction() throws -> Expr {
            var left = try negation()
            while accept("AND") { left = .and(left, try negation()) }
            return left
        }

        mutating func negation() throws -> Expr {
            if accept("NOT") { return .not(try negation()) }
            return try predicate()
        }

        mutating func predicate() throws -> Expr {
            if accept("EXISTS") {
                try expect("(")
                let query = try self.query()
                try expect(")")
                return .exists(query)
            }
            let left = try primary()
            if accept("IS") {
                let negated = accept("NOT")
                try expect("NULL")
                return .isNull(left, negated: negated)
            }
            if let op = peek, ["=", "!=", "<>", "<", "<=", ">", ">="].contains(op) {
                position += 1
                return .compare(op, left, try primary())
            }
            return left
        }

        mutating func primary() throws -> Expr {
            guard let token = peek else { throw Failure(message: "unexpected end of query") }
            if accept("(") {
                let inner = try expression()
                try expect(")")
                return inner
            }
            position += 1
            if token.hasPrefix("'") { return .value(.string(String(token.dropFirst()))) }
            if token.hasPrefix("@") { return .parameter(String(token.dropFirst())) }
            if let int = Int64(token) { return .value(.int(int)) }
            if let double = Double(token), token.first?.isNumber == true { return .value(.double(double)) }
            switch token.uppercased() {
            case "NULL": return .value(.null)
            case "TRUE": return .value(.bool(true))
            case "FALSE": return .value(.bool(false))
            default: break
            }
            if accept("(") {
                if token.uppercased() == "COUNT" && accept("*") {
                    try expect(")")
                    return .countStar
                }
                var arguments: [Expr] = []
                if !at(")") { repeat { arguments.append(try expression()) } while accept(",") }
                try expect(")")
                return .call(token.uppercased(), arguments)
            }
            if accept(".") { return .column(qualifier: token, name: take()) }
            return .column(qualifier: nil, name: token)
        }
    }

    // MARK: - Evaluation

    /// A row in scope: each alias (and the table's own name) to its columns' values.
    typealias Scope = [String: [String: Value]]

    func evaluate(_ query: Query, outer: Scope) throws -> Result {
        var scopes: [Scope] = []
        var sourceColumns: [String: String] = [:]
        switch query.source {
        case .table(let name, let alias):
            guard let (table, rows) = tables(name) else { throw Failure(message: "Table not found: \(name)") }
            for column in table.columns { sourceColumns[column.name.name.lowercased()] = Self.typeCode(column.type) }
            for row in rows {
                var values: [String: Value] = [:]
                for column in table.columns { values[column.name.name.lowercased()] = Self.value(row.first { $0.key.caseInsensitiveCompare(column.name.name) == .orderedSame }?.value ?? .null, column.type) }
                var scope = outer
                scope[(alias ?? name).lowercased()] = values
                scope[""] = values
                scopes.append(scope)
            }
        case .subquery(let inner):
            let result = try evaluate(inner, outer: outer)
            for column in result.columns { sourceColumns[column.name.lowercased()] = column.type }
            for row in result.rows {
                var values: [String: Value] = [:]
                for (index, column) in result.columns.enumerated() { values[column.name.lowercased()] = row[index] }
                var scope = outer
                scope[""] = values
                scopes.append(scope)
            }
        }
        if let filter = query.filter { scopes = try scopes.filter { try truth(filter, $0) == true } }
        if !query.groupBy.isEmpty {
            var groups: [[Value]: (scope: Scope, count: Int)] = [:]
            var order: [[Value]] = []
            for scope in scopes {
                let key = try query.groupBy.map { try value($0, scope) }
                if groups[key] == nil { order.append(key) }
                groups[key, default: (scope, 0)].count += 1
            }
            var kept: [Scope] = []
            for key in order {
                guard let group = groups[key] else { continue }
                if let having = query.having, !Self.compare(having.op, .int(Int64(group.count)), .int(Int64(having.count))) { continue }
                kept.append(group.scope)
            }
            scopes = kept
        }
        let columns = query.select.map { item -> (name: String, type: String) in
            switch item.expr {
            case .countStar: (item.name.isEmpty ? "count" : item.name, "INT64")
            case .column(_, let name): (item.name, sourceColumns[name.lowercased()] ?? "STRING")
            default: (item.name, "INT64")
            }
        }
        if query.select.count == 1, case .countStar = query.select[0].expr, query.groupBy.isEmpty {
            return Result(columns: columns, rows: [[.int(Int64(scopes.count))]])
        }
        var rows = try scopes.map { scope in try query.select.map { try value($0.expr, scope) } }
        if let limit = query.limit { rows = Array(rows.prefix(limit)) }
        return Result(columns: columns, rows: rows)
    }

    func value(_ expr: Expr, _ scope: Scope) throws -> Value {
        switch expr {
        case .value(let value): return value
        case .parameter(let name):
            guard let parameter = params[name] else { throw Failure(message: "No value for parameter @\(name)") }
            switch parameter {
            case .string(let text): return .string(text)
            case .number(let number): return .double(number)
            case .bool(let flag): return .bool(flag)
            default: return .null
            }
        case .column(let qualifier, let name):
            guard let row = scope[(qualifier ?? "").lowercased()], let value = row[name.lowercased()] else {
                throw Failure(message: "Unrecognized name: \(qualifier.map { "\($0)." } ?? "")\(name)")
            }
            return value
        case .call(let function, let arguments):
            let values = try arguments.map { try value($0, scope) }
            guard let first = values.first else { throw Failure(message: "\(function) takes an argument") }
            if first == .null { return .null }
            switch (function, first) {
            case ("CHAR_LENGTH", .string(let text)), ("LENGTH", .string(let text)): return .int(Int64(text.count))
            case ("BYTE_LENGTH", .bytes(let data)), ("LENGTH", .bytes(let data)), ("OCTET_LENGTH", .bytes(let data)): return .int(Int64(data.count))
            case ("BYTE_LENGTH", .string(let text)), ("OCTET_LENGTH", .string(let text)): return .int(Int64(text.utf8.count))
            case ("LOWER", .string(let text)): return .string(text.lowercased())
            case ("UPPER", .string(let text)): return .string(text.uppercased())
            default: throw Failure(message: "the test server does not evaluate \(function) here")
            }
        case .countStar: throw Failure(message: "COUNT(*) is only understood as the whole select list or in HAVING")
        default:
            return try truth(expr, scope).map(Value.bool) ?? .null
        }
    }

    /// SQL's three-valued truth: nil is unknown.
    func truth(_ expr: Expr, _ scope: Scope) throws -> Bool? {
        switch expr {
        case .not(let inner): return try truth(inner, scope).map { !$0 }
        case .and(let a, let b):
            let left = try truth(a, scope), right = try truth(b, scope)
            if left == false || right == false { return false }
            return left == nil || right == nil ? nil : true
        case .or(let a, let b):
            let left = try truth(a, scope), right = try truth(b, scope)
            if left == true || right == true { return true }
            return left == nil || right == nil ? nil : false
        case .isNull(let inner, let negated): return (try value(inner, scope) == .null) != negated
        case .exists(let query): return try !evaluate(query, outer: scope).rows.isEmpty
        case .compare(let op, let a, let b):
            let left = try value(a, scope), right = try value(b, scope)
            if left == .null || right == .null { return nil }
            return Self.compare(op, left, right)
        default:
            switch try value(expr, scope) {
            case .bool(let flag): return flag
            case .null: return nil
            default: throw Failure(message: "not a condition")
            }
        }
    }

    static func compare(_ op: String, _ a: Value, _ b: Value) -> Bool {
        let order: ComparisonResult
        switch (a, b) {
        case (.int(let x), .int(let y)): order = x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
        case (.int(let x), .double(let y)): order = Double(x) < y ? .orderedAscending : Double(x) > y ? .orderedDescending : .orderedSame
        case (.double(let x), .int(let y)): order = x < Double(y) ? .orderedAscending : x > Double(y) ? .orderedDescending : .orderedSame
        case (.double(let x), .double(let y)): order = x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
        case (.string(let x), .string(let y)): order = x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
        case (.bool(let x), .bool(let y)): order = x == y ? .orderedSame : (!x ? .orderedAscending : .orderedDescending)
        default: order = a == b ? .orderedSame : .orderedAscending
        }
        switch op {
        case "=": return order == .orderedSame
        case "!=", "<>": return order != .orderedSame
        case "<": return order == .orderedAscending
        case "<=": return order != .orderedDescending
        case ">": return order == .orderedDescending
        default: return order != .orderedAscending
        }
    }

    // MARK: - Values

    static func typeCode(_ type: DataType) -> String {
        switch type {
        case .bool: "BOOL"
        case .int64: "INT64"
        case .float32, .float64: "FLOAT64"
        case .bytes: "BYTES"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        case .numeric: "NUMERIC"
        default: "STRING"
        }
    }

    static func value(_ json: JSON, _ type: DataType) -> Value {
        switch (json, type) {
        case (.null, _): .null
        case (.string(let text), .int64): Int64(text).map(Value.int) ?? .string(text)
        case (.number(let number), .int64): .int(Int64(number))
        case (.number(let number), _): .double(number)
        case (.string(let text), .bytes): Data(base64Encoded: text).map(Value.bytes) ?? .string(text)
        case (.string(let text), _): .string(text)
        case (.bool(let flag), _): .bool(flag)
        default: .null
        }
    }

    static func json(_ value: Value) -> JSON {
        switch value {
        case .null: .null
        case .int(let int): .string(String(int))
        case .double(let double): .number(double)
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .bytes(let data): .string(data.base64EncodedString())
        }
    }
}
