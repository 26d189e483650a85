// A separate process for the IPC tests: it receives a listening socket over
// the IPC edge on descriptor 3 (SCM_RIGHTS), adopts it with SwiftNIO and
// answers each TCP connection with its pid, so a test can tell which process
// served. Not installed; only tests start it.
import Foundation
import MoxIPC
import NIOCore
import NIOPosix

final class Greeter: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    func channelActive(context: ChannelHandlerContext) {
        let buf = context.channel.allocator.buffer(string: "hello from \(getpid())\n")
        context.writeAndFlush(wrapOutboundOut(buf)).whenComplete { _ in context.close(promise: nil) }
    }
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let conn = IPCConnection(fd: 3, name: "testpeer")
let done = DispatchSemaphore(value: 0)
conn.start(on: group.next(), onFrame: { frame, conn in
    switch frame.type {
    case .listener:
        guard frame.descriptors.count == 1 else {
            try? conn.replyError(to: frame, "expected one descriptor, got \(frame.descriptors.count)")
            return
        }
        let channel = ServerBootstrap(group: group)
            .childChannelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(Greeter()) } }
            .withBoundSocket(frame.descriptors[0])
        channel.whenSuccess { _ in try? conn.reply(to: frame, type: .ready) }
        channel.whenFailure { e in try? conn.replyError(to: frame, "adopt failed: \(e)") }
    case .ping:
        try? conn.reply(to: frame, type: .pong, payload: frame.payload)
    case .shutdown:
        done.signal()
    default:
        try? conn.replyError(to: frame, "unexpected \(frame.type)")
    }
}, onClose: { _ in done.signal() })
done.wait()
exit(0)
