import SchemaGenerator
import SpannerDDL
import Testing

@Suite("Generated schemas")
struct GeneratedSchemaTests {
    @Test("generated schemas parse without errors and round-trip", arguments: Array(UInt64(1)...12))
    func roundTrip(seed: UInt64) throws {
        let text = SyntheticSchema(shape: .small(tables: 40 + Int(seed) * 5), seed: seed).ddl()
        let document = DDLDocument.parse(text, fileName: "seed-\(seed).sql")
        #expect(document.diagnostics.isEmpty, "seed \(seed): \(document.diagnostics.prefix(3))")
        try RoundTrip.check(document)
    }

    @Test("the generator is deterministic for a seed")
    func deterministic() {
        #expect(SyntheticSchema(shape: .small(tables: 30), seed: 7).ddl() == SyntheticSchema(shape: .small(tables: 30), seed: 7).ddl())
        #expect(SyntheticSchema(shape: .small(tables: 30), seed: 7).ddl() != SyntheticSchema(shape: .small(tables: 30), seed: 8).ddl())
    }
}
