import Foundation
import Logging
import MoxConfig
import MoxIPC
import MoxLog
import MoxTLS
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The part every role process shares: the edge to the supervisor on
/// descriptor 3, the privilege check, adopting listeners, peer edges,
/// control relay, reload and shutdown. The role supplies a RoleService.
public final class RoleRuntime: @unchecked Sendable {
    /// Descriptor of the IPC edge to the supervisor, set up by the spawner.
    public static let supervisorFD: Int32 = 3

    public let role: String
    public let group: MultiThreadedEventLoopGroup
    public let logger: Logger
    private let service: any RoleService
    private let supervisor: IPCConnection
    private let lock = NIOLock()
    private var servers: [any Channel] = []
    private var peerEdges: [String: IPCConnection] = [:]

    init(role: String, service: any RoleService) {
        self.role = role
        self.service = service
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var l = Logger(label: role)
        l[metadataKey: "pid"] = "\(getpid())"
        logger = l
        supervisor = IPCConnection(fd: Self.supervisorFD, name: "supervisor", logger: l)
    }

    /// The IPC edge to another role, when the supervisor has handed one over.
    public func peer(_ role: String) -> IPCConnection? { lock.withLock { peerEdges[role] } }

    /// Signs TLS handshakes through keyd over the peer edge.
    public func keydSigner() -> RemoteTLSKey.Signer {
        let keyd = self.keyd
        return { request in try await keyd.tlsSign(request.encoded()) }
    }

    /// Entry point of `mox role NAME`. Never returns: the process exits when
    /// the supervisor says so or its edge closes.
    public static func run(role: String, service: any RoleService) -> Never {
        PrivilegeCheck.hardenProcess(name: "mox-\(role)")
        MoxLogging.bootstrap()
        let runtime = RoleRuntime(role: role, service: service)
        runtime.start()
        while true { sleep(3600) }
    }

    private func start() {
        let loop = group.next()
        supervisor.start(on: loop, onFrame: { [self] frame, conn in handle(frame, conn) }, onClose: { [self] error in
            // Children exit when the supervisor's edge ends (DESIGN.md).
            logger.info("supervisor edge closed, exiting", metadata: ["error": "\(error.map { "\($0)" } ?? "eof")"])
            exit(error == nil ? 0 : 1)
        })
        Task { [self] in
            do {
                try await startServing()
            } catch {
                logger.critical("role failed to start", metadata: ["error": "\(error)"])
                exit(1)
            }
        }
    }

    private func startServing() async throws {
        let hello = RoleHello(role: role, pid: getpid())
        let reply = try await supervisor.request(.hello, payload: hello.encoded())
        let config = try RoleConfig(decoding: reply.payload)
        try PrivilegeCheck.verify(expectUnprivileged: config.expectUnprivileged)
        try service.configure(config, runtime: self)
        for (index, socket) in config.listeners.enumerated() {
            let r = try await supervisor.request(.listener, payload: ListenerRequest(index: index).encoded())
            guard r.descriptors.count == 1 else { throw IPCError.descriptorMismatch("listener reply without one descriptor") }
            let service = self.service
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .childChannelInitializer { ch in service.initializeConnection(ch, socket: socket) }
                .withBoundSocket(r.descriptors[0]).get()
            lock.withLock { servers.append(channel) }
        }
        _ = try await supervisor.request(.ready)
        logger.info("serving", metadata: ["listeners": "\(config.listeners.map(\.description).joined(separator: ","))", "uid": "\(getuid())"])
    }

    private func handle(_ frame: IPCFrame, _ conn: IPCConnection) {
        switch frame.type {
        case .ping:
            try? conn.reply(to: frame, type: .pong, payload: frame.payload)
        case .peer:
            adoptPeer(frame, conn)
        case .controlRelay:
            Task {
                let result: ControlResult
                if let args = try? ControlArguments(decoding: frame.payload) {
                    result = await service.control(args.arguments)
                } else {
                    result = .failure("malformed control request")
                }
                try? conn.reply(to: frame, type: .controlReply, payload: result.encoded())
            }
        case .reload:
            do {
                try service.reload(try RoleConfig(decoding: frame.payload))
                try? conn.reply(to: frame)
            } catch {
                try? conn.replyError(to: frame, "reload failed: \(error)")
            }
        case .shutdown:
            shutdown(frame, conn)
        default:
            for fd in frame.descriptors { close(fd) }
            try? conn.replyError(to: frame, "unexpected \(frame.type) from supervisor")
        }
    }

    private func adoptPeer(_ frame: IPCFrame, _ conn: IPCConnection) {
        guard frame.descriptors.count == 1, let name = String(validating: frame.payload, as: UTF8.self) else {
            for fd in frame.descriptors { close(fd) }
            try? conn.replyError(to: frame, "peer frame needs a role name and one descriptor")
            return
        }
        let edge = IPCConnection(fd: frame.descriptors[0], name: "\(role)-\(name)", logger: logger)
        let old = lock.withLock { () -> IPCConnection? in
            defer { peerEdges[name] = edge }
            return peerEdges[name]
        }
        old?.close()
        let service = self.service
        edge.start(on: group.next(), onFrame: { f, c in service.peerFrame(f, from: name, connection: c) })
        logger.debug("peer edge", metadata: ["peer": "\(name)"])
        try? conn.reply(to: frame)
    }

    /// Stop accepting, let what is in flight finish, then exit.
    private func shutdown(_ frame: IPCFrame, _ conn: IPCConnection) {
        logger.info("shutting down")
        let channels = lock.withLock { servers }
        let closed = channels.map { $0.close() }
        EventLoopFuture.andAllComplete(closed, on: group.next()).whenComplete { _ in
            try? conn.reply(to: frame)
            exit(0)
        }
    }
}
