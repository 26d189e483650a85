import Foundation
import Logging
import MoxConfig
import MoxIPC
import MoxRole
import NIOCore
import NIOPosix

/// `mox serve` and `mox localserve`: binds the listeners, starts each role
/// with dropped privileges, hands it its sockets and peer edges, restarts
/// what crashes, and answers the control socket.
///
/// All mutable state is confined to `loop`; other threads (the reaper, the
/// signal waiter, IPC readers) hop onto it.
public final class Supervisor: @unchecked Sendable {
    public struct Options: Sendable {
        /// mox.conf path or its directory, re-read on reload.
        public var configPath: String
        /// Run roles under the configured users (serve as root). Off for localserve.
        public var dropToConfiguredUsers: Bool
        public var localserve: Bool
        public init(configPath: String, dropToConfiguredUsers: Bool, localserve: Bool = false) {
            self.configPath = configPath
            self.dropToConfiguredUsers = dropToConfiguredUsers
            self.localserve = localserve
        }
    }

    let options: Options
    var config: Config
    let layout: DataDirectoryLayout
    let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop
    let logger = Logger(label: "supervisor")
    let spawner = Spawner()
    var children: [ProcessRole: ChildProcess] = [:]
    var boundSockets: [(socket: ListenerSocket, fd: Int32)] = []
    var control: ControlServer?
    var stopping = false
    var exitCode: Int32 = 0
    let startedAt = monotonicNow()
    /// Signalled when every role has exited after a stop.
    let stopped = DispatchSemaphore(value: 0)

    public init(config: Config, options: Options) {
        self.config = config
        self.options = options
        self.layout = DataDirectoryLayout(root: config.dataDirectory)
        // Before any thread exists, so every thread inherits the blocked mask
        // and only the sigwait thread takes SIGTERM/SIGHUP.
        SignalWaiter.blockHandledSignals()
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
    }

    /// Runs until stopped; returns the process exit code.
    public func run() throws -> Int32 {
        let users = try resolveUsers()
        try layout.create(user: users.user ?? SystemUser.current(), keyUser: users.keyUser ?? SystemUser.current(), chown: options.dropToConfiguredUsers)
        for socket in config.listenerSockets {
            boundSockets.append((socket, try ListenerBinder.bind(socket)))
        }
        logger.info("listeners bound", metadata: ["count": "\(boundSockets.count)"])
        control = try ControlServer.start(path: layout.controlSocket, group: group, allowedGroup: config.staticConfig.controlGroup.flatMap(SystemUser.groupID), supervisor: self)
        if options.dropToConfiguredUsers {
            try Capabilities.restrictSupervisor()
        }
        let policy = restartPolicy()
        for role in ProcessRole.allCases {
            let user = options.dropToConfiguredUsers ? (role == .keyd ? users.keyUser : users.user) : nil
            children[role] = ChildProcess(role: role, user: user, policy: policy)
        }
        loop.execute { [self] in
            for role in ProcessRole.allCases { start(role) }
        }
        Reaper.start { [self] pid, status in loop.execute { self.childExited(pid: pid, status: status) } }
        SignalWaiter.start { [self] sig in
            loop.execute {
                switch sig {
                case SIGHUP: _ = self.reload()
                default: self.stop(code: 0)
                }
            }
        }
        logger.info("started", metadata: ["pid": "\(getpid())", "config": "\(options.configPath)", "datadir": "\(layout.root)"])
        stopped.wait()
        return exitCode
    }

    private func resolveUsers() throws -> (user: SystemUser?, keyUser: SystemUser?) {
        guard options.dropToConfiguredUsers else { return (nil, nil) }
        guard getuid() == 0 else { throw SupervisorError.setup("mox serve must start as root (it binds ports and switches users); use mox localserve for development") }
        return (try SystemUser.lookup(config.staticConfig.user ?? "mox"), try SystemUser.lookup(config.staticConfig.keyUser ?? "moxkey"))
    }

    private func restartPolicy() -> RestartPolicy {
        let s = config.staticConfig.supervision
        return RestartPolicy(maxRestarts: s?.maxRestarts ?? 5, window: s?.restartWindow?.seconds ?? 60, backoff: s?.restartBackoff?.seconds ?? 2)
    }

    // MARK: Starting roles

    func start(_ role: ProcessRole) {
        guard !stopping, let child = children[role] else { return }
        let pair: (Int32, Int32)
        do { pair = try IPCConnection.socketPair() } catch {
            logger.error("socketpair failed", metadata: ["role": "\(role.rawValue)", "error": "\(error)"])
            scheduleStart(role, after: 1)
            return
        }
        let pid: pid_t
        do {
            pid = try spawner.spawn(role: role.rawValue, ipcFD: pair.1, user: child.user, clearCapabilities: getuid() == 0)
        } catch {
            close(pair.0)
            close(pair.1)
            logger.error("spawn failed", metadata: ["role": "\(role.rawValue)", "error": "\(error)"])
            scheduleStart(role, after: 1)
            return
        }
        close(pair.1)
        child.pid = pid
        child.startedAt = monotonicNow()
        child.ready = false
        child.restartRequested = false
        let conn = IPCConnection(fd: pair.0, name: role.rawValue, logger: logger)
        child.connection = conn
        conn.start(on: loop, onFrame: { [self] frame, c in handleChildFrame(frame, from: child, connection: c) }, onClose: { [self] error in
            // A child that sent garbage is no longer trusted: kill it; the reaper restarts it.
            if let error, child.connection === conn, child.pid > 0 {
                logger.error("role sent a bad frame, killing it", metadata: ["role": "\(role.rawValue)", "pid": "\(child.pid)", "error": "\(error)"])
                kill(child.pid, SIGKILL)
            }
        })
        logger.info("role started", metadata: ["role": "\(role.rawValue)", "pid": "\(pid)", "user": "\(child.user?.description ?? "unchanged")"])
    }

    private func scheduleStart(_ role: ProcessRole, after seconds: Double) {
        loop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) { [self] in start(role) }
    }

    private func handleChildFrame(_ frame: IPCFrame, from child: ChildProcess, connection conn: IPCConnection) {
        switch frame.type {
        case .hello:
            guard let hello = try? RoleHello(decoding: frame.payload), hello.role == child.role.rawValue, hello.pid == child.pid else {
                try? conn.replyError(to: frame, "hello does not match the process started")
                conn.close()
                kill(child.pid, SIGKILL)
                return
            }
            let rc = RoleConfig(role: child.role.rawValue, expectUnprivileged: child.user.map { $0.uid != 0 } ?? false,
                                listeners: sockets(for: child.role).map(\.socket), config: RoleConfigFilter.config(config, for: child.role),
                                files: RoleFiles.collect(config, for: child.role, logger: logger), localserve: options.localserve)
            do { try conn.reply(to: frame, payload: try rc.encoded()) } catch {
                logger.error("sending config failed", metadata: ["role": "\(child.role.rawValue)", "error": "\(error)"])
            }
        case .listener:
            let mine = sockets(for: child.role)
            guard let req = try? ListenerRequest(decoding: frame.payload), req.index < mine.count else {
                try? conn.replyError(to: frame, "no such listener")
                return
            }
            try? conn.reply(to: frame, descriptors: [mine[req.index].fd])
        case .ready:
            child.ready = true
            try? conn.reply(to: frame)
            logger.info("role ready", metadata: ["role": "\(child.role.rawValue)", "pid": "\(child.pid)"])
            connectPeers(of: child)
        default:
            for fd in frame.descriptors { close(fd) }
            try? conn.replyError(to: frame, "unexpected \(frame.type) from a role")
        }
    }

    private func sockets(for role: ProcessRole) -> [(socket: ListenerSocket, fd: Int32)] {
        boundSockets.filter { $0.socket.service.role == role.rawValue }
    }

    /// Gives `child` and every other ready role a fresh edge to each other;
    /// after a restart the peers replace their edge to the old process.
    private func connectPeers(of child: ChildProcess) {
        for other in children.values where other !== child && other.ready {
            guard let a = child.connection, let b = other.connection, let pair = try? IPCConnection.socketPair() else { continue }
            let sends = [(a, other.role.rawValue, pair.0), (b, child.role.rawValue, pair.1)]
            Task {
                for (conn, name, fd) in sends {
                    _ = try? await conn.request(.peer, payload: Array(name.utf8), descriptors: [fd])
                    close(fd)
                }
            }
        }
    }

    // MARK: Exits and restarts

    private func childExited(pid: pid_t, status: Int32) {
        guard let child = children.values.first(where: { $0.pid == pid }) else { return }
        let ranFor = monotonicNow() - child.startedAt
        let how = Reaper.describe(status)
        child.pid = 0
        child.connection?.close()
        child.connection = nil
        let wasReady = child.ready
        child.ready = false
        if stopping {
            logger.info("role exited", metadata: ["role": "\(child.role.rawValue)", "status": "\(how)"])
            if children.values.allSatisfy({ !$0.isRunning }) { finish() }
            return
        }
        if child.restartRequested {
            logger.info("role exited for restart", metadata: ["role": "\(child.role.rawValue)", "status": "\(how)"])
            child.restarts += 1
            start(child.role)
            return
        }
        switch child.policy.exited(at: monotonicNow(), ranFor: ranFor, wasReady: wasReady) {
        case .restart(let delay):
            child.restarts += 1
            logger.warning("role died, restarting", metadata: ["role": "\(child.role.rawValue)", "status": "\(how)", "ran": "\(String(format: "%.1fs", ranFor))", "delay": "\(delay)s"])
            if delay == 0 { start(child.role) } else { scheduleStart(child.role, after: delay) }
        case .stopService(let reason):
            logger.critical("crash loop: stopping mox", metadata: ["role": "\(child.role.rawValue)", "reason": "\(reason)", "status": "\(how)"])
            stop(code: 1)
        }
    }

    /// SIGTERM, `mox-ctl stop` or a crash loop: roles stop accepting and
    /// finish; those still running after the timeout are killed.
    func stop(code: Int32) {
        if stopping { return }
        stopping = true
        exitCode = code
        logger.info("stopping", metadata: ["code": "\(code)"])
        control?.close()
        for child in children.values where child.isRunning {
            guard let conn = child.connection else { kill(child.pid, SIGTERM); continue }
            Task { _ = try? await conn.request(.shutdown) }
        }
        let timeout = config.staticConfig.supervision?.stopTimeout?.seconds ?? 10
        loop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) { [self] in
            for child in children.values where child.isRunning {
                logger.warning("role did not stop in time, killing", metadata: ["role": "\(child.role.rawValue)", "pid": "\(child.pid)"])
                kill(child.pid, SIGKILL)
            }
        }
        if children.values.allSatisfy({ !$0.isRunning }) { finish() }
    }

    private func finish() {
        unlink(layout.controlSocket)
        for s in boundSockets { close(s.fd) }
        boundSockets = []
        logger.info("stopped", metadata: ["code": "\(exitCode)"])
        stopped.signal()
    }

    // MARK: Control commands

    /// Re-reads both config files and pushes the result to every role.
    func reload() -> ControlResult {
        let new: Config
        do { new = try Config.load(path: options.configPath) } catch {
            logger.error("reload failed, keeping the running config", metadata: ["error": "\(error)"])
            return .failure("reload failed: \(error)")
        }
        if Set(new.listenerSockets) != Set(config.listenerSockets) {
            logger.warning("listener changes need a restart of mox; not applied")
        }
        config = new
        for child in children.values {
            guard let conn = child.connection, child.ready else { continue }
            let rc = RoleConfig(role: child.role.rawValue, expectUnprivileged: child.user.map { $0.uid != 0 } ?? false,
                                listeners: sockets(for: child.role).map(\.socket), config: RoleConfigFilter.config(new, for: child.role),
                                files: RoleFiles.collect(new, for: child.role, logger: logger), localserve: options.localserve)
            guard let payload = try? rc.encoded() else { continue }
            Task { _ = try? await conn.request(.reload, payload: payload) }
        }
        logger.info("config reloaded")
        return .ok("config reloaded")
    }

    func statusTable() -> String {
        var lines = ["ROLE       PID      UID    UPTIME     RESTARTS STATE"]
        let now = monotonicNow()
        lines.append(row("supervisor", getpid(), getuid(), now - startedAt, 0, stopping ? "stopping" : "running"))
        for role in ProcessRole.allCases {
            guard let c = children[role] else { continue }
            let state = c.isRunning ? (c.ready ? "ready" : "starting") : "restarting"
            lines.append(row(role.rawValue, c.pid, c.user?.uid ?? getuid(), c.isRunning ? now - c.startedAt : 0, c.restarts, state))
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ name: String, _ pid: pid_t, _ uid: uid_t, _ uptime: Double, _ restarts: Int, _ state: String) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
        return pad(name, 11) + pad("\(pid)", 9) + pad("\(uid)", 7) + pad(String(format: "%.0fs", uptime), 11) + pad("\(restarts)", 9) + state
    }
}
