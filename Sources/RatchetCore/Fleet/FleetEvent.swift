/// What a fleet run tells its caller while it works.
public enum FleetEvent: Sendable {
    case started(DatabaseURL)
    /// An event of one member's migrator.
    case member(DatabaseURL, MigrationEvent)
    case finished(FleetMemberResult)
}
