import ArgumentParser
import MoxKeyd
import MoxRole
import MoxSupervisor

/// `mox role NAME`: how the supervisor re-executes mox for each process.
/// Not for people: it expects its IPC edge on descriptor 3.
struct RoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "Run one process role (started by the supervisor).", shouldDisplay: false)

    @Argument(help: "smtpd, imapd, queued, webapid or keyd")
    var name: String

    func run() throws {
        guard let role = ProcessRole(rawValue: name) else { throw ValidationError("unknown role \(name)") }
        RoleRuntime.run(role: role.rawValue, service: RoleServices.make(role))
    }
}

/// The service each role runs. Roles whose protocol is not built yet answer
/// on their ports with the protocol's "not available" reply.
enum RoleServices {
    static func make(_ role: ProcessRole) -> any RoleService {
        switch role {
        case .keyd: return KeydService()
        case .smtpd, .imapd, .queued, .webapid: return PlaceholderRole()
        }
    }
}
