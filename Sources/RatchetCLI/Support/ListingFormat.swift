import ArgumentParser

/// `--format text|json` for commands that print a listing: text for people, JSON (with a
/// fixed key order) for scripts and CI.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json
}
