import NIOCore
import NIOPosix

/// One query/response exchange over UDP or TCP with NIO. A response is
/// accepted only if it comes from the server asked, carries our id and
/// repeats our question (RFC 5452 §9.1); anything else is dropped and we keep
/// waiting until the timeout, so a spoofed packet cannot end the exchange.
enum DNSTransport {
    static func matches(_ m: DNSMessage, _ q: DNSMessage) -> Bool {
        m.isResponse && m.id == q.id && m.questions.count == 1 && q.questions.count == 1
            && m.questions[0].name == q.questions[0].name
            && m.questions[0].type == q.questions[0].type
            && m.questions[0].qClass == q.questions[0].qClass
    }

    static func udp(query: [UInt8], expect: DNSMessage, server: SocketAddress, timeout: TimeAmount, group: any EventLoopGroup) async throws(DNSError) -> DNSMessage {
        let loop = group.next()
        let promise = loop.makePromise(of: DNSMessage.self)
        do {
            let bindHost = server.protocol == .inet6 ? "::" : "0.0.0.0"
            let channel = try await DatagramBootstrap(group: loop)
                // NIO's default 2 KiB datagram buffer would cut an answer a
                // server sends up to our advertised EDNS size; take any size.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65536))
                .channelInitializer { ch in
                    ch.eventLoop.makeCompletedFuture {
                        try ch.pipeline.syncOperations.addHandler(UDPResponseHandler(server: server, expect: expect, promise: promise))
                    }
                }
                .bind(host: bindHost, port: 0).get()
            let timer = loop.scheduleTask(in: timeout) { promise.fail(DNSError.temporary("timeout after \(timeout.nanoseconds / 1_000_000) ms from \(server)")) }
            var buf = channel.allocator.buffer(capacity: query.count)
            buf.writeBytes(query)
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: server, data: buf)).whenFailure { promise.fail(DNSError.temporary("send to \(server): \($0)")) }
            defer {
                timer.cancel()
                channel.close(promise: nil)
            }
            return try await promise.futureResult.get()
        } catch let e as DNSError {
            throw e
        } catch {
            promise.fail(error)
            throw .temporary("udp to \(server): \(error)")
        }
    }

    static func tcp(query: [UInt8], expect: DNSMessage, server: SocketAddress, timeout: TimeAmount, group: any EventLoopGroup) async throws(DNSError) -> DNSMessage {
        let loop = group.next()
        let promise = loop.makePromise(of: DNSMessage.self)
        let timer = loop.scheduleTask(in: timeout) { promise.fail(DNSError.temporary("tcp timeout from \(server)")) }
        defer { timer.cancel() }
        do {
            let channel = try await ClientBootstrap(group: loop)
                .connectTimeout(timeout)
                .channelInitializer { ch in
                    ch.eventLoop.makeCompletedFuture {
                        try ch.pipeline.syncOperations.addHandler(ByteToMessageHandler(TCPFrameDecoder()))
                        try ch.pipeline.syncOperations.addHandler(TCPResponseHandler(expect: expect, promise: promise))
                    }
                }
                .connect(to: server).get()
            defer { channel.close(promise: nil) }
            // RFC 1035 §4.2.2: two-byte length prefix.
            var buf = channel.allocator.buffer(capacity: query.count + 2)
            buf.writeInteger(UInt16(query.count))
            buf.writeBytes(query)
            channel.writeAndFlush(buf).whenFailure { promise.fail(DNSError.temporary("send to \(server): \($0)")) }
            return try await promise.futureResult.get()
        } catch let e as DNSError {
            throw e
        } catch {
            promise.fail(error)
            throw .temporary("tcp to \(server): \(error)")
        }
    }
}

final class UDPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let server: SocketAddress
    let expect: DNSMessage
    let promise: EventLoopPromise<DNSMessage>

    init(server: SocketAddress, expect: DNSMessage, promise: EventLoopPromise<DNSMessage>) {
        self.server = server; self.expect = expect; self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let env = unwrapInboundIn(data)
        // Source address check: the same IP and port we sent to.
        guard env.remoteAddress == server else { return }
        var b = env.data
        guard let bytes = b.readBytes(length: b.readableBytes),
              let m = try? DNSMessage.parse(bytes), DNSTransport.matches(m, expect) else { return }
        promise.succeed(m)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable arrives as an error on the socket.
        promise.fail(DNSError.temporary("udp from \(server): \(error)"))
    }
}

struct TCPFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let len = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(len) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(len))!))
        return .continue
    }
}

final class TCPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let expect: DNSMessage
    let promise: EventLoopPromise<DNSMessage>

    init(expect: DNSMessage, promise: EventLoopPromise<DNSMessage>) { self.expect = expect; self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var b = unwrapInboundIn(data)
        guard let bytes = b.readBytes(length: b.readableBytes) else { return }
        do {
            let m = try DNSMessage.parse(bytes)
            guard DNSTransport.matches(m, expect) else { return }
            promise.succeed(m)
        } catch {
            promise.fail(DNSError.temporary("bad tcp response: \(error)"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(DNSError.temporary("tcp connection closed before an answer"))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(DNSError.temporary("tcp: \(error)"))
    }
}
