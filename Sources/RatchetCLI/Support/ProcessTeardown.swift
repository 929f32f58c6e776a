/// Lets a command hand over values that would otherwise be freed just before the process exits.
///
/// Freeing a model of a 10 MB schema takes tens of milliseconds, work the operating system does
/// for free when the process ends. Only one-shot commands use this, after their output.
enum ProcessTeardown {
    private final class Keep<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func skipFreeing<each Value>(_ values: repeat each Value) {
        repeat _ = Unmanaged.passRetained(Keep(each values))
    }
}
