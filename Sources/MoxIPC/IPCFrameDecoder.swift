import MoxEncoding

/// Turns a byte stream plus the descriptors that arrived with it into frames.
/// Pure: no I/O, so it is unit-tested and fuzzed directly. After it throws, the
/// edge must be closed; the decoder closes nothing itself but hands back every
/// descriptor it still holds through `takeUnclaimedDescriptors()`.
public struct IPCFrameDecoder {
    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingDescriptors: [Int32] = []

    public init() {}

    /// Bytes not yet part of a complete frame.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes read from the socket and the descriptors received with them.
    public mutating func feed<C: Collection>(_ bytes: C, descriptors: [Int32] = []) where C.Element == UInt8 {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
        pendingDescriptors.append(contentsOf: descriptors)
    }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func next() throws(IPCError) -> IPCFrame? {
        let available = buffer.count - start
        guard available >= IPCFrame.headerSize else {
            try checkNoStrayDescriptors()
            return nil
        }
        var r = ByteReader(buffer[start..<(start + IPCFrame.headerSize)])
        // The header is in hand: these reads cannot fail.
        let version = try! r.readUInt8()
        let rawFlags = try! r.readUInt8()
        let rawType = try! r.readUInt16()
        let length = Int(try! r.readUInt32())
        let requestID = try! r.readUInt32()
        let fdCount = Int(try! r.readUInt8())
        let reserved = try! r.readRaw(count: 3)

        guard version == IPCFrame.version else { throw .badVersion(version) }
        let flags = IPCFrameFlags(rawValue: rawFlags)
        guard IPCFrameFlags.known.isSuperset(of: flags) else { throw .unknownFlags(rawFlags) }
        guard let type = IPCMessageType(rawValue: rawType) else { throw .unknownType(rawType) }
        guard length <= IPCFrame.maxPayload else { throw .oversized(length) }
        guard reserved == [0, 0, 0] else { throw .malformed("reserved header bytes set") }
        guard fdCount <= IPCFrame.maxDescriptors else { throw .malformed("\(fdCount) descriptors announced") }
        guard flags.contains(.descriptors) == (fdCount > 0) else { throw .malformed("descriptor flag and count disagree") }
        guard !flags.contains(.error) || flags.contains(.reply) else { throw .malformed("error flag on a request") }
        // Descriptors arrive with the first byte of the frame's sendmsg, so by the
        // time its header is complete they must be here.
        guard pendingDescriptors.count >= fdCount else {
            throw .descriptorMismatch("frame announces \(fdCount), \(pendingDescriptors.count) received")
        }
        guard available >= IPCFrame.headerSize + length else { return nil }

        let payloadStart = start + IPCFrame.headerSize
        let payload = Array(buffer[payloadStart..<(payloadStart + length)])
        start = payloadStart + length
        let fds = Array(pendingDescriptors.prefix(fdCount))
        pendingDescriptors.removeFirst(fdCount)
        return IPCFrame(type: type, flags: flags.subtracting(.descriptors), requestID: requestID, payload: payload, descriptors: fds)
    }

    /// Descriptors that arrived while no frame is pending were sent unasked.
    private func checkNoStrayDescriptors() throws(IPCError) {
        if buffer.count == start && !pendingDescriptors.isEmpty {
            throw .descriptorMismatch("\(pendingDescriptors.count) descriptors arrived without a frame")
        }
    }

    /// At end of stream: a partial frame is an error.
    public func finish() throws(IPCError) {
        if bufferedByteCount > 0 { throw .truncated(bufferedByteCount) }
    }

    /// Descriptors received but not handed out in a frame; the caller closes them.
    public mutating func takeUnclaimedDescriptors() -> [Int32] {
        defer { pendingDescriptors = [] }
        return pendingDescriptors
    }
}
