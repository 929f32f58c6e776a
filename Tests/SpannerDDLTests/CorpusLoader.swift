import Foundation
import SpannerDDL

/// Reads the test corpus shipped as a resource of this test target.
enum CorpusLoader {
    static var root: URL {
        Bundle.module.url(forResource: "Corpus", withExtension: nil)!
    }

    /// Every file in a corpus folder, sorted by name, as (name, bytes).
    static func files(in folder: String) -> [(name: String, bytes: [UInt8])] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { name in
            let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) ?? Data()
            return (name, [UInt8](data))
        }
    }

    static func text(_ path: String) -> String {
        let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// What a round trip must preserve: statements and every comment, in place.
struct RoundTripView: Equatable {
    var statements: [Statement]
    var leading: [[Comment]]
    var trailing: [Comment?]
    var columns: [[Int: ColumnComments]]
    var fileTrailing: [Comment]

    init(_ document: DDLDocument) {
        statements = document.statementList
        leading = document.statements.map(\.leadingComments)
        trailing = document.statements.map(\.trailingComment)
        columns = document.statements.map(\.columnComments)
        fileTrailing = document.trailingComments
    }
}
