/// Where a revision stands after a recorded step: the `State` column of the history.
///
/// The raw values are what the version tables store, in the sandbox and on Spanner alike;
/// they are part of the on-disk format and never change.
public enum RevisionState: String, Sendable, Hashable, CaseIterable, Codable {
    /// A schema operation holding some of its statements was sent and not yet settled; the
    /// next run settles it from the operation before doing anything else.
    case applying
    /// Every statement of the revision's section ran.
    case applied
    /// Some statements ran and the run stopped; the next run resumes after them.
    case partial
    /// The run stopped before any of its statements ran.
    case failed
    /// Recorded by `stamp`, without running anything.
    case stamped

    /// Reads a stored value; a value this version does not know is named in the error rather
    /// than taken for another state.
    public init(recorded: String) throws(RatchetError) {
        guard let state = RevisionState(rawValue: recorded) else {
            throw RatchetError(.database, "the history records a revision state '\(recorded)' this version of Ratchet does not know; upgrade Ratchet before running it on this database")
        }
        self = state
    }
}

/// Which way a recorded step went: the `Direction` column of the history.
public enum StepDirection: String, Sendable, Hashable, CaseIterable, Codable {
    case upgrade
    case downgrade
    /// A `stamp` that cleared a part-way revision without running anything.
    case stamp

    public init(_ direction: RevisionBody.Direction) {
        self = direction == .upgrade ? .upgrade : .downgrade
    }

    public init(recorded: String) throws(RatchetError) {
        guard let direction = StepDirection(rawValue: recorded) else {
            throw RatchetError(.database, "the history records a direction '\(recorded)' this version of Ratchet does not know; upgrade Ratchet before running it on this database")
        }
        self = direction
    }

    /// The section of a revision the step ran, if it ran one.
    public var section: RevisionBody.Direction? {
        switch self {
        case .upgrade: .upgrade
        case .downgrade: .downgrade
        case .stamp: nil
        }
    }
}
