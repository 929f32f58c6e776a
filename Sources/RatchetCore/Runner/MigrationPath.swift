/// Which revisions a run applies or reverts, in the order it does so.
public struct MigrationPath: Sendable, Hashable {
    public var direction: RevisionBody.Direction
    /// Revision ids, in the order they run.
    public var revisions: [String]
    /// The applied set before and after.
    public var before: Set<String>
    public var after: Set<String>

    public var isEmpty: Bool { revisions.isEmpty }

    /// The revisions to apply so that `target` is reached from `applied`.
    public static func upgrade(_ graph: RevisionGraph, from applied: Set<String>, to target: RevisionTarget) throws(RatchetError) -> MigrationPath {
        let wanted: Set<String>
        switch target {
        case .relative(let n) where n > 0:
            // The next N revisions whose prerequisites are met, earliest first.
            var taken: [String] = []
            var available = applied
            for id in graph.order where !available.contains(id) && graph.prerequisites(of: id).allSatisfy(available.contains) {
                taken.append(id)
                available.insert(id)
                if taken.count == n { break }
            }
            guard taken.count == n else {
                throw RatchetError(.target, "only \(taken.count) revision\(taken.count == 1 ? "" : "s") can be applied, not \(n)")
            }
            wanted = Set(taken)
        case .relative:
            throw RatchetError(.target, "upgrade goes up: use +N, or `ratchet downgrade \(target)`")
        default:
            wanted = graph.ancestors(of: try graph.goals(of: target))
        }
        let steps = graph.sorted(wanted.subtracting(applied))
        return MigrationPath(direction: .upgrade, revisions: steps, before: applied, after: applied.union(steps))
    }

    /// The revisions to revert so that only `target` and what it needs stay applied.
    public static func downgrade(_ graph: RevisionGraph, from applied: Set<String>, to target: RevisionTarget) throws(RatchetError) -> MigrationPath {
        var removed = Set<String>()
        switch target {
        case .base:
            removed = applied
        case .relative(let n) where n < 0:
            // Peel the latest applied revisions that nothing applied needs.
            var remaining = applied
            for _ in 0..<(-n) {
                guard
                    let last = graph.order.last(where: { id in
                        remaining.contains(id) && !remaining.contains { graph.prerequisites(of: $0).contains(id) }
                    })
                else {
                    throw RatchetError(.target, "only \(removed.count) revision\(removed.count == 1 ? " is" : "s are") applied, so \(target) goes below base")
                }
                remaining.remove(last)
                removed.insert(last)
            }
        case .relative:
            throw RatchetError(.target, "downgrade goes down: use -N, or `ratchet upgrade \(target)`")
        case .head, .heads:
            throw RatchetError(.target, "downgrade needs a target below the current state: a revision, -N or base")
        default:
            let goals = try graph.goals(of: target)
            for goal in goals where !applied.contains(goal) {
                throw RatchetError(.target, "revision \(goal) is not applied, so there is nothing to go down to; `ratchet current` shows what is")
            }
            // Everything applied above a goal goes: what descends from it, and what depends on that.
            removed = graph.dependents(of: goals).subtracting(goals).intersection(applied)
        }
        let steps = Array(graph.sorted(removed).reversed())
        return MigrationPath(direction: .downgrade, revisions: steps, before: applied, after: applied.subtracting(removed))
    }
}
