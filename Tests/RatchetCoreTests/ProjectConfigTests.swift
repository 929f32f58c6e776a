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

    @Test("errors name the file, the key and the line", arguments: [
        ("migrations = \"v\"\ndatabse = \"local\"\n", "unknown setting 'databse'", 2),
        ("database = \"postgres://x\"\n", "not a database", 1),
        ("migrations = 3\n", "must be a string", 1),
        ("migrations = \"a\"\nmigrations = \"b\"\n", "set twice", 2),
        ("schema = \"x\n", "unterminated string", 1),
        ("[env.a]\ndatabase = \"local\"\n[env.a]\n", "defined twice", 3),
        ("version_table_prefix = \"9x\"\n", "must start with a letter", 1),
    ])
    func errors(_ text: String, _ message: String, _ line: Int) {
        do {
            _ = try load(text)
            Issue.record("expected an error")
        } catch let error as RatchetError {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.location?.hasSuffix("ratchet.toml:\(line)") == true, "\(error.location ?? "")")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("an unknown environment lists the ones that exist")
    func unknownEnvironment() {
        #expect(throws: RatchetError.self) { try load("[env.prod]\ndatabase = \"local\"\n", env: "staging") }
    }
}
