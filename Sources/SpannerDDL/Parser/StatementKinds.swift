/// The statement kinds Spanner's GoogleSQL DDL has after each verb, for errors and suggestions.
///
/// Anything else after a verb is a syntax error: Spanner rejects it, so Ratchet does too, at its
/// location and with the closest real kind as a suggestion.
enum StatementKinds {
    static let verbs = ["CREATE", "ALTER", "DROP", "RENAME", "GRANT", "REVOKE", "ANALYZE", "INSERT", "UPDATE", "DELETE"]
    static let create = [
        "TABLE", "INDEX", "UNIQUE INDEX", "NULL_FILTERED INDEX", "SEARCH INDEX", "VECTOR INDEX", "VIEW", "CHANGE STREAM",
        "SEQUENCE", "ROLE", "SCHEMA", "MODEL", "PROTO BUNDLE", "PLACEMENT", "LOCALITY GROUP", "PROPERTY GRAPH", "FUNCTION",
    ]
    static let createOrReplace = ["VIEW", "MODEL", "PROPERTY GRAPH", "FUNCTION"]
    static let alter = [
        "TABLE", "INDEX", "SEARCH INDEX", "VECTOR INDEX", "CHANGE STREAM", "SEQUENCE", "DATABASE", "MODEL", "PROTO BUNDLE",
        "PLACEMENT", "LOCALITY GROUP", "STATISTICS", "SCHEMA",
    ]
    static let drop = Drop.Kind.allCases.map(\.rawValue)

    /// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        guard !word.isEmpty else { return nil }
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word.utf8), Array(candidate.utf8))
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        // A third of the word may be wrong: TABEL, INDX, SEQENCE, but not an unrelated word.
        return distance <= max(1, candidate.utf8.count / 3) ? candidate : nil
    }

    /// Levenshtein distance with adjacent transpositions counted once (TABEL -> TABLE is 1).
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow = [Int](repeating: 0, count: b.count + 1)
        var row = Array(0...b.count)
        var twoBack = row
        for i in 1...a.count {
            twoBack = previousRow
            previousRow = row
            row = [Int](repeating: 0, count: b.count + 1)
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], twoBack[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}

extension Parser {
    /// The error for a verb followed by something that is not one of its statement kinds.
    ///
    /// The suggestion compares the next one and two words with the real kinds, so that
    /// `CREATE TABEL` suggests `CREATE TABLE` and `CREATE SERCH INDEX` suggests `CREATE SEARCH INDEX`.
    func unknownStatement(verb: String, kinds: [String]) -> DDLDiagnostic {
        var error = unexpected("\(verb) followed by " + Self.listing(kinds))
        let first = peek(), second = peek(1)
        var guesses: [String] = []
        if first.kind == .identifier {
            let one = text(first).uppercased()
            if second.kind == .identifier { guesses.append(one + " " + text(second).uppercased()) }
            guesses.append(one)
        }
        for guess in guesses {
            if let close = StatementKinds.closest(to: guess, among: kinds) {
                error.message += "; did you mean \(verb) \(close)?"
                break
            }
        }
        error.kind = .unknownStatement
        return error
    }

    private static func listing(_ kinds: [String]) -> String {
        guard kinds.count > 1 else { return kinds.first ?? "" }
        return kinds.dropLast().joined(separator: ", ") + " or " + kinds.last!
    }
}
