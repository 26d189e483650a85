import MoxConfig

/// What the supervisor starts for a config: each role with the sockets it
/// is handed. Computed separately from starting so it can be printed and tested.
public struct StartPlan: Sendable {
    public struct Entry: Sendable {
        public var role: ProcessRole
        public var user: String
        public var sockets: [ListenerSocket]
    }

    public var entries: [Entry]

    public init(config: Config) {
        let sockets = config.listenerSockets
        let user = config.staticConfig.user ?? "mox"
        let keyUser = config.staticConfig.keyUser ?? "moxkey"
        entries = ProcessRole.allCases.map { role in
            Entry(role: role, user: role == .keyd ? keyUser : user, sockets: sockets.filter { $0.service.role == role.rawValue })
        }
    }

    public var description: String {
        entries.map { e in
            let socks = e.sockets.isEmpty ? "no listeners" : e.sockets.map(\.description).joined(separator: ", ")
            return "\(e.role.processName) as \(e.user): \(socks)"
        }.joined(separator: "\n")
    }
}
