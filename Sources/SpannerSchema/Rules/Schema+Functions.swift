import SpannerDDL

// MARK: - User-defined functions and the bodies that use them

extension Schema {
    /// `CREATE [OR REPLACE] FUNCTION`, with Spanner's rules for signatures, bodies and replacement.
    mutating func createFunction(_ function: CreateFunction) throws(SchemaError) {
        let key = NameKey(function.name)
        try validateSignature(function)
        try validateLanguage(function)
        if function.name.parts.count == 1, BuiltinFunctions.contains(function.name.base.name) {
            throw SchemaError(kind: .duplicateName, message: "function \(function.name) has the name of a built-in function; choose another name or put it in a named schema")
        }
        if views[key] != nil { throw .duplicate("function", function.name, existing: "view") }
        if let existing = functions[key] {
            guard function.orReplace else { throw .duplicate("function", function.name, existing: "function") }
            if !sameSignature(existing, function) {
                let users = dependents(ofFunction: existing.name)
                guard users.isEmpty else {
                    throw .disallowed("cannot change the signature of function \(existing.name): \(users.joined(separator: ", ")) use\(users.count == 1 ? "s" : "") it")
                }
            }
        } else if function.name.parts.count > 1, namedSchemas[NameKey(function.name.parts[0])] == nil {
            throw .unknown("schema", function.name.parts[0])
        }
        if let body = function.body {
            let references = body.references
            try validateBody(references, of: "function \(function.name)", parameters: function.parameters.map(\.name), allowStar: true)
            if functions[key] != nil, bodyDepends(references, on: key, visited: []) {
                throw .body("function \(function.name) would depend on itself through its new body")
            }
        }
        functions[key] = function
    }

    private func validateSignature(_ function: CreateFunction) throws(SchemaError) {
        func check(_ type: DataType, _ what: String) throws(SchemaError) {
            switch type {
            case .string(_?), .bytes(_?):
                throw .body("\(what) of function \(function.name) has a length; function types take none (write STRING or BYTES)")
            case .array(let element, _):
                if case .array = element { throw .body("\(what) of function \(function.name) is an array of arrays, which GoogleSQL does not allow") }
                try check(element, what)
            default:
                return
            }
        }
        for parameter in function.parameters { try check(parameter.type, "parameter \(parameter.name)") }
        if let returns = function.returns { try check(returns, "the return type") }
    }

    private func validateLanguage(_ function: CreateFunction) throws(SchemaError) {
        let options = function.options?.entries ?? []
        var seen = Set<String>()
        for option in options {
            let name = option.name.name.lowercased()
            guard seen.insert(name).inserted else { throw .option("option \(name) is given twice on function \(function.name)") }
        }
        if function.isRemote {
            guard function.body == nil else { throw .body("remote function \(function.name) cannot have a body") }
            for option in options {
                switch option.name.name.lowercased() {
                case "endpoint":
                    guard option.value.stringLiteral != nil else { throw .option("endpoint of function \(function.name) must be a string") }
                case "max_batching_rows":
                    guard let rows = option.value.integerLiteral, rows >= 0 else {
                        throw .option("max_batching_rows of function \(function.name) must be a non-negative integer")
                    }
                default:
                    throw .option("remote function \(function.name) has no option \(option.name); it takes endpoint and max_batching_rows")
                }
            }
            guard function.options?["endpoint"] != nil else { throw .option("remote function \(function.name) needs OPTIONS (endpoint = '...')") }
            guard function.determinism == .notDeterministic else {
                throw .body("remote function \(function.name) must be declared NOT DETERMINISTIC")
            }
        } else {
            if let option = options.first { throw .option("SQL function \(function.name) takes no option \(option.name); only remote functions have options") }
            guard function.body != nil else { throw .body("function \(function.name) needs a body: AS (expression)") }
        }
    }

    private func sameSignature(_ a: CreateFunction, _ b: CreateFunction) -> Bool {
        a.parameters.map(\.type) == b.parameters.map(\.type) && a.returns == b.returns
    }

    // MARK: Bodies

    /// Checks what a view's or a function's body names: relations, functions, sequences and
    /// indexes must exist, and `FOR UPDATE` is not allowed.
    func validateBody(_ references: BodyReferences, of owner: String, parameters: [Identifier] = [], allowStar: Bool) throws(SchemaError) {
        if references.forUpdate { throw .body("\(owner) uses FOR UPDATE, which Spanner does not allow in a schema object") }
        if !allowStar, references.selectsStar {
            throw .body("\(owner) selects *; Spanner resolves view columns strictly, so name each column")
        }
        let ctes = Set(references.commonTableExpressions.map { NameKey($0) })
        for relation in references.relations {
            if relation.parts.count == 1, ctes.contains(NameKey(relation.base)) { continue }
            if relation.parts.count == 2, namedSchemas[NameKey(relation.parts[0])] == nil { continue }
            if relation.parts.count > 2 { continue }
            if tables[NameKey(relation)] != nil || views[NameKey(relation)] != nil || synonymOwners[NameKey(relation)] != nil { continue }
            if relation.parts.count == 1, parameters.contains(where: { $0.matches(relation.base) }) { continue }
            throw .body("\(owner) reads \(relation), which is not a table or view")
        }
        for function in references.functions {
            if knowsFunction(function) { continue }
            throw .body("\(owner) calls \(function), which is neither a built-in function nor a function of this database")
        }
        for sequence in references.sequences where sequences[NameKey(sequence)] == nil {
            throw .body("\(owner) uses sequence \(sequence), which does not exist")
        }
        for index in references.indexes where indexes[NameKey(index)] == nil {
            throw .body("\(owner) forces index \(index), which does not exist")
        }
    }

    func knowsFunction(_ name: ObjectName) -> Bool {
        if functions[NameKey(name)] != nil { return true }
        if name.parts.count == 1 { return BuiltinFunctions.contains(name.base.name) }
        return BuiltinFunctions.containsQualified(name.parts.map(\.name))
    }

    /// Whether a body reaches the function `target` through functions, views and tables' column
    /// expressions it uses.
    func bodyDepends(_ references: BodyReferences, on target: NameKey, visited: Set<NameKey>) -> Bool {
        var visited = visited
        for function in references.functions {
            let key = NameKey(function)
            if key == target { return true }
            guard let used = functions[key], visited.insert(key).inserted, let body = used.body else { continue }
            if bodyDepends(body.references, on: target, visited: visited) { return true }
        }
        for relation in references.relations {
            let key = NameKey(relation)
            guard visited.insert(key).inserted else { continue }
            if let view = views[key], bodyDepends(view.query.references, on: target, visited: visited) { return true }
            if let table = tables[key] {
                for expression in table.expressions where bodyDepends(expression.references, on: target, visited: visited) { return true }
            }
        }
        return false
    }

    /// What calls the function `name`: views, functions, and tables' generated columns,
    /// defaults and checks.
    public func dependents(ofFunction name: ObjectName) -> [String] {
        let key = NameKey(name)
        func calls(_ expression: Expression) -> Bool { expression.references.functions.contains { NameKey($0) == key } }
        var found: [String] = []
        for view in views.values where calls(view.query) { found.append("view \(view.name)") }
        for function in functions.values where NameKey(function.name) != key {
            if let body = function.body, calls(body) { found.append("function \(function.name)") }
        }
        for table in tables.values {
            for column in table.columns {
                switch column.generation {
                case .generated(let e, _)?, .default(let e)?:
                    if calls(e) { found.append("column \(table.name).\(column.name)") }
                default: break
                }
            }
            for check in table.checks where calls(check.expression) {
                found.append("check constraint \(check.name.map(\.description) ?? "(unnamed)") on \(table.name)")
            }
        }
        return found.sorted()
    }

    /// Views and functions whose bodies read the relation `name` (a table or a view).
    func bodiesReading(_ name: ObjectName) -> [String] {
        let key = NameKey(name)
        return bodyUsers(excluding: key) { $0.relations.contains { NameKey($0) == key } }
    }

    /// Views and functions that use the sequence `name`.
    func bodiesUsing(sequence name: ObjectName) -> [String] {
        let key = NameKey(name)
        return bodyUsers { $0.sequences.contains { NameKey($0) == key } }
    }

    /// Views and functions that force the index `name`.
    func bodiesForcing(index name: ObjectName) -> [String] {
        let key = NameKey(name)
        return bodyUsers { $0.indexes.contains { NameKey($0) == key } }
    }

    /// Views and functions (other than `excluded`) whose bodies' references satisfy `uses`.
    private func bodyUsers(excluding excluded: NameKey? = nil, _ uses: (BodyReferences) -> Bool) -> [String] {
        var found: [String] = []
        for view in views.values where NameKey(view.name) != excluded && uses(view.query.references) { found.append("view \(view.name)") }
        for function in functions.values where NameKey(function.name) != excluded {
            if let body = function.body, uses(body.references) { found.append("function \(function.name)") }
        }
        return found
    }
}

extension Table {
    /// Every expression stored with the table: generated columns, defaults and checks.
    var expressions: [Expression] {
        var result: [Expression] = []
        for column in columns {
            switch column.generation {
            case .generated(let e, _)?, .default(let e)?: result.append(e)
            default: break
            }
        }
        return result + checks.map(\.expression)
    }
}
