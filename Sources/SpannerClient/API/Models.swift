import Foundation

/// `projects/P/instances/I/databases/D`.
public struct DatabasePath: Sendable, Hashable, CustomStringConvertible {
    public var project: String
    public var instance: String
    public var database: String

    public init(project: String, instance: String, database: String) {
        self.project = project
        self.instance = instance
        self.database = database
    }

    public var instanceName: String { "projects/\(project)/instances/\(instance)" }
    public var name: String { "\(instanceName)/databases/\(database)" }
    public var description: String { name }
}

/// A long-running operation.
public struct Operation: Sendable, Hashable, Codable {
    public var name: String
    public var done: Bool?
    public var error: OperationStatus?
    public var metadata: DDLMetadata?

    public init(name: String, done: Bool? = nil, error: OperationStatus? = nil, metadata: DDLMetadata? = nil) {
        self.name = name
        self.done = done
        self.error = error
        self.metadata = metadata
    }

    public var isDone: Bool { done ?? false }
}

/// `google.rpc.Status`, with the gRPC integer code.
public struct OperationStatus: Sendable, Hashable, Codable {
    public var code: Int?
    public var message: String?
    public init(code: Int?, message: String?) {
        self.code = code
        self.message = message
    }
}

/// `UpdateDatabaseDdlMetadata`: how far a schema change got.
public struct DDLMetadata: Sendable, Hashable, Codable {
    public var type: String?
    public var database: String?
    public var statements: [String]?
    /// Entry i is the commit time of statement i, present only for statements that succeeded.
    public var commitTimestamps: [String]?
    public var progress: [Progress]?
    public var throttled: Bool?

    public struct Progress: Sendable, Hashable, Codable {
        public var progressPercent: Int?
        public var startTime: String?
        public var endTime: String?
    }

    enum CodingKeys: String, CodingKey {
        case type = "@type", database, statements, commitTimestamps, progress, throttled
    }

    /// Statements committed so far.
    public var committedCount: Int { commitTimestamps?.count ?? 0 }
}

public struct GetDatabaseDdlResponse: Sendable, Hashable, Codable {
    public var statements: [String]?
    public var protoDescriptors: String?
}

public struct Session: Sendable, Hashable, Codable {
    public var name: String
    public init(name: String) { self.name = name }
}

public struct TransactionInfo: Sendable, Hashable, Codable {
    public var id: String?
    public var readTimestamp: String?
}

public struct CommitResponse: Sendable, Hashable, Codable {
    public var commitTimestamp: String?
}

/// A query's rows.
public struct ResultSet: Sendable, Hashable, Codable {
    public var metadata: Metadata?
    public var rows: [[JSONValue]]?
    public var stats: Stats?

    public struct Metadata: Sendable, Hashable, Codable {
        public var rowType: RowType?
        public var transaction: TransactionInfo?
    }

    public struct RowType: Sendable, Hashable, Codable {
        public var fields: [Field]?
    }

    public struct Field: Sendable, Hashable, Codable {
        public var name: String?
        public var type: JSONValue?
    }

    public struct Stats: Sendable, Hashable, Codable {
        public var rowCountExact: String?
        public var rowCountLowerBound: String?
    }

    /// Rows as dictionaries by column name.
    public var records: [[String: JSONValue]] {
        let names = metadata?.rowType?.fields?.map { $0.name ?? "" } ?? []
        return (rows ?? []).map { row in
            var record: [String: JSONValue] = [:]
            for (index, value) in row.enumerated() where index < names.count { record[names[index]] = value }
            return record
        }
    }
}

public struct ExecuteBatchDmlResponse: Sendable, Hashable, Codable {
    public var resultSets: [ResultSet]?
    public var status: OperationStatus?
}

public struct Database: Sendable, Hashable, Codable {
    public var name: String?
    public var state: String?
    /// `GOOGLE_STANDARD_SQL` or `POSTGRESQL`; absent from older emulators (GoogleSQL).
    public var databaseDialect: String?
}

/// A mutation for a commit.
public enum Mutation: Sendable, Hashable {
    case insert(table: String, columns: [String], values: [[JSONValue]])
    case update(table: String, columns: [String], values: [[JSONValue]])
    case insertOrUpdate(table: String, columns: [String], values: [[JSONValue]])
    case replace(table: String, columns: [String], values: [[JSONValue]])
    /// Deletes rows by key (each key a list of key-column values).
    case delete(table: String, keys: [[JSONValue]])
    case deleteAll(table: String)

    var json: JSONValue {
        func write(_ table: String, _ columns: [String], _ values: [[JSONValue]]) -> JSONValue {
            .object(["table": .string(table), "columns": .array(columns.map(JSONValue.string)), "values": .array(values.map(JSONValue.array))])
        }
        switch self {
        case .insert(let t, let c, let v): return .object(["insert": write(t, c, v)])
        case .update(let t, let c, let v): return .object(["update": write(t, c, v)])
        case .insertOrUpdate(let t, let c, let v): return .object(["insertOrUpdate": write(t, c, v)])
        case .replace(let t, let c, let v): return .object(["replace": write(t, c, v)])
        case .delete(let t, let keys): return .object(["delete": .object(["table": .string(t), "keySet": .object(["keys": .array(keys.map(JSONValue.array))])])])
        case .deleteAll(let t): return .object(["delete": .object(["table": .string(t), "keySet": .object(["all": true])])])
        }
    }
}

/// `Operation`, under a name that does not clash with Foundation's.
public typealias SpannerOperation = Operation
