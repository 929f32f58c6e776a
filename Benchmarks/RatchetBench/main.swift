// Release-mode benchmarks for Ratchet.
//
//   swift run -c release ratchet-bench parse-print [--tables N] [--runs R] [--postgresql]
//   swift run -c release ratchet-bench generate [--tables N] > schema.sql
//   swift run -c release ratchet-bench schema-load [--declaring]
//   swift run -c release ratchet-bench diff [--plan-only] [--write-to DIR]
//   swift run -c release ratchet-bench live-upgrade [--revisions N] [--polls P]
//   swift run -c release ratchet-bench fleet [--members M] [--revisions N] [--parallel 1,8,32] [--admin-rate R] [--latency-ms L]
//   swift run -c release ratchet-bench serve [--members M] [--polls P]   (the test server alone, for trying commands)
//
// parse-print generates the synthetic schema (10 MB at the default 5,000 tables), then parses
// and prints it R times and reports the best and median times, MB/s and the peak RSS.

import Foundation
import RatchetCore
import SchemaDiff
import SchemaGenerator
import SpannerClient
import SpannerDDL
import SpannerSchema
import SpannerTestServer
import BehaviourCorpus

#if canImport(Glibc)
    import Glibc
#endif

func option(_ name: String, default value: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let n = Int(args[i + 1]) else { return value }
    return n
}

/// Peak resident set size in MB, from /proc (VmHWM).
func peakRSSMegabytes() -> Double {
    #if os(Linux)
        guard let file = fopen("/proc/self/status", "r") else { return -1 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                let digits = text.filter(\.isNumber)
                return (Double(digits) ?? 0) / 1024
            }
        }
    #endif
    return -1
}

/// `value` with `digits` decimals, without Foundation.
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(abs(scaled).truncatingRemainder(dividingBy: scale))
    guard digits > 0 else { return String(whole) }
    let fractionText = String(fraction)
    return "\(whole).\(String(repeating: "0", count: max(0, digits - fractionText.count)))\(fractionText)"
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// A project of `count` chained revisions in a temporary directory: a table and its index each,
/// and every third also indexes an existing table (a backfill).
func benchProject(revisions count: Int) throws -> (Project, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-bench-live-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("versions"), withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: directory.path + "/ratchet.toml", contents: Data("migrations = \"versions\"\n".utf8))
    var parent = ""
    for i in 0..<count {
        let id = String(format: "%012x", 0xB0000000 + i)
        var upgrade = [
            RevisionFile.Entry(sql: "CREATE TABLE T\(i) (Id INT64 NOT NULL, Name STRING(100), Amount NUMERIC) PRIMARY KEY(Id)"),
            RevisionFile.Entry(sql: "CREATE INDEX T\(i)ByName ON T\(i)(Name)"),
        ]
        var downgrade = [RevisionFile.Entry(sql: "DROP INDEX T\(i)ByName"), RevisionFile.Entry(sql: "DROP TABLE T\(i)")]
        if i > 0 && i % 3 == 0 {
            upgrade.append(RevisionFile.Entry(sql: "CREATE INDEX T\(i - 1)ByAmount ON T\(i - 1)(Amount)"))
            downgrade.insert(RevisionFile.Entry(sql: "DROP INDEX T\(i - 1)ByAmount"), at: 0)
        }
        let revision = Revision(id: id, parents: parent.isEmpty ? [] : [parent], message: "step \(i)", created: String(format: "2026-01-01T00:%02d:%02dZ", i / 60, i % 60))
        FileManager.default.createFile(
            atPath: directory.path + "/versions/" + RevisionFile.fileName(for: revision),
            contents: Data(RevisionFile.render(revision, upgrade: upgrade, downgrade: downgrade).utf8))
        parent = id
    }
    return (try Project(config: ProjectConfig.load(path: directory.path + "/ratchet.toml")), directory)
}

var shape = SyntheticSchema.Shape()
shape.tables = option("--tables", default: shape.tables)
let runs = option("--runs", default: 5)
let mode = CommandLine.arguments.dropFirst().first ?? "parse-print"

switch mode {
case "generate":
    print(SyntheticSchema(shape: shape).ddl(), terminator: "")

case "parse-print":
    // `--postgresql`: the same schema printed in the PostgreSQL dialect, parsed and printed as such.
    let dialect: Dialect = CommandLine.arguments.contains("--postgresql") ? .postgreSQL : .googleSQL
    var text = SyntheticSchema(shape: shape).ddl()
    if dialect == .postgreSQL { text = DDLPrinter.format(DDLDocument.parse(text).statementList, dialect: .postgreSQL) }
    let bytes = Array(text.utf8)
    let megabytes = Double(bytes.count) / 1_000_000
    let clock = ContinuousClock()
    var parseTimes: [Double] = []
    var totalTimes: [Double] = []
    var statements = 0
    var outputSize = 0
    for _ in 0..<runs {
        let start = clock.now
        let document = DDLDocument.parse(SourceFile(name: "synthetic.sql", bytes: bytes), dialect: dialect)
        let parsed = clock.now
        let printed = DDLPrinter.format(document, dialect: dialect)
        let end = clock.now
        precondition(!document.hasErrors, "the synthetic schema must parse: \(document.errors.prefix(3))")
        statements = document.statements.count
        outputSize = printed.utf8.count
        parseTimes.append(seconds(parsed - start))
        totalTimes.append(seconds(end - start))
    }
    parseTimes.sort()
    totalTimes.sort()
    let best = totalTimes[0], median = totalTimes[totalTimes.count / 2]
    print("input:        \(fixed(megabytes, 2)) MB, \(statements) statements (\(shape.tables) tables), \(dialect.displayName)")
    print("output:       \(fixed(Double(outputSize) / 1_000_000, 2)) MB canonical DDL")
    print("parse:        best \(fixed(parseTimes[0], 3)) s")
    print("parse+print:  best \(fixed(best, 3)) s, median \(fixed(median, 3)) s over \(runs) runs")
    print("throughput:   \(fixed(megabytes / best, 1)) MB/s (best), \(fixed(megabytes / median, 1)) MB/s (median)")
    print("peak RSS:     \(fixed(peakRSSMegabytes(), 1)) MB")

case "schema-load":
    // Parse and build the schema model through every rule of the rule engine.
    // `--declaring` sorts by dependencies first, as a declared schema.sql is loaded.
    let declaring = CommandLine.arguments.contains("--declaring")
    let text = SyntheticSchema(shape: shape).ddl()
    let bytes = Array(text.utf8)
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        let document = DDLDocument.parse(SourceFile(name: "synthetic.sql", bytes: bytes))
        let schema: Schema
        do {
            schema = declaring ? try Schema(declaring: document.statementList) : try Schema(replaying: document.statementList)
        } catch {
            print("the synthetic schema was rejected: \(error)")
            exit(1)
        }
        times.append(seconds(clock.now - start))
        precondition(schema.tables.count == shape.tables)
    }
    times.sort()
    print("parse+load:   best \(fixed(times[0], 3)) s, median \(fixed(times[times.count / 2], 3)) s over \(runs) runs (\(fixed(Double(bytes.count) / 1_000_000, 2)) MB)")
    print("peak RSS:     \(fixed(peakRSSMegabytes(), 1)) MB")

case "diff":
    // Two schemas at the limits that differ in about 1% of their objects, as DDL text; then
    // parse both, build both models through the rules, and plan: end to end.
    let textA = SyntheticSchema(shape: shape).ddl()
    let schemaA: Schema
    do { schemaA = try Schema(replaying: DDLDocument.parse(textA).statementList) } catch { print("A rejected: \(error)"); exit(1) }
    let objects = schemaA.tables.count + schemaA.indexes.count + schemaA.views.count
    var schemaB = schemaA
    var rng = SplitMix64(seed: 42)
    let tableNames = schemaA.tables.values.map(\.name).sorted()
    var edits = 0
    var attempts = 0
    while edits < objects / 100 && attempts < objects {
        attempts += 1
        let table = tableNames[Int(rng.next() % UInt64(tableNames.count))]
        let columns = schemaB.table(table)!.columns.map(\.name)
        let column = columns[Int(rng.next() % UInt64(columns.count))]
        let candidates = [
            "ALTER TABLE \(table) ADD COLUMN Extra\(edits) STRING(MAX)",
            "ALTER TABLE \(table) ALTER COLUMN \(column) STRING(MAX)",
            "ALTER TABLE \(table) ALTER COLUMN \(column) INT64 NOT NULL",
            "CREATE INDEX Extra\(edits)Index ON \(table) (\(column))",
            "ALTER TABLE \(table) ADD CONSTRAINT Extra\(edits)Check CHECK (\(column) IS NOT NULL)",
        ]
        let document = DDLDocument.parse(candidates[Int(rng.next() % UInt64(candidates.count))])
        if (try? schemaB.apply(document.statementList[0])) != nil { edits += 1 }
    }
    let textB = DDLPrinter.format(schemaB.statements)
    if let at = CommandLine.arguments.firstIndex(of: "--write-to"), at + 1 < CommandLine.arguments.count {
        // For Benchmarks/diff-process.sh, which times the `ratchet diff` process itself.
        let directory = CommandLine.arguments[at + 1]
        FileManager.default.createFile(atPath: directory + "/a.sql", contents: Data(textA.utf8))
        FileManager.default.createFile(atPath: directory + "/b.sql", contents: Data(textB.utf8))
        print("wrote \(directory)/a.sql and \(directory)/b.sql (\(edits) edits)")
        exit(0)
    }
    let clock = ContinuousClock()
    var times: [Double] = []
    var planSize = 0
    var phases: [(parse: Double, load: Double, plan: Double)] = []
    for _ in 0..<runs {
        let start = clock.now
        do {
            let documentA = DDLDocument.parse(textA, fileName: "a.sql")
            let documentB = DDLDocument.parse(textB, fileName: "b.sql")
            let parsed = clock.now
            let a = try Schema(declaring: documentA.statementList)
            let b = try Schema(declaring: documentB.statementList)
            let loaded = clock.now
            planSize = try SchemaDiff.plan(from: a, to: b, policy: .permissive).statements.count
            let planned = clock.now
            phases.append((seconds(parsed - start), seconds(loaded - parsed), seconds(planned - loaded)))
        } catch {
            print("diff failed: \(error)")
            exit(1)
        }
        times.append(seconds(clock.now - start))
    }
    times.sort()
    if CommandLine.arguments.contains("--plan-only") {
        let a = try! Schema(declaring: DDLDocument.parse(textA, fileName: "a.sql").statementList)
        let b = try! Schema(declaring: DDLDocument.parse(textB, fileName: "b.sql").statementList)
        let start = clock.now
        for _ in 0..<20 { planSize = try! SchemaDiff.plan(from: a, to: b, policy: .permissive).statements.count }
        print("plan only:    \(fixed(seconds(clock.now - start) / 20, 4)) s per plan")
    }
    let fastest = phases.min { $0.parse + $0.load + $0.plan < $1.parse + $1.load + $1.plan }!
    print("phases:       parse \(fixed(fastest.parse, 3)) s, load \(fixed(fastest.load, 3)) s, plan \(fixed(fastest.plan, 3)) s (fastest run)")
    print("schemas:      \(fixed(Double(textA.utf8.count) / 1_000_000, 2)) MB and \(fixed(Double(textB.utf8.count) / 1_000_000, 2)) MB, \(objects) objects, \(edits) edits")
    print("plan:         \(planSize) statements")
    print("end to end:   best \(fixed(times[0], 3)) s, median \(fixed(times[times.count / 2], 3)) s over \(runs) runs (parse both, build both, diff, plan)")
    print("peak RSS:     \(fixed(peakRSSMegabytes(), 1)) MB")

case "revisions":
    // A project of N revisions in one chain, each a table with 8 columns and an index, for
    // Benchmarks/revisions.sh to time `history`, `heads` and `upgrade base:head --sql` on.
    guard let at = CommandLine.arguments.firstIndex(of: "--write-to"), at + 1 < CommandLine.arguments.count else {
        print("usage: ratchet-bench revisions --count N --write-to DIR")
        exit(64)
    }
    let directory = CommandLine.arguments[at + 1]
    let count = option("--count", default: 1000)
    try? FileManager.default.createDirectory(atPath: directory + "/versions", withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: directory + "/ratchet.toml", contents: Data("migrations = \"versions\"\nschema = \"schema.sql\"\ndatabase = \"local\"\n".utf8))
    var declared = ""
    var parent = ""
    for i in 0..<count {
        let id = String(format: "%012x", 0xA0000000 + i)
        let created = String(format: "2026-01-01T%02d:%02d:%02dZ", (i / 3600) % 24, (i / 60) % 60, i % 60)
        let table = "Table\(i)"
        let create =
            "CREATE TABLE \(table) (\n  Id INT64 NOT NULL,\n  Name STRING(100),\n  Amount NUMERIC,\n  Flag BOOL,\n  Created TIMESTAMP,\n  Payload BYTES(MAX),\n  Score FLOAT64,\n  Tags ARRAY<STRING(20)>,\n) PRIMARY KEY(Id);\n\nCREATE INDEX \(table)ByName ON \(table)(Name);\n"
        declared += create + "\n"
        let revision = Revision(id: id, parents: parent.isEmpty ? [] : [parent], message: "add table \(i)", created: created)
        let text = RevisionFile.render(
            revision, upgrade: [RevisionFile.Entry(sql: String(create.split(separator: ";")[0])), RevisionFile.Entry(sql: "CREATE INDEX \(table)ByName ON \(table)(Name)")],
            downgrade: [RevisionFile.Entry(sql: "DROP INDEX \(table)ByName"), RevisionFile.Entry(comments: ["ratchet:data-loss drops \(table)"], sql: "DROP TABLE \(table)")])
        FileManager.default.createFile(atPath: directory + "/versions/" + RevisionFile.fileName(for: revision), contents: Data(text.utf8))
        parent = id
    }
    FileManager.default.createFile(atPath: directory + "/schema.sql", contents: Data(declared.utf8))
    print("wrote \(count) revisions to \(directory)")

case "live-upgrade":
    // N revisions (a table and its index each; every third also indexes an existing table, a
    // backfill) applied to the REST test server over real HTTP, as Ratchet does (coalesced),
    // then as tools that send one schema operation per revision do. The server answers like
    // production: operations need polling, which the client starts after about a second.
    let count = option("--revisions", default: 20)
    let polls = option("--polls", default: 2)
    let (project, directory) = try benchProject(revisions: count)
    defer { try? FileManager.default.removeItem(at: directory) }
    func measure(_ label: String, perRevision: Bool) async throws {
        let server = try SpannerTestServer(envelope: .production, pollsToComplete: polls)
        let url = try await server.start()
        let path = DatabasePath(project: "p", instance: "i", database: "bench")
        try await server.createDatabase(path.name)
        let live = LiveDatabase(client: SpannerClient(baseURL: url, credentials: NoAuthentication()), path: path, tables: VersionTables(prefix: "ratchet_"))
        try await live.ensureVersionTables()
        let before = await server.counters()
        let runner = Migrator(project: project, target: LiveTarget(project: project, database: live))
        let started = ContinuousClock.now
        if perRevision {
            for _ in 0..<count { _ = try await runner.migrate(.upgrade, to: .relative(1)) }
        } else {
            _ = try await runner.migrate(.upgrade, to: .head)
        }
        let elapsed = seconds(ContinuousClock.now - started)
        let after = await server.counters()
        await live.close()
        await server.stop()
        let requests = after.requests.filter { !$0.key.hasPrefix("dropped") }
        let admin = requests.filter { $0.key.hasPrefix("spanner.projects.instances.databases.") && !$0.key.contains(".sessions.") }
        func total(_ counts: [String: Int], _ base: [String: Int]) -> Int { counts.reduce(0) { $0 + $1.value - (base[$1.key] ?? 0) } }
        print("\(label): \(after.schemaOperations - before.schemaOperations) schema operations, \(total(requests, before.requests)) requests (\(total(admin, before.requests)) admin), \(fixed(elapsed, 2)) s")
    }
    let statements = try MigrationRun.prepare(project, path: MigrationPath.upgrade(project.graph, from: [], to: .head), from: Schema()).steps.count
    print("\(count) revisions, \(statements) statements; operations done after \(polls) polls (first poll after about 1 s)")
    try await measure("coalesced (ratchet upgrade head)   ", perRevision: false)
    try await measure("one operation per revision (+1 x \(count))", perRevision: true)

case "fleet":
    // A fleet of M databases on the REST test server, each taken through N revisions by the
    // FleetMigrator at several --parallel settings. Operations need polling as on production
    // (first poll after about 1 s), every request waits a little (--latency-ms), and the admin
    // API is held to --admin-rate requests a second across the fleet, as Spanner's quota is.
    let members = option("--members", default: 200)
    let count = option("--revisions", default: 20)
    let polls = option("--polls", default: 1)
    let latency = Double(option("--latency-ms", default: 20)) / 1000
    let rate = Double(option("--admin-rate", default: 5))
    let settings =
        CommandLine.arguments.firstIndex(of: "--parallel").flatMap { index in
            index + 1 < CommandLine.arguments.count ? CommandLine.arguments[index + 1].split(separator: ",").compactMap { Int($0) } : nil
        } ?? [1, 8, 32]
    let (project, directory) = try benchProject(revisions: count)
    defer { try? FileManager.default.removeItem(at: directory) }
    print("\(members) databases x \(count) revisions; operations done after \(polls) poll(s); \(Int(latency * 1000)) ms a request; admin rate \(fixed(rate, 1))/s")
    for parallel in settings {
        let server = try SpannerTestServer(envelope: .production, pollsToComplete: polls)
        let url = try await server.start()
        var urls: [DatabaseURL] = []
        for index in 0..<members {
            let id = String(format: "tenant-%03d", index)
            try await server.createDatabase("projects/p/instances/i/databases/\(id)")
            urls.append(.spanner(project: "p", instance: "i", database: id, emulator: "127.0.0.1:\(url.port ?? 0)"))
        }
        await server.setLatency(latency)
        await server.resetLoad()
        let fleet = FleetMigrator(
            project: project, fleet: "bench", members: urls, connection: LiveConnection(accessTokenCommand: nil, environment: [:], adminRequestsPerSecond: rate),
            rollout: FleetRollout(parallel: parallel))
        let started = ContinuousClock.now
        let report = await fleet.migrate(.upgrade, to: .head)
        let elapsed = seconds(ContinuousClock.now - started)
        let load = await server.load()
        let counters = await server.counters()
        let requests = counters.requests.filter { !$0.key.hasPrefix("dropped") && !$0.key.hasPrefix("aborted") }.values.reduce(0, +)
        print(
            "--parallel \(parallel): \(fixed(elapsed, 1)) s, \(report.count(.completed)) completed, \(report.members.filter(\.outcome.isFailure).count) failed; "
                + "\(fixed(Double(requests) / Double(members), 1)) requests a member (\(fixed(Double(load.adminRequests) / Double(members), 1)) admin); "
                + "peak \(load.peakAdminRequestsPerSecond) admin requests in a second, \(load.peakDatabasesInFlight) databases in flight; \(counters.schemaOperations) schema operations")
        if let failure = report.members.first(where: { $0.error != nil })?.error { print("  first failure: \(failure.message)") }
        await server.stop()
    }

case "serve":
    // The REST test server on its own, for trying commands by hand: --members databases named
    // tenant-000... in projects/p/instances/i, until the process is stopped.
    let members = option("--members", default: 20)
    let server = try SpannerTestServer(envelope: .production, pollsToComplete: option("--polls", default: 2))
    let url = try await server.start()
    for index in 0..<members { try await server.createDatabase(String(format: "projects/p/instances/i/databases/tenant-%03d", index)) }
    await server.setLatency(Double(option("--latency-ms", default: 0)) / 1000)
    print("serving \(members) databases at \(url); try:")
    print("  pattern = \"spanner://projects/p/instances/i/databases/tenant-*?emulator=127.0.0.1:\(url.port ?? 0)\"")
    fflush(nil)
    while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }

case "behaviour":
    // Runs a directory of .sqltest behaviour cases through the parser and the rule engine and
    // prints the agreement with Spanner; the repository's own corpus by default.
    let args = CommandLine.arguments
    let directory = args.count > 2 && !args[2].hasPrefix("-") ? args[2] : "Tests/SpannerSchemaTests/Behaviour"
    let corpus = try BehaviourCorpus(directory: URL(fileURLWithPath: directory))
    print(BehaviourCorpus.report(corpus.run(parseOnly: args.contains("--parse-only")), verbose: !args.contains("--quiet")))

default:
    print("usage: ratchet-bench [parse-print | schema-load | diff | generate | revisions | live-upgrade | fleet | serve | behaviour] [--tables N] [--runs R]")
    exit(64)
}
