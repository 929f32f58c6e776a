import Foundation
import SchemaDiff
import SchemaGenerator
import SpannerDDL
import SpannerSchema
import Testing

/// The convergence property of the diff planner, on PostgreSQL-dialect schemas: the plan is
/// printed in PostgreSQL and read back before it is applied, so the printer and parser of the
/// dialect are in the loop too.
@Suite("Diff planner properties, PostgreSQL")
struct PostgreSQLDiffPropertyTests {
    /// A generated GoogleSQL schema, printed in PostgreSQL and read back as a PostgreSQL schema.
    static func schema(seed: UInt64) throws -> Schema {
        let google = DDLDocument.parse(SyntheticSchema(shape: .small(tables: 12), seed: seed).ddl())
        let printed = DDLPrinter.format(google.statementList, dialect: .postgreSQL)
        let document = DDLDocument.parse(printed, fileName: "<printed>", dialect: .postgreSQL)
        let source = SourceFile(name: "<printed>", text: printed)
        if document.hasErrors {
            Issue.record("seed \(seed): the PostgreSQL print does not parse:\n\(document.errors.map { $0.render(in: source) }.joined(separator: "\n"))")
        }
        return try Schema(replaying: document.statementList, dialect: .postgreSQL)
    }

    static func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T? {
        items.isEmpty ? nil : items[Int(rng.next() % UInt64(items.count))]
    }

    /// Random edits in PostgreSQL DDL; the rule engine keeps only those Spanner would accept.
    static func randomEdits(of schema: Schema, _ rng: inout SplitMix64, count: Int) -> Schema {
        var result = schema
        func spell(_ name: ObjectName) -> String { name.spelled(in: .postgreSQL) }
        func spell(_ name: Identifier) -> String { name.spelled(in: .postgreSQL) }
        let tables = schema.tables.values.map(\.name).sorted()
        var n = 0
        for _ in 0..<count * 8 where n < count {
            guard let tableName = pick(tables, &rng), let current = result.table(tableName) else { continue }
            let table = spell(tableName)
            let columns = current.columns.map(\.name)
            guard let columnName = pick(columns, &rng) else { continue }
            let column = spell(columnName)
            let other = spell(columns.last!)
            let key = spell(current.primaryKey[0].column)
            let fresh = "new\(rng.next() % 1000)"
            let index = result.indexes(on: tableName).first.map { spell($0.name) } ?? "none"
            let view = result.views.values.map(\.name).sorted().first.map(spell) ?? "none"
            let stream = result.changeStreams.values.map(\.name).sorted().first.map(spell) ?? "none"
            let sequence = result.sequences.values.map(\.name).sorted().first.map(spell) ?? "none"
            let role = result.roles.values.sorted().first.map(spell) ?? "none"
            let namedSchema = result.namedSchemas.values.sorted().first.map(spell) ?? "none"
            let constraint = (current.foreignKeys.first?.name ?? current.checks.first?.name).map(spell) ?? "none"
            let candidates = [
                "ALTER TABLE \(table) ADD COLUMN \(fresh) text",
                "ALTER TABLE \(table) ADD COLUMN \(fresh) bigint NOT NULL DEFAULT 7",
                "ALTER TABLE \(table) ADD COLUMN \(fresh) varchar(\(1 + rng.next() % 100))[]",
                "ALTER TABLE \(table) DROP COLUMN \(column)",
                "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE text",
                "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE bytea",
                "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE varchar(\(1 + rng.next() % 300))",
                "ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL",
                "ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL",
                "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE text, ALTER COLUMN \(column) SET NOT NULL",
                "ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT 1",
                "ALTER TABLE \(table) ALTER COLUMN \(column) DROP DEFAULT",
                "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE spanner.commit_timestamp",
                "CREATE INDEX idx_\(fresh) ON \(table) (\(column))",
                "CREATE INDEX idx_\(fresh) ON \(table) (\(column) DESC) INCLUDE (\(other)) WHERE \(column) IS NOT NULL",
                "CREATE UNIQUE INDEX uq_\(fresh) ON \(table) (\(column) NULLS FIRST)",
                "ALTER INDEX \(index) ADD INCLUDE COLUMN \(column)",
                "DROP INDEX \(index)",
                "ALTER TABLE \(table) ADD CONSTRAINT ck_\(fresh) CHECK (\(column) IS NOT NULL)",
                "ALTER TABLE \(table) DROP CONSTRAINT \(constraint)",
                "ALTER TABLE \(table) DROP TTL",
                "ALTER TABLE \(table) ADD TTL INTERVAL '\(rng.next() % 90) days' ON \"CreatedAt\"",
                "ALTER TABLE \(table) ALTER TTL INTERVAL '\(1 + rng.next() % 3) weeks' ON \"CreatedAt\"",
                "CREATE TABLE \(fresh) (id bigint PRIMARY KEY, ref bigint, CONSTRAINT fk_\(fresh) FOREIGN KEY (ref) REFERENCES \(table) (\(key)))",
                "CREATE TABLE \(fresh) (id bigint PRIMARY KEY, at timestamptz NOT NULL, tags text[]) TTL INTERVAL '3 days' ON at",
                "CREATE VIEW v_\(fresh) SQL SECURITY INVOKER AS SELECT \(column) FROM \(table)",
                "CREATE OR REPLACE VIEW \(view) SQL SECURITY INVOKER AS SELECT 1 AS one",
                "DROP VIEW \(view)",
                "DROP TABLE \(table)",
                "CREATE CHANGE STREAM cs_\(fresh) FOR \(table)",
                "CREATE CHANGE STREAM cs_\(fresh) FOR \(table)(\(column)) WITH (retention_period = '36h')",
                "ALTER CHANGE STREAM \(stream) SET FOR ALL",
                "ALTER CHANGE STREAM \(stream) SET (retention_period = '\(1 + rng.next() % 7)d')",
                "DROP CHANGE STREAM \(stream)",
                "CREATE SEQUENCE seq_\(fresh) BIT_REVERSED_POSITIVE",
                "ALTER SEQUENCE \(sequence) SKIP RANGE 1 \(1000 + rng.next() % 1000)",
                "DROP SEQUENCE \(sequence)",
                "CREATE ROLE role_\(fresh)",
                "GRANT SELECT ON TABLE \(table) TO \(role)",
                "GRANT SELECT(\(column)), UPDATE(\(column)) ON TABLE \(table) TO \(role)",
                "REVOKE SELECT ON TABLE \(table) FROM \(role)",
                "DROP ROLE \(role)",
                "ALTER TABLE \(table) ADD COLUMN gen_\(fresh) text GENERATED ALWAYS AS (\(key)::text) STORED",
                "CREATE SCHEMA sch_\(fresh)",
                "CREATE TABLE \(namedSchema).t_\(fresh) (id bigint PRIMARY KEY)",
                "ALTER DATABASE db SET spanner.version_retention_period = '\(1 + rng.next() % 6)d'",
                "ALTER TABLE \(table) SET ON DELETE CASCADE",
                "ALTER TABLE \(table) SET ON DELETE NO ACTION",
                "ALTER TABLE \(table) ADD SYNONYM syn_\(fresh)",
                "ALTER TABLE \(table) RENAME TO renamed_\(fresh)",
            ]
            guard let text = pick(candidates, &rng) else { continue }
            let document = DDLDocument.parse(text, dialect: .postgreSQL)
            guard let statement = document.statementList.first, !document.hasErrors else {
                Issue.record("an edit does not parse: \(text): \(document.errors.map(\.message))")
                continue
            }
            if (try? result.apply(statement)) != nil { n += 1 }
        }
        return result
    }

    @Test(
        "plan(A, B) printed in PostgreSQL, read back and applied to A converges to B; plan(B, B) is empty",
        arguments: Array(UInt64(1)...UInt64(ProcessInfo.processInfo.environment["RATCHET_PROPERTY_SEEDS"].flatMap { UInt64($0) } ?? 200)))
    func convergence(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &* 0x5851_F42D)
        let a = try Self.schema(seed: seed)
        #expect(a.dialect == .postgreSQL)
        let b = Self.randomEdits(of: a, &rng, count: 1 + Int(seed % 6))
        #expect(try SchemaDiff.plan(from: b, to: b).isEmpty, "seed \(seed)")
        let plan: Plan
        do {
            plan = try SchemaDiff.plan(from: a, to: b, policy: .permissive)
        } catch {
            Issue.record("seed \(seed): planning failed: \(error)")
            return
        }
        var applied = a
        for step in plan.statements {
            #expect(step.dialect == .postgreSQL)
            let document = DDLDocument.parse(step.sql, fileName: "<step>", dialect: .postgreSQL)
            guard !document.hasErrors else {
                Issue.record("seed \(seed): a planned statement does not parse in PostgreSQL: \(step.sql)\n  \(document.errors.map(\.message))")
                return
            }
            do {
                try applied.apply(document.statementList)
            } catch {
                Issue.record("seed \(seed): step rejected: \(step.sql)\n  \(error)")
                return
            }
        }
        let residue = try SchemaDiff.plan(from: applied, to: b, policy: .permissive)
        #expect(residue.isEmpty, "seed \(seed): after applying the plan, still to do: \(residue.statements.map(\.sql))")
    }

    @Test("a PostgreSQL plan speaks PostgreSQL: type and nullability in one ALTER, the default in its own")
    func plannedStatements() throws {
        func pg(_ text: String) throws -> Schema {
            try Schema(declaring: DDLDocument.parse(text, dialect: .postgreSQL).statementList, dialect: .postgreSQL)
        }
        let a = try pg("CREATE TABLE Items (Id bigint PRIMARY KEY, Label varchar(10) DEFAULT 'a', Price numeric);")
        let b = try pg(
            """
            CREATE TABLE Items (Id bigint PRIMARY KEY, Label varchar(20) DEFAULT 'b', Price numeric, "Note" text);
            CREATE INDEX items_by_label ON Items (Label) INCLUDE (Price);
            CREATE TABLE Parts (Id bigint, PartId bigint, PRIMARY KEY (Id, PartId)) INTERLEAVE IN PARENT Items ON DELETE CASCADE;
            """)
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(
            plan.statements.map(\.sql) == [
                "CREATE TABLE parts (\n  id bigint NOT NULL,\n  partid bigint NOT NULL,\n  PRIMARY KEY(id, partid)\n) INTERLEAVE IN PARENT items ON DELETE CASCADE",
                "ALTER TABLE items ALTER COLUMN label TYPE character varying(20), ALTER COLUMN label DROP NOT NULL",
                "ALTER TABLE items ALTER COLUMN label SET DEFAULT 'b'",
                #"ALTER TABLE items ADD COLUMN "Note" character varying"#,
                "CREATE INDEX items_by_label ON items (label) INCLUDE (price)",
            ])
    }

    @Test("a rename announced in a comment names the tables as the schemas spell them")
    func announcedRename() throws {
        let old = try Schema(declaring: DDLDocument.parse("CREATE TABLE singers (id bigint PRIMARY KEY);", dialect: .postgreSQL).statementList, dialect: .postgreSQL)
        let document = DDLDocument.parse("-- ratchet:renamed-from Singers\nCREATE TABLE artists (id bigint PRIMARY KEY);", dialect: .postgreSQL)
        let new = try Schema(declaring: document.statementList, dialect: .postgreSQL)
        let plan = try SchemaDiff.plan(from: old, to: new, renames: TableRename.declared(in: document))
        #expect(plan.statements.map(\.sql) == ["ALTER TABLE singers RENAME TO artists"])
    }

    @Test("a table whose name changes only in case is renamed through a temporary name, with ALTER TABLE (PostgreSQL has no RENAME TABLE)")
    func caseOnlyRename() throws {
        func pg(_ text: String) throws -> Schema {
            try Schema(declaring: DDLDocument.parse(text, dialect: .postgreSQL).statementList, dialect: .postgreSQL)
        }
        let plan = try SchemaDiff.plan(from: try pg(#"CREATE TABLE "Singers" (id bigint PRIMARY KEY);"#), to: try pg("CREATE TABLE singers (id bigint PRIMARY KEY);"))
        #expect(plan.statements.map(\.sql) == [#"ALTER TABLE "Singers" RENAME TO "Singers_ratchet_case""#, #"ALTER TABLE "Singers_ratchet_case" RENAME TO singers"#])
    }

    @Test("the schema of a PostgreSQL database prints back as the PostgreSQL it was read from")
    func schemaStatementsRoundTrip() throws {
        for seed in UInt64(1)...20 {
            let schema = try Self.schema(seed: seed)
            let printed = DDLPrinter.format(schema.statements, dialect: .postgreSQL)
            let again = try Schema(replaying: DDLDocument.parse(printed, dialect: .postgreSQL).statementList, dialect: .postgreSQL)
            #expect(again == schema, "seed \(seed)")
        }
    }
}
