import FlyingFox
import FlyingSocks

/// A body that fails at its first read, so that the server closes the connection.
struct BrokenBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8

    struct AsyncIterator: AsyncBufferedIteratorProtocol {
        mutating func next() async throws -> UInt8? { throw ValidationFailure("connection dropped (injected)") }
        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? { throw ValidationFailure("connection dropped (injected)") }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}
