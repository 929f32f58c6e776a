/// Spanner's schema limits, production values by default; configurable because the emulator's
/// and older instances' differ.
public struct SchemaLimits: Sendable, Hashable {
    public var tablesPerDatabase = 5_000
    public var columnsPerTable = 1_024
    public var indexesPerDatabase = 10_000
    public var indexesPerTable = 128
    public var keyColumns = 16
    public var interleaveDepth = 7
    public var identifierLength = 128
    public var views = 5_000
    public var changeStreams = 10

    public init() {}

    /// Production Spanner's documented quotas.
    public static let production = SchemaLimits()
}
