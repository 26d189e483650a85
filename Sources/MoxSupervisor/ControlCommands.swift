import Foundation
import MoxIPC
import MoxRole

/// What mox-ctl can ask. Process commands are answered by the supervisor;
/// data commands are relayed, opaque, to the role that owns the data.
enum ControlCommands {
    static let help = """
        commands:
          status                 roles with pid, uid, uptime, restarts
          restart ROLE           restart one role (smtpd, imapd, queued, webapid, keyd)
          reload                 re-read mox.conf and domains.conf, push to roles
          stop                   stop mox
          queue ...              relayed to queued
          setpassword|dkim|tlspubkey ...   relayed to keyd
          account|mailbox ...    relayed to imapd (a store-owning role)
        """

    /// The role that owns the data a command is about.
    static func owner(of command: String) -> ProcessRole? {
        switch command {
        case "queue", "suppression", "webhook": return .queued
        case "setpassword", "dkim", "tlspubkey", "keys": return .keyd
        case "account", "mailbox", "verifydata", "reassignthreads": return .imapd
        default: return nil
        }
    }

    static func run(_ args: [String], supervisor: Supervisor) async -> ControlResult {
        guard let command = args.first else { return .failure(help) }
        switch command {
        case "help":
            return .ok(help)
        case "status":
            return await onLoop(supervisor) { .ok(supervisor.statusTable()) }
        case "reload":
            return await onLoop(supervisor) { supervisor.reload() }
        case "stop":
            return await onLoop(supervisor) {
                supervisor.stop(code: 0)
                return .ok("stopping")
            }
        case "restart":
            guard args.count == 2, let role = ProcessRole(rawValue: args[1]) else {
                return .failure("usage: restart ROLE, with ROLE one of \(ProcessRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return await onLoop(supervisor) { supervisor.restart(role) }
        default:
            guard let role = owner(of: command) else { return .failure("unknown command \"\(command)\"\n\(help)") }
            return await relay(args, to: role, supervisor: supervisor)
        }
    }

    static func relay(_ args: [String], to role: ProcessRole, supervisor: Supervisor) async -> ControlResult {
        guard let conn = await onLoop(supervisor, { supervisor.children[role]?.ready == true ? supervisor.children[role]?.connection : nil }) else {
            return .failure("\(role.rawValue) is not running; try again shortly")
        }
        do {
            let reply = try await conn.request(.controlRelay, payload: ControlArguments(args).encoded())
            return try ControlResult(decoding: reply.payload)
        } catch {
            return .failure("\(role.rawValue): \(error)")
        }
    }

    private static func onLoop<T: Sendable>(_ s: Supervisor, _ body: @escaping @Sendable () -> T) async -> T {
        (try? await s.loop.submit(body).get())!
    }
}

extension Supervisor {
    /// Asks the role to stop; its exit starts the new process at once.
    func restart(_ role: ProcessRole) -> ControlResult {
        guard let child = children[role], child.isRunning else { return .failure("\(role.rawValue) is not running") }
        child.restartRequested = true
        if let conn = child.connection {
            Task { _ = try? await conn.request(.shutdown) }
        } else {
            kill(child.pid, SIGTERM)
        }
        let pid = child.pid
        loop.scheduleTask(in: .seconds(10)) { if child.pid == pid { kill(pid, SIGKILL) } }
        return .ok("restarting \(role.rawValue) (pid \(pid))")
    }
}
