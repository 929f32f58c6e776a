import SpannerDDL

// MARK: - OPTIONS lists: names, value types, ranges and combinations Spanner accepts

extension Schema {
    /// Rejects an option list that names an option twice.
    func checkNoDuplicateOptions(_ options: OptionList?, on what: String) throws(SchemaError) {
        var seen = Set<String>()
        for option in options?.entries ?? [] where !seen.insert(option.name.name.lowercased()).inserted {
            throw .option("option \(option.name) is given twice on \(what)")
        }
    }

    /// A duration such as `36h`, `90m`, `7d` or `3600s`, in seconds; nil when malformed.
    static func durationSeconds(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count >= 0 else { return nil }
        switch unit {
        case "s": return count
        case "m": return count * 60
        case "h": return count * 3600
        case "d": return count * 86_400
        default: return nil
        }
    }

    // MARK: Database

    static let databaseOptionNames: Set<String> = [
        "default_leader", "optimizer_version", "optimizer_statistics_package", "version_retention_period",
        "enable_key_visualizer", "default_sequence_kind", "default_time_zone", "witness_location", "read_lease_regions",
    ]

    /// `ALTER DATABASE ... SET OPTIONS`: known names and value types; `default_sequence_kind`
    /// cannot be unset once set, and `default_time_zone` changes only on an empty database.
    func validateDatabaseOptions(_ options: OptionList) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: "the database")
        for option in options.entries {
            let name = option.name.name.lowercased()
            let value = option.value
            guard Self.databaseOptionNames.contains(name) else {
                throw .option("the database has no option \(option.name); known options are \(Self.databaseOptionNames.sorted().joined(separator: ", "))")
            }
            switch name {
            case "default_sequence_kind":
                if value.isNullLiteral {
                    if databaseOptions[name] != nil { throw .option("default_sequence_kind cannot be unset once it is set") }
                } else {
                    guard let kind = value.stringLiteral else { throw .option("default_sequence_kind must be a string") }
                    guard kind.lowercased() == "bit_reversed_positive" else {
                        throw .option("default_sequence_kind '\(kind)' is not supported; use 'bit_reversed_positive'")
                    }
                }
            case "default_time_zone":
                guard value.isNullLiteral || value.stringLiteral.map({ !$0.isEmpty }) == true else { throw .option("default_time_zone must be a string or NULL") }
                if !tables.isEmpty { throw .option("default_time_zone can only be changed on a database with no tables") }
            case "version_retention_period":
                guard value.isNullLiteral || value.stringLiteral.map({ Self.durationSeconds($0) != nil }) == true else {
                    throw .option("version_retention_period must be a duration string such as '1h' or '7d'")
                }
            case "enable_key_visualizer":
                guard value.isNullLiteral || value.boolLiteral != nil else { throw .option("enable_key_visualizer must be TRUE, FALSE or NULL") }
            case "optimizer_version":
                guard value.isNullLiteral || value.integerLiteral != nil else { throw .option("optimizer_version must be an integer or NULL") }
            case "default_leader", "witness_location":
                guard let text = value.stringLiteral, !text.isEmpty else { throw .option("\(name) must be a non-empty string") }
            case "read_lease_regions":
                guard value.isNullLiteral || value.stringLiteral.map({ !$0.isEmpty }) == true || value.text.hasPrefix("[") else {
                    throw .option("read_lease_regions must be a non-empty string, a list of strings or NULL")
                }
            default:
                break
            }
        }
    }

    /// Whether sequences, identity columns and AUTO_INCREMENT may leave out their kind.
    var hasDefaultSequenceKind: Bool {
        databaseOptions["default_sequence_kind"]?.stringLiteral?.lowercased() == "bit_reversed_positive"
    }

    // MARK: Sequences

    /// A sequence's options: the kind, the start counter (at least 1), and a skip range given
    /// together, ordered and reaching a positive number. `current` supplies the values an ALTER
    /// leaves alone.
    func validateSequenceOptions(_ options: OptionList, current: CreateSequence?, name: ObjectName) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: "sequence \(name)")
        var skipMin = current?.options?["skip_range_min"]?.integerLiteral ?? current?.clauses.skipRange?.min
        var skipMax = current?.options?["skip_range_max"]?.integerLiteral ?? current?.clauses.skipRange?.max
        for option in options.entries {
            let value = option.value
            switch option.name.name.lowercased() {
            case "sequence_kind":
                guard let kind = value.stringLiteral else { throw .option("sequence_kind of sequence \(name) must be a string") }
                guard kind.lowercased() == "bit_reversed_positive" else { throw .option("sequence kind '\(kind)' is not supported; use 'bit_reversed_positive'") }
            case "start_with_counter":
                if value.isNullLiteral { continue }
                guard let counter = value.integerLiteral else { throw .option("start_with_counter of sequence \(name) must be an integer") }
                guard counter >= 1 else { throw .option("start_with_counter of sequence \(name) must be at least 1") }
            case "skip_range_min":
                if value.isNullLiteral { skipMin = nil; continue }
                guard let v = value.integerLiteral else { throw .option("skip_range_min of sequence \(name) must be an integer") }
                skipMin = v
            case "skip_range_max":
                if value.isNullLiteral { skipMax = nil; continue }
                guard let v = value.integerLiteral else { throw .option("skip_range_max of sequence \(name) must be an integer") }
                skipMax = v
            default:
                throw .option("sequence \(name) has no option \(option.name); it takes sequence_kind, start_with_counter, skip_range_min and skip_range_max")
            }
        }
        try Self.checkSkipRange(min: skipMin, max: skipMax, of: "sequence \(name)")
    }

    static func checkSkipRange(min: Int64?, max: Int64?, of what: String) throws(SchemaError) {
        guard (min == nil) == (max == nil) else { throw .option("skip_range_min and skip_range_max of \(what) must be set together") }
        guard let min, let max else { return }
        guard min <= max else { throw .option("the skip range of \(what) starts after it ends") }
        guard max >= 1 else { throw .option("the skip range of \(what) must include at least one positive number") }
    }

    /// Clauses of a sequence or identity column: a counter of at least 1, a valid skip range.
    static func checkSequenceClauses(_ clauses: SequenceClauses, of what: String) throws(SchemaError) {
        if let counter = clauses.startCounter, counter < 1 { throw .option("the start counter of \(what) must be at least 1") }
        if let range = clauses.skipRange { try checkSkipRange(min: range.min, max: range.max, of: what) }
    }

    // MARK: Change streams

    static let valueCaptureTypes: Set<String> = ["OLD_AND_NEW_VALUES", "NEW_ROW", "NEW_VALUES", "NEW_ROW_AND_OLD_VALUES"]

    /// Change stream options: a retention period from one to seven days, a known value capture
    /// type, boolean exclusions.
    func validateChangeStreamOptions(_ options: OptionList?, name: ObjectName) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: "change stream \(name)")
        for option in options?.entries ?? [] {
            let value = option.value
            let optionName = option.name.name.lowercased()
            if value.isNullLiteral { continue }
            switch optionName {
            case "retention_period":
                guard let text = value.stringLiteral, let seconds = Self.durationSeconds(text) else {
                    throw .option("retention_period of change stream \(name) must be a duration such as '36h' or '7d'")
                }
                guard seconds >= 86_400, seconds <= 7 * 86_400 else {
                    throw .option("retention_period of change stream \(name) must be between 1 day and 7 days")
                }
            case "value_capture_type":
                guard let text = value.stringLiteral, Self.valueCaptureTypes.contains(text.uppercased()) else {
                    throw .option("value_capture_type of change stream \(name) must be one of \(Self.valueCaptureTypes.sorted().joined(separator: ", "))")
                }
            case "exclude_insert", "exclude_update", "exclude_delete", "exclude_ttl_deletes", "allow_txn_exclusion":
                guard value.boolLiteral != nil else { throw .option("\(optionName) of change stream \(name) must be TRUE or FALSE") }
            default:
                throw .option("change stream \(name) has no option \(option.name)")
            }
        }
    }

    // MARK: Locality groups

    /// Locality group options: storage `ssd` or `hdd`, a spill timespan with a unit.
    func validateLocalityGroupOptions(_ options: OptionList?, name: CustomStringConvertible) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: "locality group \(name)")
        for option in options?.entries ?? [] {
            let value = option.value
            switch option.name.name.lowercased() {
            case "storage":
                guard let text = value.stringLiteral, ["ssd", "hdd"].contains(text.lowercased()) else {
                    throw .option("storage of locality group \(name) must be 'ssd' or 'hdd'")
                }
            case "ssd_to_hdd_spill_timespan":
                guard let text = value.stringLiteral, Self.durationSeconds(text) != nil else {
                    throw .option("ssd_to_hdd_spill_timespan of locality group \(name) must be a duration such as '10m' or '2d'")
                }
            default:
                throw .option("locality group \(name) has no option \(option.name); it takes storage and ssd_to_hdd_spill_timespan")
            }
        }
    }

    /// A table's or column's `locality_group` option must name an existing group.
    func checkLocalityGroupReference(_ options: OptionList?, on what: String) throws(SchemaError) {
        guard let value = options?["locality_group"], !value.isNullLiteral else { return }
        guard let group = value.stringLiteral else { throw .option("locality_group of \(what) must be a string") }
        if group == "default" { return }
        guard localityGroups[NameKey(Identifier(group))] != nil else { throw .unknown("locality group", group) }
    }

    /// Tables and columns that place their data in the locality group `key`.
    func localityGroupUsers(_ key: NameKey) -> [String] {
        func uses(_ options: OptionList?) -> Bool {
            options?["locality_group"]?.stringLiteral.map { NameKey(Identifier($0)) == key } ?? false
        }
        var found: [String] = []
        for table in tables.values {
            if uses(table.options) { found.append("table \(table.name)") }
            for column in table.columns where uses(column.options) { found.append("column \(table.name).\(column.name)") }
        }
        return found.sorted()
    }

    // MARK: Vector indexes

    static let vectorDistanceTypes: Set<String> = ["COSINE", "EUCLIDEAN", "DOT_PRODUCT"]

    /// Vector index options: tree depth 2 or 3, positive leaf and branch counts with no more
    /// branches than leaves, a known distance type, a leaf scatter factor from 0 to 32.
    func validateVectorIndexOptions(_ options: OptionList?, name: ObjectName) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: "vector index \(name)")
        var leaves: Int64?, branches: Int64?
        for option in options?.entries ?? [] {
            let value = option.value
            let optionName = option.name.name.lowercased()
            switch optionName {
            case "tree_depth":
                guard let depth = value.integerLiteral, depth == 2 || depth == 3 else { throw .option("tree_depth of vector index \(name) must be 2 or 3") }
            case "num_leaves", "num_branches", "min_branch_splits", "min_leaf_splits":
                guard let count = value.integerLiteral, count > 0 else { throw .option("\(optionName) of vector index \(name) must be a positive integer") }
                if optionName == "num_leaves" { leaves = count }
                if optionName == "num_branches" { branches = count }
            case "locality_group":
                try checkLocalityGroupReference(options, on: "vector index \(name)")
            case "distance_type":
                guard let text = value.stringLiteral, Self.vectorDistanceTypes.contains(text.uppercased()) else {
                    throw .option("distance_type of vector index \(name) must be COSINE, EUCLIDEAN or DOT_PRODUCT")
                }
            case "leaf_scatter_factor":
                guard let factor = value.integerLiteral, factor >= 0, factor <= 32 else {
                    throw .option("leaf_scatter_factor of vector index \(name) must be an integer from 0 to 32")
                }
            default:
                throw .option("vector index \(name) has no option \(option.name)")
            }
        }
        if let leaves, let branches, branches > leaves {
            throw .option("vector index \(name) has more branches (\(branches)) than leaves (\(leaves))")
        }
    }

    // MARK: Search indexes

    /// Search index options: `sort_order_sharding` and `disable_automatic_uid_column`, booleans.
    func validateSearchIndexOptions(_ options: OptionList?, name: ObjectName) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: "search index \(name)")
        for option in options?.entries ?? [] {
            switch option.name.name.lowercased() {
            case "locality_group":
                try checkLocalityGroupReference(options, on: "search index \(name)")
            case "sort_order_sharding", "disable_automatic_uid_column":
                guard option.value.boolLiteral != nil else { throw .option("\(option.name) of search index \(name) must be TRUE or FALSE") }
            default:
                throw .option("search index \(name) has no option \(option.name); it takes sort_order_sharding and disable_automatic_uid_column")
            }
        }
    }
}

// MARK: - Tables, columns and indexes

extension Schema {
    /// Table and secondary-index options: only `locality_group`.
    func validatePlacementOptions(_ options: OptionList?, on what: String) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: what)
        for option in options?.entries ?? [] where option.name.name.lowercased() != "locality_group" {
            throw .option("\(what) has no option \(option.name); it takes locality_group")
        }
        try checkLocalityGroupReference(options, on: what)
    }

    /// Column options: `allow_commit_timestamp` (TRUE, FALSE or NULL) and `locality_group`.
    /// A column option may be repeated; the last one counts.
    func validateColumnOptions(_ options: OptionList?, on what: @autoclosure () -> String) throws(SchemaError) {
        guard let options, !options.entries.isEmpty else { return }
        let what = what()
        for option in options.entries {
            switch option.name.name.lowercased() {
            case "allow_commit_timestamp":
                guard option.value.boolLiteral != nil || option.value.isNullLiteral else {
                    throw .option("allow_commit_timestamp of \(what) must be TRUE, FALSE or NULL")
                }
            case "locality_group", "cassandra_type":
                continue
            default:
                throw .option("\(what) has no option \(option.name); columns take allow_commit_timestamp and locality_group")
            }
        }
        try checkLocalityGroupReference(options, on: what)
    }
}
