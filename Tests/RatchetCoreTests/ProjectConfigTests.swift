import Foundation
@testable import RatchetCore
import Testing

@Suite("ratchet.toml")
struct ProjectConfigTests {
    func load(_ text: String, env: String? = nil, variables: [String: String] = [:], overrides: [ProjectConfig.Key: String] = [:]) throws -> ProjectConfig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try text.write(toFile: directory + "/ratchet.toml", atomically: true, encoding: .utf8)
        return try ProjectConfig.load(path: directory + "/ratchet.toml", overrides: .init(environment: env, values: overrides), environment: variables, workingDirectory: "/work")
    }

    @Test("file, then environment table, then RATCHET_* variables, then flags")
    func layering() throws {
        let text = """
            migrations = "versions"   # comment
            database = 'local'
            [env.prod]
            database = "spanner://projects/p/instances/i/databases/d"
            """
        let base = try load(text)
        #expect(base.database == .local)
        #expect(base.migrationsDirectory.hasSuffix("/versions"))
        let prod = try load(text, env: "prod")
        #expect(prod.database == .spanner(project: "p", instance: "i", database: "d", emulator: nil))
        let variable = try load(text, env: "prod", variables: ["RATCHET_DATABASE": "spanner://projects/q/instances/i/databases/d?emulator=localhost:9020"])
        #expect(variable.database == .spanner(project: "q", instance: "i", database: "d", emulator: "localhost:9020"))
        let flag = try load(text, env: "prod", variables: ["RATCHET_DATABASE": "local"], overrides: [.database: "spanner://projects/f/instances/i/databases/d"])
        #expect(flag.database == .spanner(project: "f", instance: "i", database: "d", emulator: nil))
    }

    @Test(
        "errors name the file, the key and the line",
        arguments: [
            ("migrations = \"v\"\ndatabse = \"local\"\n", "unknown setting 'databse'", 2),
            ("database = \"postgres://x\"\n", "not a database", 1),
            ("migrations = 3\n", "must be a string", 1),
            ("migrations = \"a\"\nmigrations = \"b\"\n", "cannot redefine existing string 'migrations'", 2),
            ("schema = \"x\n", "not valid TOML", 1),
            ("[env.a]\ndatabase = \"local\"\n[env.a]\n", "cannot redefine existing table 'env.a'", 3),
            ("[env.a]\ndatabase = 3\n", "must be a string", 2),
            ("migrations = 3.5\n", "not a floating-point number", 1),
            ("version_table_prefix = \"9x\"\n", "must start with a letter", 1),
        ])
    func errors(_ text: String, _ message: String, _ line: Int) {
        do {
            _ = try load(text)
            Issue.record("expected an error")
        } catch let error as RatchetError {
            #expect(error.message.contains(message), "\(error.message)")
            // Parse errors also name the column: `ratchet.toml:LINE:COL`.
            let location = error.location ?? ""
            #expect(location.hasSuffix("ratchet.toml:\(line)") || location.contains("ratchet.toml:\(line):"), "\(location)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(
        "every TOML 1.0 form of a setting reads the same",
        arguments: [
            "schema = \"\"\"schema2.sql\"\"\"\n",
            "schema = '''schema2.sql'''\n",
            "schema = 'schema2.sql'\n",
            "\"schema\" = \"schema2.sql\" # a comment\n",
            "[env.prod]\nschema = \"schema2.sql\"\n",
            "env.prod.schema = \"schema2.sql\"\n",
            "env = { prod = { schema = \"schema2.sql\" } }\n",
            "[env]\nprod.schema = \"schema2.sql\"\n",
        ])
    func tomlForms(_ text: String) throws {
        let config = try load(text, env: text.contains("prod") ? "prod" : nil)
        #expect(config.schemaFile.hasSuffix("/schema2.sql"))
    }

    @Test("an unknown environment lists the ones that exist")
    func unknownEnvironment() {
        #expect(throws: RatchetError.self) { try load("[env.prod]\ndatabase = \"local\"\n", env: "staging") }
    }
}
