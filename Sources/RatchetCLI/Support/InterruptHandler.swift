import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns Ctrl-C (SIGINT) and SIGTERM during a live run into an orderly stop: `cleanup` runs
/// (release the lock, delete the session; bounded in time), then the process exits with 130.
/// A second signal exits at once.
///
/// Nothing is cancelled on Spanner: a schema operation already sent keeps running, and the
/// `applying` rows written before it was sent let the next run settle it.
final class InterruptHandler: @unchecked Sendable {
    // The sources are created in `install` and cancelled in `remove`, both on the caller's
    // task; the handlers only read `cleanup` and the atomic-by-design `fired` flag.
    private var sources: [any DispatchSourceSignal] = []
    private let cleanup: @Sendable () async -> Void
    private let fired = Mutex(false)

    init(cleanup: @escaping @Sendable () async -> Void) {
        self.cleanup = cleanup
    }

    func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let again = fired.withLock { fired in
                    defer { fired = true }
                    return fired
                }
                if again { _exit(130) }
                Task.detached {
                    await self.cleanup()
                    exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func remove() {
        for source in sources { source.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Runs `body`, giving up after `seconds`: cleanup on the way out must not hang on a
    /// network that is gone.
    static func bounded(seconds: Double, _ body: @escaping @Sendable () async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await body() }
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
            await group.next()
            group.cancelAll()
        }
    }
}
