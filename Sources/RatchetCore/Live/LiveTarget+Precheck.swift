import SpannerClient

extension LiveTarget {
    /// Counts, with read-only queries at a strong timestamp, the rows each check is about; the
    /// sample query runs only for a count above zero, so clean data costs one query a check.
    /// A query that fails is reported on its result, not thrown: the statement is then left
    /// to Spanner's own validation, as without pre-checks.
    public func precheck(_ checks: [Precheck]) async -> [PrecheckResult] {
        var results: [PrecheckResult] = []
        for check in checks {
            do throws(SpannerError) {
                let counted = try await database.query(check.countSQL)
                let count = Int(counted.records.first?["violations"]?.int64Value ?? 0)
                var samples: [String] = []
                if count > 0, check.isCheck, let sampleSQL = check.sampleSQL {
                    let rows = try await database.query(sampleSQL)
                    let fields = rows.metadata?.rowType?.fields ?? []
                    for row in rows.records.prefix(3) {
                        samples.append(
                            fields.map { field in
                                let name = field.name ?? ""
                                let numeric = ["INT64", "FLOAT64", "FLOAT32", "NUMERIC", "BOOL"].contains(Self.typeCode(field.type))
                                return "\(name)=\(numeric ? (row[name]?.stringValue ?? Self.literal(row[name])) : Self.literal(row[name]))"
                            }.joined(separator: ", "))
                    }
                }
                results.append(PrecheckResult(precheck: check, count: count, samples: samples))
            } catch {
                results.append(PrecheckResult(precheck: check, count: 0, error: error.message))
            }
        }
        return results
    }

    static func typeCode(_ type: JSONValue?) -> String {
        guard case .object(let fields)? = type, case .string(let code)? = fields["code"] else { return "" }
        return code
    }

    static func literal(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
        case .number(let number)?: number.rounded() == number ? String(Int64(number)) : String(number)
        case .bool(let flag)?: flag ? "TRUE" : "FALSE"
        case .null?, nil: "NULL"
        default: "…"
        }
    }
}
