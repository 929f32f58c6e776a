/// The revisions of a project as a directed acyclic graph: branches, merges, labels and
/// cross-branch dependencies, validated on construction.
public struct RevisionGraph: Sendable {
    public let revisions: [String: Revision]
    /// Every revision, parents (and depends-on) before children; ties by creation time, then id.
    public let order: [String]
    /// Children by parent id (depends-on edges excluded, as in Alembic).
    public let children: [String: [String]]
    /// Revisions nothing descends from, in `order`.
    public let heads: [String]
    /// Revisions without parents, in `order`.
    public let bases: [String]
    /// Branch label to the revision that carries it.
    public let labels: [String: String]
    private let position: [String: Int]

    public init(_ list: [Revision]) throws(RatchetError) {
        var byId: [String: Revision] = [:]
        for revision in list {
            if let other = byId[revision.id] {
                throw RatchetError(
                    .graph, "revision id \(revision.id) is used twice: by \(other.file) and by \(revision.file); give one of them a new id",
                    at: revision.location(of: "revision"))
            }
            byId[revision.id] = revision
        }
        var labels: [String: String] = [:]
        var children: [String: [String]] = [:]
        for revision in list {
            for parent in revision.parents where byId[parent] == nil {
                throw RatchetError(
                    .graph, "revision \(revision.id) names an unknown parent \(parent): no file in the migrations directory has that id",
                    at: revision.location(of: "parents"))
            }
            for other in revision.dependsOn where byId[other] == nil && labels[other] == nil && !list.contains(where: { $0.branchLabels.contains(other) }) {
                throw RatchetError(
                    .graph, "revision \(revision.id) depends on \(other), which is neither a revision nor a branch label",
                    at: revision.location(of: "depends-on"))
            }
            for label in revision.branchLabels {
                if let owner = labels[label] {
                    throw RatchetError(
                        .graph, "branch label '\(label)' is on both \(owner) and \(revision.id); a label names one branch",
                        at: revision.location(of: "branch-labels"))
                }
                if byId[label] != nil {
                    throw RatchetError(.graph, "branch label '\(label)' is also a revision id", at: revision.location(of: "branch-labels"))
                }
                labels[label] = revision.id
            }
            for parent in revision.parents { children[parent, default: []].append(revision.id) }
        }
        self.revisions = byId
        self.labels = labels
        let order = try Self.topologicalOrder(byId, labels: labels)
        self.order = order
        var position: [String: Int] = [:]
        for (i, id) in order.enumerated() { position[id] = i }
        self.position = position
        self.children = children.mapValues { $0.sorted { position[$0]! < position[$1]! } }
        self.heads = order.filter { children[$0] == nil }
        self.bases = order.filter { byId[$0]!.parents.isEmpty }
    }

    /// Every edge a revision must come after: its parents and what it depends on.
    func prerequisites(of id: String) -> [String] {
        let revision = revisions[id]!
        return revision.parents + revision.dependsOn.map { labels[$0] ?? $0 }
    }

    private static func topologicalOrder(_ byId: [String: Revision], labels: [String: String]) throws(RatchetError) -> [String] {
        var pending: [String: Int] = [:]
        var dependents: [String: [String]] = [:]
        for (id, revision) in byId {
            let prerequisites = Set(revision.parents + revision.dependsOn.map { labels[$0] ?? $0 })
            pending[id] = prerequisites.count
            for prerequisite in prerequisites { dependents[prerequisite, default: []].append(id) }
        }
        func precedes(_ a: String, _ b: String) -> Bool {
            let ra = byId[a]!, rb = byId[b]!
            return ra.created != rb.created ? ra.created < rb.created : a < b
        }
        // Ready revisions, kept sorted so that the next one taken is the earliest.
        var ready = pending.filter { $0.value == 0 }.map(\.key).sorted { precedes($1, $0) }
        var order: [String] = []
        order.reserveCapacity(byId.count)
        while let next = ready.popLast() {
            order.append(next)
            for dependent in dependents[next] ?? [] {
                pending[dependent]! -= 1
                if pending[dependent] == 0 {
                    let at = ready.firstIndex { precedes($0, dependent) } ?? ready.endIndex
                    ready.insert(dependent, at: at)
                }
            }
        }
        guard order.count == byId.count else {
            let cycle = findCycle(byId, labels: labels, among: Set(byId.keys).subtracting(order))
            let first = byId[cycle[0]]!
            throw RatchetError(
                .graph, "the revisions form a cycle: \(cycle.joined(separator: " -> ")); a revision cannot descend from itself",
                at: first.location(of: "parents"),
                details: cycle.dropLast().map { "  \($0): \(byId[$0]!.file)" })
        }
        return order
    }

    /// A cycle among `candidates`, as ids from a revision back to itself (following parents).
    private static func findCycle(_ byId: [String: Revision], labels: [String: String], among candidates: Set<String>) -> [String] {
        var path: [String] = []
        var onPath = Set<String>()
        var done = Set<String>()
        func visit(_ id: String) -> [String]? {
            if onPath.contains(id) { return Array(path[path.firstIndex(of: id)!...]) + [id] }
            if done.contains(id) || !candidates.contains(id) { return nil }
            path.append(id)
            onPath.insert(id)
            let revision = byId[id]!
            for next in (revision.parents + revision.dependsOn.map { labels[$0] ?? $0 }).sorted() {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            onPath.remove(id)
            done.insert(id)
            return nil
        }
        for id in candidates.sorted() {
            if let cycle = visit(id) { return cycle }
        }
        return Array(candidates.sorted())
    }

    // MARK: - Queries

    public var isEmpty: Bool { revisions.isEmpty }

    /// `ids` and everything they need: parents and depends-on, transitively.
    public func ancestors(of ids: some Sequence<String>) -> Set<String> {
        var result = Set<String>()
        var stack = Array(ids)
        while let id = stack.popLast() {
            guard result.insert(id).inserted else { continue }
            stack.append(contentsOf: prerequisites(of: id))
        }
        return result
    }

    /// `id` and every revision that descends from it through parents.
    public func descendants(of id: String) -> Set<String> {
        var result = Set<String>()
        var stack = [id]
        while let next = stack.popLast() {
            guard result.insert(next).inserted else { continue }
            stack.append(contentsOf: children[next] ?? [])
        }
        return result
    }

    /// `ids` and every revision that needs one of them (as a parent or through depends-on),
    /// transitively.
    public func dependents(of ids: some Sequence<String>) -> Set<String> {
        var reverse: [String: [String]] = [:]
        for id in order {
            for prerequisite in prerequisites(of: id) { reverse[prerequisite, default: []].append(id) }
        }
        var result = Set<String>()
        var stack = Array(ids)
        while let next = stack.popLast() {
            guard result.insert(next).inserted else { continue }
            stack.append(contentsOf: reverse[next] ?? [])
        }
        return result
    }

    /// `ids` in graph order.
    public func sorted(_ ids: some Sequence<String>) -> [String] {
        ids.sorted { position[$0]! < position[$1]! }
    }

    /// Revisions with more than one child: where branches split.
    public var branchPoints: [String] { order.filter { (children[$0]?.count ?? 0) > 1 } }

    /// The heads among `applied`: applied revisions with no applied child.
    public func heads(of applied: Set<String>) -> [String] {
        sorted(applied.filter { id in !(children[id] ?? []).contains { applied.contains($0) } })
    }

    /// The branch labels that apply to a revision: its own and those of its ancestors.
    public func labels(of id: String) -> [String] {
        let ancestry = ancestors(of: [id])
        return labels.filter { ancestry.contains($0.value) }.map(\.key).sorted()
    }
}
