import Foundation
@testable import RatchetCore
import SchemaDiff
import SpannerDDL
import SpannerSchema
import Testing

/// Every rule of the catalogue: a range that triggers it, one that does not, and the same
/// range with the rule acknowledged.
@Suite("Lint rules")
struct LinterTests {
    struct Case: Sendable, CustomStringConvertible {
        var rule: LintRule
        /// The database before the range.
        var setup: String
        /// A range that breaks the rule.
        var triggers: String
        /// A range that comes close and does not.
        var clean: String
        /// The dialect the DDL is written in.
        var dialect: Dialect = .googleSQL
        var description: String { rule.id }
    }

    static let users = "CREATE TABLE Users (Id INT64 NOT NULL, Email STRING(200), Name STRING(100), Code BYTES(16)) PRIMARY KEY (Id);"

    static let cases: [Case] = [
        Case(rule: .dropTable, setup: users, triggers: "DROP TABLE Users;", clean: "CREATE TABLE T (Id INT64 NOT NULL) PRIMARY KEY (Id);"),
        Case(rule: .dropColumn, setup: users, triggers: "ALTER TABLE Users DROP COLUMN Name;", clean: "ALTER TABLE Users ADD COLUMN Bio STRING(MAX);"),
        Case(rule: .dropIndex, setup: users + "CREATE INDEX UsersByName ON Users(Name);", triggers: "DROP INDEX UsersByName;", clean: "CREATE INDEX UsersByEmail ON Users(Email);"),
        Case(
            rule: .dropChangeStream, setup: users + "CREATE CHANGE STREAM Everything FOR ALL;", triggers: "DROP CHANGE STREAM Everything;",
            clean: "CREATE CHANGE STREAM UsersOnly FOR Users;"),
        Case(
            rule: .dropSequence, setup: "CREATE SEQUENCE Ids OPTIONS (sequence_kind = 'bit_reversed_positive');", triggers: "DROP SEQUENCE Ids;",
            clean: "CREATE SEQUENCE More OPTIONS (sequence_kind = 'bit_reversed_positive');"),
        Case(
            rule: .rebuildGeneratedColumn,
            setup: "CREATE TABLE P (Id INT64 NOT NULL, A INT64, B INT64 AS (A * 2) STORED) PRIMARY KEY (Id);",
            triggers: "ALTER TABLE P DROP COLUMN B;\nALTER TABLE P ADD COLUMN B INT64 AS (A * 3) STORED;",
            clean: "ALTER TABLE P DROP COLUMN B;"),
        Case(
            rule: .recreateTable, setup: users, triggers: "DROP TABLE Users;\nCREATE TABLE Users (Id INT64 NOT NULL) PRIMARY KEY (Id);",
            clean: "CREATE TABLE Accounts (Id INT64 NOT NULL) PRIMARY KEY (Id);"),
        Case(
            rule: .addNotNull, setup: users, triggers: "ALTER TABLE Users ALTER COLUMN Email STRING(200) NOT NULL;",
            clean: "CREATE TABLE T (Id INT64 NOT NULL, E STRING(10)) PRIMARY KEY (Id);\nALTER TABLE T ALTER COLUMN E STRING(10) NOT NULL;"),
        Case(
            rule: .addCheck, setup: users, triggers: "ALTER TABLE Users ADD CONSTRAINT NamePresent CHECK (Name IS NOT NULL);",
            clean: "CREATE TABLE T (Id INT64 NOT NULL, N STRING(10)) PRIMARY KEY (Id);\nALTER TABLE T ADD CONSTRAINT NPresent CHECK (N IS NOT NULL);"),
        Case(
            rule: .addForeignKey, setup: users + "CREATE TABLE Orders (Id INT64 NOT NULL, UserId INT64) PRIMARY KEY (Id);",
            triggers: "ALTER TABLE Orders ADD CONSTRAINT OrdersUser FOREIGN KEY (UserId) REFERENCES Users (Id);",
            clean: "CREATE TABLE Carts (Id INT64 NOT NULL, UserId INT64, CONSTRAINT CartsUser FOREIGN KEY (UserId) REFERENCES Users (Id)) PRIMARY KEY (Id);"),
        Case(rule: .shrinkLength, setup: users, triggers: "ALTER TABLE Users ALTER COLUMN Name STRING(50);", clean: "ALTER TABLE Users ALTER COLUMN Name STRING(500);"),
        Case(rule: .narrowType, setup: users, triggers: "ALTER TABLE Users ALTER COLUMN Code STRING(16);", clean: "ALTER TABLE Users ALTER COLUMN Code BYTES(32);"),
        Case(
            rule: .uniqueIndexOnExistingTable, setup: users, triggers: "CREATE UNIQUE INDEX UsersByEmail ON Users(Email);",
            clean: "CREATE INDEX UsersByEmail ON Users(Email);"),
        Case(
            rule: .backfillIndex, setup: users, triggers: "CREATE INDEX UsersByName ON Users(Name);",
            clean: "CREATE TABLE T (Id INT64 NOT NULL, N STRING(10)) PRIMARY KEY (Id);\nCREATE INDEX TByN ON T(N);"),
        Case(
            rule: .backfillStoredColumn, setup: users, triggers: "ALTER TABLE Users ADD COLUMN Lower STRING(200) AS (LOWER(Email)) STORED;",
            clean: "ALTER TABLE Users ADD COLUMN Lower STRING(200) AS (LOWER(Email));"),
        Case(
            rule: .backfillsPerOperation, setup: users,
            triggers: (0..<11).map { "CREATE INDEX I\($0) ON Users(Name, Id DESC);" }.joined(separator: "\n"),
            clean: (0..<10).map { "CREATE INDEX I\($0) ON Users(Name, Id DESC);" }.joined(separator: "\n")),
        Case(
            rule: .monotonicKey, setup: "",
            triggers: "CREATE TABLE Events (Ts TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true), Id INT64 NOT NULL) PRIMARY KEY (Ts, Id);",
            clean: "CREATE TABLE Events (Id STRING(36) NOT NULL, Ts TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true)) PRIMARY KEY (Id, Ts);"),
        Case(
            rule: .dropWithReplacement, setup: users, triggers: "ALTER TABLE Users ADD COLUMN FullName STRING(200);\nALTER TABLE Users DROP COLUMN Name;",
            clean: "ALTER TABLE Users ADD COLUMN FullName STRING(200);"),
        Case(
            rule: .notNullWithoutDefault, setup: users, triggers: "ALTER TABLE Users ALTER COLUMN Name STRING(100) NOT NULL;",
            clean: "ALTER TABLE Users ALTER COLUMN Name STRING(100) NOT NULL DEFAULT ('');"),
        Case(
            rule: .interleaveTwoSteps,
            setup: users + "CREATE TABLE Posts (Id INT64 NOT NULL, PostId INT64 NOT NULL) PRIMARY KEY (Id, PostId), INTERLEAVE IN Users;",
            triggers: "ALTER TABLE Posts SET INTERLEAVE IN PARENT Users;",
            clean: "ALTER TABLE Posts ADD COLUMN Body STRING(MAX);"),
        Case(
            rule: .defaultTimeZone, setup: "", triggers: "ALTER DATABASE db SET OPTIONS (default_time_zone = 'Europe/Paris');",
            clean: "ALTER DATABASE db SET OPTIONS (version_retention_period = '7d');"),
        Case(
            rule: .editionFeature, setup: "", triggers: "CREATE LOCALITY GROUP cold OPTIONS (storage = 'hdd');",
            clean: "CREATE TABLE T (Id INT64 NOT NULL) PRIMARY KEY (Id);"),
        Case(
            rule: .dmlWithDDL, setup: users, triggers: "ALTER TABLE Users ADD COLUMN Bio STRING(MAX);\nUPDATE Users SET Bio = '' WHERE TRUE;",
            clean: "UPDATE Users SET Name = '' WHERE TRUE;"),
        Case(
            rule: .unindexedForeignKey, setup: users,
            triggers: "CREATE TABLE Orders (Id INT64 NOT NULL, UserId INT64, CONSTRAINT OrdersUser FOREIGN KEY (UserId) REFERENCES Users (Id)) PRIMARY KEY (Id);",
            clean:
                "CREATE TABLE Orders (Id INT64 NOT NULL, UserId INT64, CONSTRAINT OrdersUser FOREIGN KEY (UserId) REFERENCES Users (Id)) PRIMARY KEY (Id);\nCREATE INDEX OrdersByUser ON Orders(UserId);"
        ),
        Case(
            rule: .quotedName, setup: "CREATE TABLE users (id bigint PRIMARY KEY);",
            triggers: "ALTER TABLE users ADD COLUMN \"LastName\" text;", clean: "ALTER TABLE users ADD COLUMN LastName text;", dialect: .postgreSQL),
    ]

    /// The findings of `range` on a database holding `setup`, all statements in one revision,
    /// as `MigrationRun` checks them.
    static func lint(_ setup: String, _ range: String, acknowledging: [String: String] = [:], dialect: Dialect = .googleSQL) throws -> [LintFinding] {
        var schema = Schema(dialect: dialect)
        for statement in DDLDocument.parse(setup, dialect: dialect).statementList { try schema.apply(statement) }
        let document = DDLDocument.parse(range, dialect: dialect)
        #expect(document.errors.isEmpty, "\(document.errors.map(\.message))")
        var linter = Linter()
        for (index, statement) in document.statementList.enumerated() {
            let (cost, _) = CostClassifier.classify(statement, in: schema)
            let origin = Linter.Origin(location: FilePosition(file: "v.sql", line: index + 1, column: 1), revision: "r1", acknowledgements: acknowledging)
            linter.check(statement, sql: DDLPrinter.sql(statement, dialect: dialect), cost: cost, in: schema, origin: origin)
            if !statement.isDML { try schema.apply(statement) }
        }
        return linter.finish(final: schema)
    }

    @Test("the catalogue is covered: every rule has a case here", arguments: LintRule.allCases)
    func covered(_ rule: LintRule) {
        #expect(Self.cases.contains { $0.rule == rule })
    }

    @Test("a range that breaks the rule is reported at its statement", arguments: cases)
    func triggers(_ test: Case) throws {
        let findings = try Self.lint(test.setup, test.triggers, dialect: test.dialect)
        let found = findings.filter { $0.rule == test.rule }
        #expect(!found.isEmpty, "\(test.rule.id) not reported; found \(findings.map(\.rule.id))")
        #expect(found.allSatisfy { $0.location?.file == "v.sql" && $0.revision == "r1" && !$0.statement.isEmpty })
        #expect(found.allSatisfy { $0.isBlocking == (test.rule.defaultSeverity == .error) })
    }

    @Test("a range that comes close and does not break the rule is not reported", arguments: cases)
    func clean(_ test: Case) throws {
        let findings = try Self.lint(test.setup, test.clean, dialect: test.dialect)
        #expect(!findings.contains { $0.rule == test.rule }, "\(test.rule.id) reported: \(findings.filter { $0.rule == test.rule }.map(\.message))")
    }

    @Test("an acknowledged finding carries its reason and blocks nothing", arguments: cases)
    func acknowledged(_ test: Case) throws {
        let findings = try Self.lint(test.setup, test.triggers, acknowledging: [test.rule.id: "reviewed in #42"], dialect: test.dialect)
        let found = findings.filter { $0.rule == test.rule }
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.acknowledged == "reviewed in #42" && !$0.isBlocking })
    }

    @Test("findings come in statement order, whatever produced them")
    func order() throws {
        let findings = try Self.lint(Self.users, "ALTER TABLE Users ADD COLUMN FullName STRING(200);\nALTER TABLE Users DROP COLUMN Name;\nDROP TABLE Users;")
        let lines = findings.compactMap { $0.location?.line }
        #expect(lines == lines.sorted())
    }
}
