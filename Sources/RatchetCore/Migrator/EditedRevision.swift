/// An applied revision whose file changed since it was applied.
public struct EditedRevision: Sendable, Hashable {
    public var revision: String
    public var file: String
    public var recordedChecksum: String
    public var fileChecksum: String
}
