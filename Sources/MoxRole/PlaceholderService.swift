import MoxConfig
import NIOCore
import NIOPosix

/// Until a role's protocol is implemented, its listeners answer with the
/// protocol's own "service not available" reply, so clients get a clear
/// answer and supervision can be tested end to end on real ports.
final class PlaceholderService: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let reply: String

    init(service: ListenerService, hostname: String, role: String) {
        switch service {
        case .smtp, .submission, .submissions:
            // RFC 5321 §3.1: 421 refuses the session.
            reply = "421 4.3.2 \(hostname) mox \(role): service not available yet\r\n"
        case .imap, .imaps:
            // RFC 9051 §7.1.5: BYE as greeting refuses the connection.
            reply = "* BYE mox \(role): service not available yet\r\n"
        default:
            let body = "mox \(role): service not available yet\n"
            reply = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        let buf = context.channel.allocator.buffer(string: reply)
        let ctx = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buf)).whenComplete { _ in ctx.value.close(promise: nil) }
    }
}
