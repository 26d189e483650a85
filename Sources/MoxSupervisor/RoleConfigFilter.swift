import MoxConfig

/// Each role gets only the secrets it needs: smarthost passwords go to
/// queued alone. (TLS and DKIM private keys are files that only keyd opens.)
enum RoleConfigFilter {
    static func config(_ config: Config, for role: ProcessRole) -> Config {
        guard role != .queued else { return config }
        var c = config
        if var transports = c.staticConfig.transports {
            for (name, var t) in transports {
                t.submissions?.auth?.password = ""
                t.submission?.auth?.password = ""
                t.smtp?.auth?.password = ""
                transports[name] = t
            }
            c.staticConfig.transports = transports
        }
        return c
    }
}
