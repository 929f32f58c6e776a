// libFuzzer entry point: lex, parse, print, re-parse, and print again.
//
// Built by Fuzz/run.sh together with the SpannerDDL sources as one module. It traps when the
// canonical output does not parse back to the same statements and comments, or when printing
// is not idempotent.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document = DDLDocument.parse(SourceFile(name: "fuzz", bytes: bytes))
    // Whatever parsed, even beside broken statements, must round-trip.
    var valid = document
    valid.diagnostics = []
    let printed = DDLPrinter.format(valid)
    let reparsed = DDLDocument.parse(printed, fileName: "reprinted")
    if reparsed.hasErrors {
        fatalError("canonical output does not parse: \(reparsed.errors.map(\.description))\n---\n\(printed)")
    }
    let before = document.statements.map { [$0.statement] }
    let after = reparsed.statements.map { [$0.statement] }
    if before != after {
        fatalError("statements changed by a round trip\n---\n\(printed)")
    }
    let commentsBefore = document.statements.map { ($0.leadingComments, $0.trailingComment, $0.columnComments) }
    let commentsAfter = reparsed.statements.map { ($0.leadingComments, $0.trailingComment, $0.columnComments) }
    for (a, b) in zip(commentsBefore, commentsAfter) where a.0 != b.0 || a.1 != b.1 || a.2 != b.2 {
        fatalError("comments moved in a round trip\n---\n\(printed)")
    }
    if document.trailingComments != reparsed.trailingComments {
        fatalError("trailing comments changed in a round trip\n---\n\(printed)")
    }
    let printedAgain = DDLPrinter.format(reparsed)
    if printedAgain != printed {
        fatalError("printing is not idempotent\n---\n\(printed)\n---\n\(printedAgain)")
    }
    return 0
}
