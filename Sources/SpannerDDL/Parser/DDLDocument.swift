import Dispatch

/// A parsed DDL source: its statements, the comments after the last one, and every diagnostic.
///
/// Parsing never stops at the first error: each statement is parsed on its own, and a broken one
/// is reported and skipped, so that one run shows every problem in a file.
public struct DDLDocument: Sendable {
    public var source: SourceFile
    public var statements: [ParsedStatement]
    /// Comments after the last statement.
    public var trailingComments: [Comment]
    /// Errors and warnings, in source order, with line and column filled in.
    public var diagnostics: [DDLDiagnostic]

    public var errors: [DDLDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public init(source: SourceFile, statements: [ParsedStatement], trailingComments: [Comment] = [], diagnostics: [DDLDiagnostic] = []) {
        self.source = source
        self.statements = statements
        self.trailingComments = trailingComments
        self.diagnostics = diagnostics
    }

    /// Parses `text`, reporting diagnostics under `fileName`.
    public static func parse(_ text: String, fileName: String = "<input>", dialect: Dialect = .googleSQL) -> DDLDocument {
        parse(SourceFile(name: fileName, text: text), dialect: dialect)
    }

    /// Parses `source` in `dialect`'s grammar.
    public static func parse(_ source: SourceFile, dialect: Dialect = .googleSQL) -> DDLDocument {
        source.bytes.withUnsafeBufferPointer { buffer in
            var splitter = StatementSplitter(buffer: buffer, dialect: dialect)
            splitter.run()
            splitter.parsePending()
            var document = DDLDocument(source: source, statements: splitter.statements, trailingComments: splitter.trailingComments)
            var diagnostics = splitter.lexer.diagnostics + splitter.diagnostics
            if !diagnostics.isEmpty {
                diagnostics.sort { $0.offset < $1.offset }
                let table = source.makeLineTable()
                for i in diagnostics.indices {
                    diagnostics[i].location = table.location(of: diagnostics[i].offset, in: source.bytes)
                }
            }
            document.diagnostics = diagnostics
            return document
        }
    }

    /// The statements alone.
    public var statementList: [Statement] { statements.map(\.statement) }
}

// MARK: - Splitting and comment attachment

/// Walks the token stream once, cutting statements at `;`; then parses them, on every core
/// for a large file (statements parse independently), and attaches comments.
private struct StatementSplitter {
    let buffer: UnsafeBufferPointer<UInt8>
    var lexer: Lexer
    var statements: [ParsedStatement] = []
    /// Statements cut and lexed, waiting to be parsed.
    private var pending: [Pending] = []
    var trailingComments: [Comment] = []
    var diagnostics: [DDLDiagnostic] = []

    // Running line count, so that statement locations cost one pass over the file.
    private var lineScanOffset = 0
    private var lineScanLine = 1
    private var lineScanLineStart = 0

    /// Offsets of invalid UTF-8 sequences, ascending; almost always empty.
    private let invalidEncodingOffsets: [Int]

    init(buffer: UnsafeBufferPointer<UInt8>, dialect: Dialect) {
        self.buffer = buffer
        self.lexer = Lexer(bytes: buffer, dialect: dialect)
        self.invalidEncodingOffsets = Self.invalidUTF8Offsets(buffer)
    }

    /// Where the bytes are not UTF-8: one offset per bad sequence.
    private static func invalidUTF8Offsets(_ buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets: [Int] = []
        var i = 0
        let n = buffer.count
        while i < n {
            let b = buffer[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: offsets.append(i); i += 1; continue
            }
            guard i + length <= n else { offsets.append(i); break }
            var scalar = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            var valid = true
            for k in 1..<length {
                let c = buffer[i + k]
                if c & 0xC0 != 0x80 { valid = false; break }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if valid && (scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar)) { valid = false }
            minimum = 0
            if !valid { offsets.append(i); i += 1; continue }
            i += length
        }
        return offsets
    }

    /// The first invalid UTF-8 offset in `range`, if any.
    private func invalidEncoding(in range: Range<Int>) -> Int? {
        guard !invalidEncodingOffsets.isEmpty else { return nil }
        var low = 0, high = invalidEncodingOffsets.count
        while low < high {
            let mid = (low + high) / 2
            if invalidEncodingOffsets[mid] < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < invalidEncodingOffsets.count && range.contains(invalidEncodingOffsets[low]) ? invalidEncodingOffsets[low] : nil
    }

    mutating func run() {
        var tokens: [Token] = []
        var comments: [Token] = []
        tokens.reserveCapacity(256)
        var lexErrorsAtStart = 0
        while true {
            let token = lexer.next()
            switch token.kind {
            case .comment:
                comments.append(token)
                continue
            case .semicolon, .endOfInput:
                if tokens.isEmpty {
                    if token.kind == .endOfInput {
                        for token in comments {
                            if let bad = invalidEncoding(in: token.start..<token.end) {
                                diagnostics.append(.invalidEncoding(at: bad))
                            } else {
                                trailingComments.append(comment(token))
                            }
                        }
                        return
                    }
                    // A stray `;`: its comments wait for the next statement.
                    continue
                }
                tokens.append(token)
                let lexicallyBroken = lexer.diagnostics.count > lexErrorsAtStart
                finishStatement(tokens: tokens, comments: comments, lexicallyBroken: lexicallyBroken)
                tokens.removeAll(keepingCapacity: true)
                comments.removeAll(keepingCapacity: true)
                lexErrorsAtStart = lexer.diagnostics.count
                if token.kind == .endOfInput { return }
            default:
                tokens.append(token)
            }
        }
    }

    private mutating func finishStatement(tokens: [Token], comments: [Token], lexicallyBroken: Bool) {
        let first = tokens[0]
        let end = tokens[tokens.count - 1]
        // A comment on the same line right after the `;` belongs to this statement.
        var trailing: Comment?
        if end.kind == .semicolon {
            var lookahead = lexer
            let next = lookahead.next()
            if next.kind == .comment && !containsNewline(end.end, next.start) {
                trailing = comment(next)
                lexer = lookahead
            }
        }
        if lexicallyBroken { return }  // The lexer has reported it; parsing would only add noise.
        if let bad = invalidEncoding(in: first.start..<end.end) {
            diagnostics.append(.invalidEncoding(at: bad))
            return
        }

        pending.append(Pending(tokens: tokens, comments: comments, trailing: trailing, location: location(of: first.start)))
    }

    /// One statement cut from the source: its tokens, the comments before and inside it, and
    /// where it starts.
    private struct Pending: Sendable {
        var tokens: [Token]
        var comments: [Token]
        var trailing: Comment?
        var location: SourceLocation
    }

    private enum Outcome: Sendable {
        case parsed(ParsedStatement, warning: DDLDiagnostic?)
        case failed(DDLDiagnostic)
    }

    /// Parses every pending statement, in order of the source. Below a few hundred statements
    /// one thread does it; above, chunks go to every core.
    mutating func parsePending() {
        let count = pending.count
        var outcomes = [Outcome?](repeating: nil, count: count)
        let chunks = count < 512 ? 1 : 32
        outcomes.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            nonisolated(unsafe) let buffer = self.buffer
            let pending = self.pending
            let dialect = lexer.dialect
            let work = { @Sendable (chunk: Int) in
                for index in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                    slots[index] = Self.parse(pending[index], buffer: buffer, dialect: dialect)
                }
            }
            if chunks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
        }
        statements.reserveCapacity(count)
        for outcome in outcomes {
            switch outcome {
            case .parsed(let statement, let warning)?:
                statements.append(statement)
                if let warning { diagnostics.append(warning) }
            case .failed(let diagnostic)?:
                diagnostics.append(diagnostic)
            case nil:
                break
            }
        }
        pending = []
    }

    private static func parse(_ item: Pending, buffer: UnsafeBufferPointer<UInt8>, dialect: Dialect) -> Outcome {
        let tokens = item.tokens
        let first = tokens[0]
        var parser = Parser(buffer: buffer, tokens: tokens, dialect: dialect)
        var warning: DDLDiagnostic?
        let statement: Statement
        do {
            statement = try parser.parseStatement(warning: &warning)
        } catch {
            return .failed(error)
        }

        var leading: [Comment] = []
        var columnComments: [Int: ColumnComments] = [:]
        for token in item.comments {
            if token.start < first.start {
                leading.append(comment(token, in: buffer))
                continue
            }
            if let (column, isTrailing) = columnOwning(token, tokens: tokens, spans: parser.columnSpans, buffer: buffer) {
                var entry = columnComments[column] ?? ColumnComments()
                if isTrailing && entry.trailing == nil {
                    entry.trailing = comment(token, in: buffer)
                    columnComments[column] = entry
                    continue
                }
                if !isTrailing {
                    entry.leading.append(comment(token, in: buffer))
                    columnComments[column] = entry
                    continue
                }
            }
            leading.append(comment(token, in: buffer))
        }
        return .parsed(
            ParsedStatement(
                statement: statement, leadingComments: leading, trailingComment: item.trailing, columnComments: columnComments,
                range: first.start..<tokens[tokens.count - 1].start, location: item.location),
            warning: warning)
    }

    /// The column a comment inside a statement belongs to: the one whose first token follows it
    /// (leading), or the one it follows on the same line (trailing).
    private static func columnOwning(_ comment: Token, tokens: [Token], spans: [Range<Int>], buffer: UnsafeBufferPointer<UInt8>) -> (Int, trailing: Bool)? {
        guard !spans.isEmpty else { return nil }
        // The first token after the comment.
        var low = 0, high = tokens.count - 1
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].start > comment.start { high = mid } else { low = mid + 1 }
        }
        let next = tokens[low]
        let previous = low > 0 ? tokens[low - 1] : nil
        if let previous, !containsNewline(previous.end, comment.start, in: buffer),
            let column = spans.firstIndex(where: { $0.upperBound == previous.end })
        {
            return (column, true)
        }
        if let column = spans.firstIndex(where: { $0.lowerBound == next.start }) {
            return (column, false)
        }
        return nil
    }

    private func containsNewline(_ from: Int, _ to: Int) -> Bool {
        Self.containsNewline(from, to, in: buffer)
    }

    private static func containsNewline(_ from: Int, _ to: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = from
        while i < to {
            if buffer[i] == UInt8(ascii: "\n") { return true }
            i += 1
        }
        return false
    }

    private func comment(_ token: Token) -> Comment {
        Self.comment(token, in: buffer)
    }

    private static func comment(_ token: Token, in buffer: UnsafeBufferPointer<UInt8>) -> Comment {
        var end = token.end
        while end > token.start, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x09 || buffer[end - 1] == 0x0D { end -= 1 }
        return Comment(String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<end]), as: UTF8.self))
    }

    /// Line and column of `offset`, counting forward from the previous statement.
    private mutating func location(of offset: Int) -> SourceLocation {
        var i = lineScanOffset
        while i < offset {
            if buffer[i] == UInt8(ascii: "\n") {
                lineScanLine += 1
                lineScanLineStart = i + 1
            }
            i += 1
        }
        lineScanOffset = offset
        var column = 1
        var j = lineScanLineStart
        while j < offset {
            if buffer[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return SourceLocation(line: lineScanLine, column: column, offset: offset)
    }
}
