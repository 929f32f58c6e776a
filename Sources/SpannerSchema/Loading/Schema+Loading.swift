import SpannerDDL

// MARK: - Building a schema from DDL

extension Schema {
    /// Replays statements in the order given, as GetDatabaseDdl returns them or as migrations
    /// apply them.
    public init(replaying statements: [Statement], dialect: Dialect = .googleSQL, limits: SchemaLimits = .production) throws(SchemaError) {
        self.init(dialect: dialect)
        try apply(statements, limits: limits)
    }

    /// Builds the schema that a declared `schema.sql` describes, whose objects may be listed in
    /// any order: children before parents, foreign keys before their targets, views before
    /// their tables.
    ///
    /// Statements are applied in dependency order: schemas and other containers, sequences,
    /// tables (parents first, foreign keys added once every table exists), indexes, change
    /// streams, models, views (each after the views it reads), graphs, grants, then anything
    /// else in file order.
    public init(declaring statements: [Statement], dialect: Dialect = .googleSQL, limits: SchemaLimits = .production) throws(SchemaError) {
        self.init(dialect: dialect)
        // View and function bodies are resolved when applied, so they load in dependency order.
        let ordered = Self.dependencyOrder(statements, orderingViews: true)
        for statement in ordered {
            do {
                try apply(statement, limits: limits)
            } catch var error {
                // Where it came from: the same statement, or the CREATE TABLE a bare table or a
                // foreign key was split from. Looked up only on failure: comparing statements
                // costs a walk of each syntax tree.
                func origin(ofTable name: ObjectName) -> Int? {
                    statements.firstIndex { if case .createTable(let table) = $0 { NameKey(table.name) == NameKey(name) } else { false } }
                }
                if let index = statements.firstIndex(of: statement) {
                    error.sourceIndex = index
                } else if case .createTable(let table) = statement {
                    error.sourceIndex = origin(ofTable: table.name)
                } else if case .alterTable(let alter) = statement {
                    error.sourceIndex = origin(ofTable: alter.name)
                }
                throw error
            }
        }
    }

    /// The statements of a declared schema in an order Spanner accepts.
    public static func dependencyOrder(_ statements: [Statement]) -> [Statement] {
        dependencyOrder(statements, orderingViews: true)
    }

    static func dependencyOrder(_ statements: [Statement], orderingViews: Bool) -> [Statement] {
        var containers: [Statement] = [], sequences: [Statement] = [], tables: [CreateTable] = []
        var indexes: [Statement] = [], streams: [Statement] = [], models: [Statement] = [], views: [CreateView] = []
        var graphs: [Statement] = [], grants: [Statement] = [], rest: [Statement] = []
        var functions: [CreateFunction] = []
        for statement in statements {
            switch statement {
            case .createSchema, .createProtoBundle, .createPlacement, .createLocalityGroup, .createRole, .alterDatabase, .alterLocalityGroup:
                containers.append(statement)
            case .createSequence: sequences.append(statement)
            case .createTable(let table): tables.append(table)
            case .createIndex, .createSearchIndex, .createVectorIndex: indexes.append(statement)
            case .createChangeStream: streams.append(statement)
            case .createModel: models.append(statement)
            case .createView(let view): views.append(view)
            case .createFunction(let function): functions.append(function)
            case .createPropertyGraph: graphs.append(statement)
            case .grant, .revoke: grants.append(statement)
            default: rest.append(statement)
            }
        }
        // Functions that read no table come before the tables whose expressions may call them;
        // the others after the tables, with the models.
        let readsRelations: (CreateFunction) -> Bool = { !($0.body?.references.relations.isEmpty ?? true) }
        let orderedFunctions = functionOrder(functions)
        var ordered = containers + sequences + orderedFunctions.filter { !readsRelations($0) }.map(Statement.createFunction)
        models = orderedFunctions.filter(readsRelations).map(Statement.createFunction) + models
        // Tables: parents before children; foreign keys afterwards, so targets and cycles work.
        var foreignKeys: [Statement] = []
        for table in sortedByParent(tables) {
            var bare = table
            bare.constraints = table.constraints.filter { if case .foreignKey = $0 { false } else { true } }
            ordered.append(.createTable(bare))
            for case .foreignKey(let key) in table.constraints {
                foreignKeys.append(.alterTable(AlterTable(name: table.name, action: .addConstraint(.foreignKey(key)))))
            }
        }
        ordered += foreignKeys + indexes + streams + models
        ordered += (orderingViews ? viewOrder(views) : views).map(Statement.createView)
        ordered += graphs + grants + rest
        return ordered
    }

    /// Tables ordered so that every interleave parent comes first; otherwise in file order.
    private static func sortedByParent(_ tables: [CreateTable]) -> [CreateTable] {
        let byKey = Dictionary(tables.map { (NameKey($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        var placed = Set<NameKey>()
        var visiting = Set<NameKey>()
        var result: [CreateTable] = []
        func place(_ table: CreateTable) {
            let key = NameKey(table.name)
            guard !placed.contains(key), visiting.insert(key).inserted else { return }
            if let parent = table.interleave.map({ NameKey($0.parent) }), let parentTable = byKey[parent] { place(parentTable) }
            visiting.remove(key)
            if placed.insert(key).inserted { result.append(table) }
        }
        for table in tables { place(table) }
        // Duplicate names are kept so that applying them reports the clash.
        var seen = Set<NameKey>()
        let duplicates = tables.filter { !seen.insert(NameKey($0.name)).inserted }
        return result + duplicates
    }
}
