/// Where a command goes: `head`, `heads`, `base`, an id or unique prefix, a branch label,
/// `label@head`, `+N` or `-N`.
public enum RevisionTarget: Sendable, Hashable, CustomStringConvertible {
    /// The one head (an error when there are several).
    case head
    /// Every head.
    case heads
    /// Before the first revision.
    case base
    /// A revision id, a unique id prefix, or a branch label.
    case revision(String)
    /// The head of the branch a label names.
    case labelHead(String)
    /// N revisions up (+N) or down (-N) from the current state.
    case relative(Int)

    public init(parsing text: String) throws(RatchetError) {
        let value = text.trimmingSpaces
        switch value.lowercased() {
        case "head": self = .head
        case "heads": self = .heads
        case "base": self = .base
        case "": throw RatchetError(.target, "an empty target; use head, heads, base, a revision id, +N or -N")
        default:
            if value.hasPrefix("--") {
                throw RatchetError(.target, "unknown option '\(value)'; see --help")
            }
            if let sign = value.first, sign == "+" || sign == "-" {
                guard let count = Int(value.dropFirst()), count > 0 else {
                    throw RatchetError(.target, "'\(value)' is not a relative target; write +N or -N with N a positive number")
                }
                self = .relative(sign == "+" ? count : -count)
            } else if value.lowercased().hasSuffix("@head") {
                self = .labelHead(String(value.dropLast("@head".count)))
            } else {
                self = .revision(value)
            }
        }
    }

    public var description: String {
        switch self {
        case .head: "head"
        case .heads: "heads"
        case .base: "base"
        case .revision(let id): id
        case .labelHead(let label): "\(label)@head"
        case .relative(let n): n > 0 ? "+\(n)" : "\(n)"
        }
    }
}

extension RevisionGraph {
    /// The revision an id, a unique prefix or a branch label names.
    public func resolve(_ name: String) throws(RatchetError) -> String {
        if revisions[name] != nil { return name }
        if let labeled = labels[name] { return labeled }
        let matches = order.filter { $0.hasPrefix(name) }
        switch matches.count {
        case 1: return matches[0]
        case 0:
            throw RatchetError(.target, "no revision is called '\(name)': it is not an id, an id prefix or a branch label; `ratchet history` lists them")
        default:
            throw RatchetError(
                .target, "'\(name)' is ambiguous: it starts \(matches.count) revision ids; give more characters",
                details: matches.prefix(20).map { "  \($0)  \(revisions[$0]!.message)" })
        }
    }

    /// The one head, or an error that lists the heads to choose from.
    public func singleHead(for command: String = "upgrade") throws(RatchetError) -> String {
        switch heads.count {
        case 0: throw RatchetError(.target, "there are no revisions yet; create one with `ratchet revision -m MESSAGE`")
        case 1: return heads[0]
        default:
            throw RatchetError(
                .target, "there are \(heads.count) heads, so 'head' is ambiguous; name one, use 'heads' to \(command) every branch, or join them with `ratchet merge -m MESSAGE \(heads.joined(separator: " "))`",
                details: heads.map { "  \($0)  \(revisions[$0]!.message)" })
        }
    }

    /// The revisions a target names for an upgrade.
    public func goals(of target: RevisionTarget) throws(RatchetError) -> [String] {
        switch target {
        case .head: return [try singleHead()]
        case .heads: return heads
        case .base: return []
        case .revision(let name): return [try resolve(name)]
        case .labelHead(let label):
            guard let start = labels[label] else {
                throw RatchetError(.target, "no branch is labeled '\(label)'; `ratchet branches` lists the labels")
            }
            let reach = descendants(of: start)
            let branchHeads = heads.filter { reach.contains($0) }
            guard branchHeads.count == 1 else {
                throw RatchetError(.target, "branch '\(label)' has \(branchHeads.count) heads; name one", details: branchHeads.map { "  \($0)" })
            }
            return branchHeads
        case .relative:
            throw RatchetError(.target, "a relative target needs the current state; use it with upgrade or downgrade")
        }
    }
}
