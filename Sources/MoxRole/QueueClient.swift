import MoxEncoding
import MoxIPC

/// Payload of IPCMessageType.queueKick: the queue ids a role just committed
/// to the store, so queued attempts them now instead of at its next timer.
/// Empty means "look at the queue".
public struct QueueKick: Sendable, Equatable {
    public var ids: [UInt64]

    public init(ids: [UInt64] = []) { self.ids = ids }

    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.writeVarint(ids.count)
        for id in ids { w.writeVarint(id) }
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = ByteReader(bytes)
        let n = try r.readLength(limit: r.remaining)
        ids = try (0..<n).map { _ in try r.readVarint() }
        try r.expectEnd()
    }
}

/// A role's requests to queued over the peer edge.
public struct QueueClient: Sendable {
    let connection: @Sendable () -> IPCConnection?

    public init(connection: @escaping @Sendable () -> IPCConnection?) {
        self.connection = connection
    }

    /// Tells queued about new messages. The messages are durable already;
    /// if queued is not connected (restarting) its startup scan finds them,
    /// so a failed kick loses nothing and is not an error for the sender.
    public func kick(_ ids: [UInt64]) async {
        guard let c = connection() else { return }
        _ = try? await c.request(.queueKick, payload: QueueKick(ids: ids).encoded())
    }
}

extension RoleRuntime {
    public var queued: QueueClient { QueueClient { [weak self] in self?.peer("queued") } }
}
