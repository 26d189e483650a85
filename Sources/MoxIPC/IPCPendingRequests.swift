import NIOConcurrencyHelpers

/// Request ids and the continuations waiting for their replies. Shared by the
/// descriptor-passing transport and the NIO channel handler.
final class IPCPendingRequests: @unchecked Sendable {
    private let lock = NIOLock()
    private var nextID: UInt32 = 1
    private var waiting: [UInt32: CheckedContinuation<IPCFrame, any Error>] = [:]
    private var closedError: IPCError?

    /// Registers a continuation and returns the request id to send, or throws
    /// when the edge is already closed.
    func register(_ c: CheckedContinuation<IPCFrame, any Error>) -> UInt32? {
        lock.withLock {
            if let e = closedError { c.resume(throwing: e); return nil }
            let id = nextID
            nextID = nextID == UInt32.max ? 1 : nextID + 1  // 0 means "not a request"
            waiting[id] = c
            return id
        }
    }

    /// Completes the request a reply answers. False when nobody asked.
    func complete(_ frame: IPCFrame) -> Bool {
        guard let c = lock.withLock({ waiting.removeValue(forKey: frame.requestID) }) else { return false }
        if frame.isError { c.resume(throwing: IPCError.remote(frame.errorMessage)) } else { c.resume(returning: frame) }
        return true
    }

    func fail(id: UInt32, _ error: IPCError) {
        lock.withLock { waiting.removeValue(forKey: id) }?.resume(throwing: error)
    }

    /// Fails every waiting request; later registrations fail at once.
    func closeAll(_ error: IPCError) {
        let all = lock.withLock { () -> [CheckedContinuation<IPCFrame, any Error>] in
            closedError = error
            defer { waiting = [:] }
            return Array(waiting.values)
        }
        for c in all { c.resume(throwing: error) }
    }
}
