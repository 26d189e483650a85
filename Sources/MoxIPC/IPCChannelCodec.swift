import NIOCore

/// The IPC frame codec as SwiftNIO handlers, for edges that carry no
/// descriptors (the control socket between mox-ctl and the supervisor). A
/// frame that announces descriptors is malformed here.
public struct IPCFrameByteDecoder: ByteToMessageDecoder {
    public typealias InboundOut = IPCFrame

    public init() {}

    /// Consumes exactly one frame's bytes at a time, so ByteToMessageHandler's
    /// buffer always holds whatever is not yet decoded.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let header = buffer.getBytes(at: buffer.readerIndex, length: min(buffer.readableBytes, IPCFrame.headerSize)) else {
            return .needMoreData
        }
        // Validate the header as soon as it is complete, before waiting for a payload.
        var check = IPCFrameDecoder()
        check.feed(header)
        _ = try check.next()
        guard header.count == IPCFrame.headerSize,
              let length = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self),
              buffer.readableBytes >= IPCFrame.headerSize + Int(length),
              let bytes = buffer.readBytes(length: IPCFrame.headerSize + Int(length))
        else { return .needMoreData }
        var decoder = IPCFrameDecoder()
        decoder.feed(bytes)
        guard let frame = try decoder.next() else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 { throw IPCError.truncated(buffer.readableBytes) }
        return .needMoreData
    }
}

public final class IPCFrameByteEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = IPCFrame
    public init() {}
    public func encode(data: IPCFrame, out: inout ByteBuffer) throws {
        guard data.descriptors.isEmpty else { throw IPCError.malformed("descriptors on a channel that cannot carry them") }
        out.writeBytes(try data.encoded())
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// Adds the frame decoder and encoder to a channel's pipeline.
    public func addIPCFrameCodec() throws {
        try addHandler(ByteToMessageHandler(IPCFrameByteDecoder()))
        try addHandler(MessageToByteHandler(IPCFrameByteEncoder()))
    }
}
