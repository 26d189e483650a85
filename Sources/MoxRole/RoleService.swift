import MoxConfig
import MoxIPC
import MoxTLS
import NIOCore
import NIOSSL

/// What a process role plugs into the shared role runtime: handlers for the
/// connections on its listeners, its answer to relayed control commands, and
/// frames from peer roles. Protocol logic stays in protocol modules; a role
/// only wires them up.
public protocol RoleService: Sendable {
    /// Called once with the config, before any listener is adopted.
    func configure(_ config: RoleConfig, runtime: RoleRuntime) throws
    /// Sets up a newly accepted connection on `socket`.
    func initializeConnection(_ channel: any Channel, socket: ListenerSocket) -> EventLoopFuture<Void>
    /// A control command relayed by the supervisor (mox-ctl), e.g. ["queue", "list"].
    func control(_ arguments: [String]) async -> ControlResult
    /// A new config after SIGHUP.
    func reload(_ config: RoleConfig) throws
    /// A request from another role over a peer edge.
    func peerFrame(_ frame: IPCFrame, from role: String, connection: IPCConnection)
}

extension RoleService {
    public func reload(_ config: RoleConfig) throws {}
    public func peerFrame(_ frame: IPCFrame, from role: String, connection: IPCConnection) {
        try? connection.replyError(to: frame, "\(frame.type) not handled by this role")
    }
    public func control(_ arguments: [String]) async -> ControlResult {
        .failure("command \"\(arguments.first ?? "")\" is not implemented by this role yet")
    }
}

/// A role whose protocol does not exist yet: its ports give the protocol's
/// "not available" reply.
/// Implicit-TLS ports (465, 993, 443) do the TLS handshake first, with the
/// key in keyd, and then give the reply inside TLS.
public final class PlaceholderRole: RoleService, @unchecked Sendable {
    private var hostname = "localhost"
    private var role = ""
    private var tls: [String: NIOSSLContext] = [:]

    public init() {}

    public func configure(_ config: RoleConfig, runtime: RoleRuntime) throws {
        hostname = config.config.staticConfig.hostname
        role = config.role
        tls = try ListenerTLSContexts.make(config: config.config, files: config.files, signer: runtime.keydSigner())
    }

    public func initializeConnection(_ channel: any Channel, socket: ListenerSocket) -> EventLoopFuture<Void> {
        let handler = PlaceholderService(service: socket.service, hostname: hostname, role: role)
        let context = socket.implicitTLS ? tls[socket.listener] : nil
        return channel.eventLoop.makeCompletedFuture {
            if socket.implicitTLS {
                guard let context else { throw NIOSSLError.noCertificateToValidate }
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            }
            try channel.pipeline.syncOperations.addHandler(handler)
        }
    }
}
