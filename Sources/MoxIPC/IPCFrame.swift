import MoxEncoding

/// One IPC message: a fixed 16-byte header, a payload of at most
/// `IPCFrame.maxPayload` bytes, and descriptors sent with SCM_RIGHTS.
///
/// Header (big-endian): version u8, flags u8, type u16, payload length u32,
/// request id u32, descriptor count u8, 3 reserved zero bytes.
public struct IPCFrame: Sendable {
    public static let version: UInt8 = 1
    public static let headerSize = 16
    public static let maxPayload = 1 << 20
    public static let maxDescriptors = 8

    public var type: IPCMessageType
    public var flags: IPCFrameFlags
    public var requestID: UInt32
    public var payload: [UInt8]
    /// Descriptors received with the frame are owned by the frame's handler,
    /// which must close or adopt them.
    public var descriptors: [Int32]

    public init(type: IPCMessageType, flags: IPCFrameFlags = [], requestID: UInt32 = 0, payload: [UInt8] = [], descriptors: [Int32] = []) {
        self.type = type
        self.flags = flags
        self.requestID = requestID
        self.payload = payload
        self.descriptors = descriptors
    }

    public var isReply: Bool { flags.contains(.reply) }
    public var isError: Bool { flags.contains(.error) }

    /// For error replies: the message the peer gave.
    public var errorMessage: String {
        var r = ByteReader(payload)
        return (try? r.readString()) ?? "malformed error reply"
    }

    /// Header and payload as sent on the wire; descriptors travel beside them.
    public func encoded() throws(IPCError) -> [UInt8] {
        guard payload.count <= Self.maxPayload else { throw .oversized(payload.count) }
        guard descriptors.count <= Self.maxDescriptors else { throw .malformed("\(descriptors.count) descriptors, at most \(Self.maxDescriptors)") }
        var w = ByteWriter(capacity: Self.headerSize + payload.count)
        w.write(Self.version)
        var f = flags
        if descriptors.isEmpty { f.remove(.descriptors) } else { f.insert(.descriptors) }
        w.write(f.rawValue)
        w.write(type.rawValue)
        w.write(UInt32(payload.count))
        w.write(requestID)
        w.write(UInt8(descriptors.count))
        w.writeRaw([0, 0, 0] as [UInt8])
        w.writeRaw(payload)
        return w.bytes
    }
}

public struct IPCFrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Set exactly when the header's descriptor count is non-zero.
    public static let descriptors = IPCFrameFlags(rawValue: 1 << 0)
    /// An answer to the request with the same id.
    public static let reply = IPCFrameFlags(rawValue: 1 << 1)
    /// A reply whose payload is an error message string.
    public static let error = IPCFrameFlags(rawValue: 1 << 2)
    public static let known: IPCFrameFlags = [.descriptors, .reply, .error]
}
