import ArgumentParser
import SpannerDDL

/// `ratchet format`: prints DDL in Ratchet's canonical form.
struct FormatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "format",
        abstract: "Print Spanner DDL in canonical form.",
        discussion: """
            Each statement is printed as Spanner's GetDatabaseDdl would, followed by ';' and a \
            blank line; comments are kept. With no FILE, reads standard input. Syntax errors are \
            reported as FILE:LINE:COL and nothing is written for that file. Exits 1 when --check \
            finds a file that is not canonical, 65 when a file has errors or cannot be read.
            """
    )

    @Argument(help: "DDL files to format. Reads standard input when none is given.")
    var files: [String] = []

    @Flag(help: "Print nothing; exit 1 if any file is not already canonical.")
    var check = false

    @Flag(help: "Rewrite each file in place (atomically) instead of printing it.")
    var write = false

    @OptionGroup var dialectOption: DialectOption

    func validate() throws {
        if check && write { throw ValidationError("--check and --write cannot be used together.") }
        if write && files.isEmpty { throw ValidationError("--write needs at least one FILE; standard input cannot be rewritten.") }
    }

    func run() async throws {
        var hadErrors = false
        var notCanonical: [String] = []
        let inputs: [String?] = files.isEmpty ? [nil] : files.map { $0 }
        let dialect = dialectOption.resolve()
        for path in inputs {
            let name = path ?? "<stdin>"
            let bytes: [UInt8]
            do {
                bytes = try path.map(FileIO.read) ?? FileIO.readStandardInput()
            } catch {
                Console.failure("\(error)")
                hadErrors = true
                continue
            }
            let source = SourceFile(name: name, bytes: bytes)
            let document = DDLDocument.parse(source, dialect: dialect)
            let table = document.diagnostics.isEmpty ? nil : source.makeLineTable()
            for diagnostic in document.diagnostics {
                Console.error(diagnostic.render(in: source, lineTable: table))
            }
            if document.hasErrors {
                hadErrors = true
                continue
            }
            let formatted = DDLPrinter.format(document, dialect: dialect)
            let unchanged = formatted.utf8.elementsEqual(bytes)
            if check {
                if !unchanged { notCanonical.append(name) }
            } else if write {
                guard !unchanged, let path else { continue }
                do {
                    try FileIO.writeAtomically(Array(formatted.utf8), to: path)
                    Console.error("formatted \(path)")
                } catch {
                    Console.failure("\(error)")
                    hadErrors = true
                }
            } else {
                Console.out(formatted)
            }
        }
        for name in notCanonical {
            Console.error("\(name): not in canonical form (run `ratchet format --write \(name)`)")
        }
        if hadErrors { throw ExitStatus.inputError }
        if !notCanonical.isEmpty { throw ExitStatus.differences }
    }
}
