// libFuzzer entry point: lex, parse, print, re-parse, and print again, in both dialects.
//
// Built by Fuzz/run.sh together with the SpannerDDL sources as one module. It traps when the
// canonical output does not parse back to the same statements and comments, or when printing
// is not idempotent. Every input is read as GoogleSQL and as PostgreSQL.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for dialect in Dialect.allCases { roundTrip(bytes, dialect) }
    return 0
}

func roundTrip(_ bytes: [UInt8], _ dialect: Dialect) {
    let document = DDLDocument.parse(SourceFile(name: "fuzz", bytes: bytes), dialect: dialect)
    // Whatever parsed, even beside broken statements, must round-trip.
    var valid = document
    valid.diagnostics = []
    let printed = DDLPrinter.format(valid, dialect: dialect)
    let reparsed = DDLDocument.parse(printed, fileName: "reprinted", dialect: dialect)
    if reparsed.hasErrors {
        fatalError("\(dialect): canonical output does not parse: \(reparsed.errors.map(\.description))\n---\n\(printed)")
    }
    let before = document.statements.map { [$0.statement] }
    let after = reparsed.statements.map { [$0.statement] }
    if before != after {
        fatalError("\(dialect): statements changed by a round trip\n---\n\(printed)")
    }
    let commentsBefore = document.statements.map { ($0.leadingComments, $0.trailingComment, $0.columnComments) }
    let commentsAfter = reparsed.statements.map { ($0.leadingComments, $0.trailingComment, $0.columnComments) }
    for (a, b) in zip(commentsBefore, commentsAfter) where a.0 != b.0 || a.1 != b.1 || a.2 != b.2 {
        fatalError("\(dialect): comments moved in a round trip\n---\n\(printed)")
    }
    if document.trailingComments != reparsed.trailingComments {
        fatalError("\(dialect): trailing comments changed in a round trip\n---\n\(printed)")
    }
    let printedAgain = DDLPrinter.format(reparsed, dialect: dialect)
    if printedAgain != printed {
        fatalError("\(dialect): printing is not idempotent\n---\n\(printed)\n---\n\(printedAgain)")
    }
}
