import Crypto
import Foundation
import SpannerDDL

/// The revision file format: a header of `-- ratchet:key value` lines, then `-- +upgrade` and
/// `-- +downgrade` sections of DDL.
///
/// ```
/// -- ratchet:revision 3f2a9c1b7e4d
/// -- ratchet:parents 1a2b3c4d5e6f
/// -- ratchet:message add albums
/// -- ratchet:created 2026-11-25T10:00:00Z
///
/// -- +upgrade
/// CREATE TABLE Albums (...) ...;
///
/// -- +downgrade
/// DROP TABLE Albums;
/// ```
public enum RevisionFile {
    static let headerKeys = ["revision", "parents", "message", "created", "branch-labels", "depends-on"]
    static let upgradeMarker = "-- +upgrade"
    static let downgradeMarker = "-- +downgrade"
    /// Words that targets use, so no revision or label may be called that.
    static let reservedNames: Set<String> = ["head", "heads", "base", "current"]

    // MARK: - Header

    /// The header of a revision file; the sections are not parsed.
    public static func header(of bytes: [UInt8], file: String) throws(RatchetError) -> Revision {
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        var sawUpgrade = false
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let slice = trimmedBytes(bytes[start..<end])
            start = end + 1
            if slice.isEmpty { continue }
            // Only header lines become strings; the rest are compared as bytes.
            if slice.elementsEqual(upgradeMarker.utf8) { sawUpgrade = true; break }
            let isComment = slice.first == UInt8(ascii: "#") || (slice.count >= 2 && slice[slice.startIndex] == UInt8(ascii: "-") && slice[slice.startIndex + 1] == UInt8(ascii: "-"))
            if isComment && !slice.starts(with: "-- ratchet:".utf8) && !slice.elementsEqual(downgradeMarker.utf8) { continue }
            let line = String(decoding: slice, as: UTF8.self)
            if line == downgradeMarker {
                throw .revisionFile("-- +downgrade comes before -- +upgrade; the upgrade section is first", file: file, line: lineNumber)
            }
            guard line.hasPrefix("--") || line.hasPrefix("#") else {
                throw .revisionFile("a statement before '-- +upgrade': every statement belongs to the upgrade or the downgrade section", file: file, line: lineNumber)
            }
            guard line.hasPrefix("-- ratchet:") else { continue }
            let entry = line.dropFirst("-- ratchet:".count)
            let key = String(entry.prefix { $0 != " " && $0 != "\t" })
            let value = entry.dropFirst(key.count).trimmingSpaces
            guard headerKeys.contains(key) else {
                throw .revisionFile("unknown header 'ratchet:\(key)'; the header keys are \(headerKeys.joined(separator: ", "))", file: file, line: lineNumber)
            }
            guard values[key] == nil else {
                throw .revisionFile("'ratchet:\(key)' appears twice (first on line \(lines[key]!))", file: file, line: lineNumber)
            }
            values[key] = value
            lines[key] = lineNumber
        }
        guard let id = values["revision"], !id.isEmpty else {
            throw .revisionFile("missing '-- ratchet:revision ID' header: a revision file starts with its id", file: file, line: 1)
        }
        try checkName(id, what: "revision id", file: file, line: lines["revision"]!)
        let parents = words(values["parents"])
        let labels = words(values["branch-labels"])
        let dependsOn = words(values["depends-on"])
        for parent in parents { try checkName(parent, what: "parent id", file: file, line: lines["parents"]!) }
        for label in labels { try checkName(label, what: "branch label", file: file, line: lines["branch-labels"]!) }
        for other in dependsOn { try checkName(other, what: "depends-on entry", file: file, line: lines["depends-on"]!) }
        if Set(parents).count != parents.count {
            throw .revisionFile("a parent is listed twice", file: file, line: lines["parents"])
        }
        if parents.contains(id) {
            throw .revisionFile("revision \(id) lists itself as a parent", file: file, line: lines["parents"])
        }
        if let created = values["created"], !created.isEmpty, !isTimestamp(created) {
            throw .revisionFile("'ratchet:created \(created)' is not a UTC timestamp such as 2026-11-25T10:00:00Z", file: file, line: lines["created"])
        }
        guard sawUpgrade else {
            throw .revisionFile("missing the '-- +upgrade' line that starts the upgrade section", file: file)
        }
        return Revision(
            id: id, parents: parents, message: values["message"] ?? "", created: values["created"] ?? "",
            branchLabels: labels, dependsOn: dependsOn, file: file, headerLines: lines)
    }

    private static func words(_ value: String?) -> [String] {
        guard let value else { return [] }
        let list = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        return list == ["(none)"] ? [] : list
    }

    private static func checkName(_ name: String, what: String, file: String, line: Int) throws(RatchetError) {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
        }
        guard allowed, !name.isEmpty else {
            throw .revisionFile("'\(name)' is not a valid \(what): use letters, digits, '_' and '-'", file: file, line: line)
        }
        guard !reservedNames.contains(name.lowercased()) else {
            throw .revisionFile("'\(name)' cannot be a \(what): it is a target keyword", file: file, line: line)
        }
    }

    static func isTimestamp(_ text: String) -> Bool {
        // YYYY-MM-DDTHH:MM:SSZ, optionally with fractional seconds.
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return false }
        let pattern = Array("dddd-dd-ddTdd:dd:dd".utf8)
        for (i, p) in pattern.enumerated() {
            if p == UInt8(ascii: "d") {
                guard bytes[i] >= 0x30 && bytes[i] <= 0x39 else { return false }
            } else if bytes[i] != p {
                return false
            }
        }
        return true
    }

    private static func trimmedBytes(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = slice.startIndex, upper = slice.endIndex
        while lower < upper, slice[lower] == 0x20 || slice[lower] == 0x09 || slice[lower] == 0x0D { lower += 1 }
        while upper > lower, slice[upper - 1] == 0x20 || slice[upper - 1] == 0x09 || slice[upper - 1] == 0x0D { upper -= 1 }
        return slice[lower..<upper]
    }

    private static func trimmed(_ slice: ArraySlice<UInt8>) -> String {
        var lower = slice.startIndex, upper = slice.endIndex
        while lower < upper, slice[lower] == 0x20 || slice[lower] == 0x09 || slice[lower] == 0x0D { lower += 1 }
        while upper > lower, slice[upper - 1] == 0x20 || slice[upper - 1] == 0x09 || slice[upper - 1] == 0x0D { upper -= 1 }
        return String(decoding: slice[lower..<upper], as: UTF8.self)
    }

    // MARK: - Body

    /// Parses both sections. DDL errors are reported at their line and column in the file.
    public static func body(of bytes: [UInt8], file: String, dialect: Dialect = .googleSQL) throws(RatchetError) -> RevisionBody {
        let source = SourceFile(name: file, bytes: bytes)
        let document = DDLDocument.parse(source, dialect: dialect)
        if document.hasErrors {
            let table = source.makeLineTable()
            let first = document.errors[0]
            let rendered = document.errors.map { $0.render(in: source, lineTable: table) }
            var error = RatchetError(.revisionFile, first.message, at: first.location.map { "\(file):\($0.line):\($0.column)" } ?? file)
            error.details = Array(rendered.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init))
            throw error
        }
        let markers = markerOffsets(bytes)
        guard let upgradeStart = markers.upgrade else {
            throw .revisionFile("missing the '-- +upgrade' line that starts the upgrade section", file: file)
        }
        let downgradeStart = markers.downgrade ?? bytes.count
        var upgrade: [RevisionBody.Step] = [], downgrade: [RevisionBody.Step] = []
        for parsed in document.statements {
            let comments = parsed.leadingComments.map(\.text)
            var ignores: [String: String] = [:]
            for comment in comments {
                guard let (rule, reason) = try Self.lintIgnore(comment, file: file, line: parsed.location.line) else { continue }
                ignores[rule] = reason
            }
            let step = RevisionBody.Step(
                statement: parsed.statement, line: parsed.location.line, column: parsed.location.column,
                partitionedDML: comments.contains { Self.find("ratchet:partitioned-dml", in: $0) != nil },
                dataLoss: comments.lazy.compactMap(Self.dataLossNote).first, lintIgnores: ignores, dialect: dialect)
            if parsed.range.lowerBound < upgradeStart {
                throw .revisionFile("a statement before '-- +upgrade': every statement belongs to a section", file: file, line: parsed.location.line)
            }
            if parsed.range.lowerBound < downgradeStart { upgrade.append(step) } else { downgrade.append(step) }
        }
        var body = RevisionBody(upgrade: upgrade, downgrade: downgrade, upgradeChecksum: checksum(upgrade), downgradeChecksum: checksum(downgrade))
        body.warnings = document.diagnostics.filter { $0.severity == .warning }.map { diagnostic in
            "\(diagnostic.location.map { "\(file):\($0.line):\($0.column)" } ?? file): \(diagnostic.message)"
        }
        return body
    }

    /// `ratchet:lint-ignore RULE reason` in a comment: the rule and the reason, which are both
    /// required (an acknowledgement nobody can read back is not one).
    static func lintIgnore(_ comment: String, file: String, line: Int) throws(RatchetError) -> (String, String)? {
        guard let end = find("ratchet:lint-ignore", in: comment) else { return nil }
        let rest = Substring(comment.utf8[end...]).trimmingSpaces
        let rule = String(rest.prefix { $0 != " " && $0 != "\t" })
        let reason = String(rest.dropFirst(rule.count)).trimmingCharacters(in: .whitespaces)
        guard let known = LintRule(rawValue: rule) else {
            let hint = rule.isEmpty ? "name the rule" : "'\(rule)' is not a lint rule"
            throw .revisionFile(
                "`-- ratchet:lint-ignore RULE reason`: \(hint); the rules are listed by `ratchet lint --rules`", file: file, line: line)
        }
        guard !reason.isEmpty else {
            throw .revisionFile("`-- ratchet:lint-ignore \(known.id)` needs a reason after the rule, for the reviewer", file: file, line: line)
        }
        return (known.id, reason)
    }

    /// The text after `ratchet:data-loss` in a comment.
    static func dataLossNote(_ comment: String) -> String? {
        guard let end = find("ratchet:data-loss", in: comment) else { return nil }
        return Substring(comment.utf8[end...]).trimmingSpaces
    }

    /// Where `marker` (ASCII) ends in `text`, searching its UTF-8 bytes: Foundation's string
    /// search costs a fifth of reading a long history.
    static func find(_ marker: StaticString, in text: String) -> String.UTF8View.Index? {
        let needle = UnsafeBufferPointer(start: marker.utf8Start, count: marker.utf8CodeUnitCount)
        let bytes = text.utf8
        guard needle.count > 0, bytes.count >= needle.count else { return nil }
        var start = bytes.startIndex
        while let first = bytes[start...].firstIndex(of: needle[0]) {
            var i = first, j = 0
            while j < needle.count, i < bytes.endIndex, bytes[i] == needle[j] {
                i = bytes.index(after: i)
                j += 1
            }
            if j == needle.count { return i }
            start = bytes.index(after: first)
        }
        return nil
    }

    /// Offsets of the two marker lines.
    private static func markerOffsets(_ bytes: [UInt8]) -> (upgrade: Int?, downgrade: Int?) {
        var upgrade: Int?, downgrade: Int?
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = trimmed(bytes[start..<end])
            if line == upgradeMarker && upgrade == nil { upgrade = start }
            if line == downgradeMarker && downgrade == nil { downgrade = start }
            start = end + 1
        }
        return (upgrade, downgrade)
    }

    /// SHA-256 of the canonical statements: reformatting or commenting a section does not
    /// change it; changing what it does does.
    public static func checksum(_ steps: [RevisionBody.Step]) -> String {
        var text = ""
        for step in steps {
            if step.partitionedDML { text += "-- partitioned-dml\n" }
            text += step.sql + ";\n"
        }
        return sha256(text)
    }

    /// SHA-256 of a text's UTF-8, in lower-case hex.
    public static func sha256(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    // MARK: - Writing

    /// A statement as written into a section, with the comments that explain it.
    public struct Entry: Sendable, Hashable {
        public var comments: [String]
        public var sql: String
        public init(comments: [String] = [], sql: String) {
            self.comments = comments
            self.sql = sql
        }
    }

    /// The text of a revision file.
    public static func render(_ revision: Revision, upgrade: [Entry], downgrade: [Entry]) -> String {
        var out = "-- ratchet:revision \(revision.id)\n"
        out += "-- ratchet:parents \(revision.parents.joined(separator: " "))\n"
        out += "-- ratchet:message \(revision.message.replacingOccurrences(of: "\n", with: " "))\n"
        out += "-- ratchet:created \(revision.created)\n"
        if !revision.branchLabels.isEmpty { out += "-- ratchet:branch-labels \(revision.branchLabels.joined(separator: " "))\n" }
        if !revision.dependsOn.isEmpty { out += "-- ratchet:depends-on \(revision.dependsOn.joined(separator: " "))\n" }
        func section(_ marker: String, _ entries: [Entry]) {
            out += "\n\(marker)\n"
            for entry in entries {
                for comment in entry.comments { out += "-- \(comment)\n" }
                out += entry.sql + ";\n"
            }
        }
        section(upgradeMarker, upgrade)
        section(downgradeMarker, downgrade)
        return out
    }

    /// `<created>_<revision>_<slug>.sql`, with the timestamp's punctuation removed so that files
    /// sort by creation.
    public static func fileName(for revision: Revision) -> String {
        let stamp = revision.created.filter { $0.isNumber }
        var slug = ""
        for character in revision.message.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty && slug.last != "_" {
                slug.append("_")
            }
            if slug.count >= 40 { break }
        }
        while slug.last == "_" { slug.removeLast() }
        return "\(stamp)_\(revision.id)\(slug.isEmpty ? "" : "_" + slug).sql"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
