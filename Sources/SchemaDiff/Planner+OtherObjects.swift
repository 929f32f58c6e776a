import SpannerDDL
import SpannerSchema

// MARK: - Models, placements, locality groups, property graphs and proto bundles

extension Planner {
    /// Graphs read tables: they go before any table drop.
    mutating func planGraphDrops() {
        for key in old.propertyGraphs.keys.sorted() where new.propertyGraphs[key] == nil {
            guard let graph = old.propertyGraphs[key] else { continue }
            drop(.drop(Drop(kind: .propertyGraph, name: graph.name)), .instant, "property graph removed", "property graph \(graph.name)")
        }
        for key in old.models.keys.sorted() where new.models[key] == nil {
            guard let model = old.models[key] else { continue }
            drop(.drop(Drop(kind: .model, name: model.name)), .instant, "model removed", "model \(model.name)")
        }
    }

    /// Placements and locality groups exist before the tables that name them.
    mutating func planContainerCreates() {
        for (storage, kind, statement) in [
            (\Schema.placements, "placement", { Statement.createPlacement($0) } as (CreateOptionsObject) -> Statement),
            (\Schema.localityGroups, "locality group", { Statement.createLocalityGroup($0) }),
        ] {
            let before = old[keyPath: storage], after = new[keyPath: storage]
            for key in after.keys.sorted() {
                guard let object = after[key] else { continue }
                guard let current = before[key] else {
                    var created = object
                    created.ifNotExists = false
                    create(statement(created), .instant, "\(kind) added", "\(kind) \(object.name)")
                    continue
                }
                if let changes = Equivalence.optionChanges(from: current.options, to: object.options) {
                    let alter = AlterOptionsObject(name: ObjectName(object.name), options: changes)
                    create(kind == "placement" ? .alterPlacement(alter) : .alterLocalityGroup(alter), .instant, "\(kind) options changed", "\(kind) \(object.name)")
                }
            }
        }
        switch (old.protoTypes, new.protoTypes) {
        case (nil, let types?):
            create(.createProtoBundle(CreateProtoBundle(types: types)), .instant, "proto bundle added", "proto bundle")
        case (let before?, let after?):
            let inserted = after.filter { t in !before.contains { $0.matches(t) } }
            let deleted = before.filter { t in !after.contains { $0.matches(t) } }
            if !inserted.isEmpty || !deleted.isEmpty {
                create(.alterProtoBundle(AlterProtoBundle(insert: inserted, delete: deleted)), .instant, "proto types changed", "proto bundle")
            }
            warnings.append("proto descriptors are not compared: a changed message definition needs ALTER PROTO BUNDLE UPDATE with its descriptors")
        default:
            break
        }
    }

    /// Models and graphs after the tables they read; removed containers after everything.
    mutating func planOtherCreates() {
        for key in new.models.keys.sorted() {
            guard let model = new.models[key] else { continue }
            if let current = old.models[key] {
                var a = current, b = model
                (a.options, b.options, a.orReplace, b.orReplace, a.ifNotExists, b.ifNotExists) = (nil, nil, false, false, false, false)
                if a != b {
                    var replacement = model
                    replacement.orReplace = true
                    replacement.ifNotExists = false
                    create(.createModel(replacement), .instant, "model definition changed", "model \(model.name)")
                } else if let changes = Equivalence.optionChanges(from: current.options, to: model.options) {
                    create(.alterModel(AlterOptionsObject(name: model.name, options: changes)), .instant, "model options changed", "model \(model.name)")
                }
            } else {
                var created = model
                (created.orReplace, created.ifNotExists) = (false, false)
                create(.createModel(created), .instant, "model added", "model \(model.name)")
            }
        }
        for key in new.propertyGraphs.keys.sorted() {
            guard let graph = new.propertyGraphs[key] else { continue }
            let current = old.propertyGraphs[key]
            guard current?.body != graph.body else { continue }
            var statement = graph
            statement.orReplace = current != nil
            statement.ifNotExists = false
            create(.createPropertyGraph(statement), .instant, current == nil ? "property graph added" : "property graph changed", "property graph \(graph.name)")
        }
        if old.protoTypes != nil && new.protoTypes == nil {
            create(.drop(Drop(kind: .protoBundle, name: nil)), .instant, "proto bundle removed", "proto bundle")
        }
        for (key, placement) in old.placements.sorted(by: { $0.key < $1.key }) where new.placements[key] == nil {
            create(.drop(Drop(kind: .placement, name: ObjectName(placement.name))), .instant, "placement removed", "placement \(placement.name)")
        }
        for (key, group) in old.localityGroups.sorted(by: { $0.key < $1.key }) where new.localityGroups[key] == nil {
            create(.drop(Drop(kind: .localityGroup, name: ObjectName(group.name))), .instant, "locality group removed", "locality group \(group.name)")
        }
    }
}
