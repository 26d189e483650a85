import CMoxSys
import Foundation
import MoxEncoding
@testable import MoxIPC
import NIOCore
import NIOPosix
import XCTest

final class IPCConnectionTests: XCTestCase {
    /// Collects what the receiving side saw.
    final class Inbox: @unchecked Sendable {
        let lock = NSLock()
        var frames: [IPCFrame] = []
        var closeReason: IPCError?? = nil
        let closed = XCTestExpectation(description: "closed")
        let received = XCTestExpectation(description: "frame")
        func add(_ f: IPCFrame) { lock.withLock { frames.append(f) }; received.fulfill() }
        func close(_ e: IPCError?) { lock.withLock { closeReason = .some(e) }; closed.fulfill() }
    }

    func pair() throws -> (IPCConnection, Int32) {
        let (a, b) = try IPCConnection.socketPair()
        return (IPCConnection(fd: a, name: "test"), b)
    }

    func testRequestReplyBetweenTwoEnds() async throws {
        let (a, b) = try IPCConnection.socketPair()
        let client = IPCConnection(fd: a, name: "client")
        let server = IPCConnection(fd: b, name: "server")
        server.start(onFrame: { f, c in
            if f.type == .ping { try? c.reply(to: f, type: .pong, payload: f.payload.reversed()) } else { try? c.replyError(to: f, "no") }
        })
        client.start(onFrame: { _, _ in })
        let reply = try await client.request(.ping, payload: [1, 2, 3])
        XCTAssertEqual(reply.type, .pong)
        XCTAssertEqual(reply.payload, [3, 2, 1])
        do {
            _ = try await client.request(.reload)
            XCTFail("expected error reply")
        } catch let e as IPCError {
            XCTAssertEqual(e, .remote("no"))
        }
        // Many requests in flight at once are matched by id.
        try await withThrowingTaskGroup(of: Void.self) { g in
            for i in 0..<50 {
                g.addTask {
                    let r = try await client.request(.ping, payload: [UInt8(i), 0])
                    XCTAssertEqual(r.payload, [0, UInt8(i)])
                }
            }
            try await g.waitForAll()
        }
        client.close()
        server.close()
    }

    func testDescriptorTravelsWithFrame() throws {
        let (conn, peer) = try pair()
        let inbox = Inbox()
        conn.start(onFrame: { f, _ in inbox.add(f) }, onClose: inbox.close)
        var p: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&p), 0)
        let sender = IPCConnection(fd: peer, name: "sender")
        try sender.send(IPCFrame(type: .listener, payload: Array("pipe".utf8), descriptors: [p[1]]))
        close(p[1])
        wait(for: [inbox.received], timeout: 5)
        let fd = try XCTUnwrap(inbox.frames.first?.descriptors.first)
        XCTAssertEqual(write(fd, "x", 1), 1)
        var c: UInt8 = 0
        XCTAssertEqual(read(p[0], &c, 1), 1)
        XCTAssertEqual(c, UInt8(ascii: "x"))
        close(fd)
        close(p[0])
        sender.close()
        wait(for: [inbox.closed], timeout: 5)
        conn.close()
    }

    /// Garbage, truncated frames and unknown types from a peer close the edge
    /// with an error; the receiving process carries on.
    func testMalformedInputClosesEdgeCleanly() throws {
        let valid = try IPCFrame(type: .ping, payload: [1, 2, 3, 4]).encoded()
        var unknownType = valid
        unknownType[3] = 0xee
        var oversized = valid
        oversized.replaceSubrange(4..<8, with: [0xff, 0xff, 0xff, 0xff])
        let cases: [([UInt8], String)] = [
            (Array(valid.dropLast(2)), "inside a frame"),
            (unknownType, "unknown message type"),
            (oversized, "exceeds"),
            ([0xde, 0xad, 0xbe, 0xef] + Array(repeating: 0, count: 20), "version"),
        ]
        for (bytes, expect) in cases {
            let (conn, peer) = try pair()
            let inbox = Inbox()
            conn.start(onFrame: { f, _ in inbox.add(f) }, onClose: inbox.close)
            bytes.withUnsafeBytes { _ = write(peer, $0.baseAddress, $0.count) }
            shutdown(peer, Int32(SHUT_WR))
            wait(for: [inbox.closed], timeout: 5)
            let reason = try XCTUnwrap(inbox.closeReason ?? nil, "no error for \(expect)")
            XCTAssertTrue("\(reason)".contains(expect), "\(reason) should mention \(expect)")
            XCTAssertTrue(inbox.frames.isEmpty)
            close(peer)
        }
    }

    /// Descriptors sent without a frame announcing them are closed, not leaked.
    func testUnaskedDescriptorIsClosed() throws {
        let (conn, peer) = try pair()
        let inbox = Inbox()
        conn.start(onFrame: { f, _ in inbox.add(f) }, onClose: inbox.close)
        var p: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&p), 0)
        // A frame that announces none, with a descriptor attached anyway.
        let bytes = try IPCFrame(type: .ping).encoded()
        let n = bytes.withUnsafeBytes { b in [p[1]].withUnsafeBufferPointer { f in mox_sendmsg_fds(peer, b.baseAddress, b.count, f.baseAddress, 1) } }
        XCTAssertEqual(n, bytes.count)
        close(p[1])
        wait(for: [inbox.closed], timeout: 5)
        XCTAssertNotNil(inbox.closeReason ?? nil)
        // The only write end left was the receiver's copy; it is closed, so the read end sees EOF.
        var c: UInt8 = 0
        XCTAssertEqual(read(p[0], &c, 1), 0)
        close(p[0])
        close(peer)
    }

    func testRandomGarbageFromPeerNeverCrashes() throws {
        for round in 0..<200 {
            let (conn, peer) = try pair()
            let inbox = Inbox()
            inbox.received.isInverted = false
            conn.start(onFrame: { f, _ in inbox.add(f) }, onClose: inbox.close)
            var bytes = (0..<Int.random(in: 1...200)).map { _ in UInt8.random(in: 0...255) }
            if round % 2 == 0 { bytes[0] = IPCFrame.version }
            bytes.withUnsafeBytes { _ = write(peer, $0.baseAddress, $0.count) }
            close(peer)
            wait(for: [inbox.closed], timeout: 5)
        }
    }

    func testRequestsFailWhenPeerGoesAway() async throws {
        let (conn, peer) = try pair()
        conn.start(onFrame: { _, _ in })
        close(peer)
        do {
            _ = try await conn.request(.ping)
            XCTFail("request on a dead edge succeeded")
        } catch {
            XCTAssertTrue(error is IPCError)
        }
    }

    /// The frame codec on a SwiftNIO channel (used where no descriptors travel).
    func testNIOChannelCodec() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        final class Collect: ChannelInboundHandler, @unchecked Sendable {
            typealias InboundIn = IPCFrame
            var frames: [IPCFrame] = []
            var error: (any Error)?
            let done: XCTestExpectation
            init(_ done: XCTestExpectation) { self.done = done }
            func channelRead(context: ChannelHandlerContext, data: NIOAny) { frames.append(unwrapInboundIn(data)) }
            func errorCaught(context: ChannelHandlerContext, error: any Error) { self.error = error; context.close(promise: nil) }
            func channelInactive(context: ChannelHandlerContext) { done.fulfill() }
        }
        let (a, b) = try IPCConnection.socketPair()
        let done = expectation(description: "inactive")
        let collect = Collect(done)
        let channel = try ClientBootstrap(group: group)
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture {
                try ch.pipeline.syncOperations.addIPCFrameCodec()
                try ch.pipeline.syncOperations.addHandler(collect)
            } }
            .withConnectedSocket(a).wait()
        let sender = IPCConnection(fd: b, name: "nio-peer")
        try sender.send(IPCFrame(type: .controlRequest, requestID: 5, payload: Array("status".utf8)))
        try sender.send(IPCFrame(type: .ping, requestID: 6))
        // Then garbage: the channel must close with the decoder's error.
        var junk = try IPCFrame(type: .ping).encoded()
        junk[0] = 9
        junk.withUnsafeBytes { _ = write(b, $0.baseAddress, $0.count) }
        wait(for: [done], timeout: 5)
        XCTAssertEqual(collect.frames.map(\.type), [.controlRequest, .ping])
        XCTAssertEqual(collect.frames.first.map { String(decoding: $0.payload, as: UTF8.self) }, "status")
        XCTAssertEqual(collect.error as? IPCError, .badVersion(9))
        // And the encoder writes frames the other end decodes.
        _ = channel
        sender.close()
    }
}
