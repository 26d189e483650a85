import CMoxSys
import Foundation
import Logging
import MoxIPC
import MoxRole
import NIOCore
import NIOPosix

/// The control socket (DATADIR/ctl): mox-ctl sends a controlRequest frame
/// with its arguments and gets a controlReply. The socket file is 0600 root,
/// or 0660 with the configured ControlGroup; SO_PEERCRED is checked as well,
/// so a socket reachable by mistake still refuses other users.
final class ControlServer: @unchecked Sendable {
    let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    static func start(path: String, group: EventLoopGroup, allowedGroup: gid_t?, supervisor: Supervisor) throws -> ControlServer {
        unlink(path)
        let old = umask(0o177)
        defer { umask(old) }
        let channel = try ServerBootstrap(group: group)
            .childChannelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addIPCFrameCodec()
                    try ch.pipeline.syncOperations.addHandler(ControlSessionHandler(supervisor: supervisor, allowedGroup: allowedGroup))
                }
            }
            .bind(unixDomainSocketPath: path).wait()
        if let gid = allowedGroup {
            chown(path, 0, gid)
            chmod(path, 0o660)
        }
        return ControlServer(channel: channel)
    }

    func close() { channel.close(promise: nil) }
}

final class ControlSessionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = IPCFrame
    typealias OutboundOut = IPCFrame

    let supervisor: Supervisor
    let allowedGroup: gid_t?
    private var peerAllowed: Bool?

    init(supervisor: Supervisor, allowedGroup: gid_t?) {
        self.supervisor = supervisor
        self.allowedGroup = allowedGroup
    }

    /// SO_PEERCRED of the connecting process, read once when it connects.
    func channelActive(context: ChannelHandlerContext) {
        let supervisor = self.supervisor
        let allowedGroup = self.allowedGroup
        if let provider = context.channel as? any SocketOptionProvider {
            let creds: EventLoopFuture<mox_ucred> = provider.unsafeGetSocketOption(level: .init(SOL_SOCKET), name: .init(SO_PEERCRED))
            creds.whenComplete { [self] result in
                guard case .success(let c) = result else { peerAllowed = false; return }
                let ok = c.uid == 0 || c.uid == getuid() || allowedGroup.map { ControlPeer.isMember(pid: c.pid, gid: c.gid, of: $0) } == true
                peerAllowed = ok
                if !ok { supervisor.logger.warning("control connection refused", metadata: ["uid": "\(c.uid)", "pid": "\(c.pid)"]) }
            }
        }
        context.fireChannelActive()
    }

    private func checkPeer(_ context: ChannelHandlerContext) -> Bool { peerAllowed ?? false }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let ctx = NIOLoopBound(context, eventLoop: context.eventLoop)
        guard checkPeer(context) else {
            let r = ControlResult.failure("permission denied: not root or the control group")
            context.writeAndFlush(wrapOutboundOut(IPCFrame(type: .controlReply, flags: .reply, requestID: frame.requestID, payload: r.encoded()))).whenComplete { _ in ctx.value.close(promise: nil) }
            return
        }
        guard frame.type == .controlRequest, let args = try? ControlArguments(decoding: frame.payload) else {
            context.fireErrorCaught(IPCError.malformed("expected a control request"))
            context.close(promise: nil)
            return
        }
        let supervisor = self.supervisor
        let loop = context.eventLoop
        Task {
            let result = await ControlCommands.run(args.arguments, supervisor: supervisor)
            loop.execute {
                ctx.value.writeAndFlush(NIOAny(IPCFrame(type: .controlReply, flags: .reply, requestID: frame.requestID, payload: result.encoded())), promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        supervisor.logger.warning("control connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}

enum ControlPeer {
    /// Whether the peer holds `group` as its primary or a supplementary group.
    /// SO_PEERCRED carries only the primary gid; the rest come from /proc,
    /// read while the peer is connected.
    static func isMember(pid: pid_t, gid: gid_t, of group: gid_t) -> Bool {
        if gid == group { return true }
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Groups:") })
        else { return false }
        return line.dropFirst("Groups:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).contains { gid_t($0) == group }
    }
}
