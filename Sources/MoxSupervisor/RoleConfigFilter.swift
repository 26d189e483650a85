import Foundation
import Logging
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

/// The files each role gets through the supervisor: roles never open config
/// or key files themselves.
enum RoleFiles {
    static func collect(_ config: Config, for role: ProcessRole, logger: Logger) -> [String: String] {
        var paths: [String] = []
        for listener in config.staticConfig.listeners.values {
            for kc in listener.tls?.keyCerts ?? [] {
                switch role {
                case .keyd: paths.append(kc.keyFile)
                case .smtpd, .imapd, .webapid: paths.append(kc.certFile)
                case .queued: break
                }
            }
        }
        if role == .keyd {
            for domain in config.dynamicConfig.domains.values {
                for selector in (domain.dkim?.selectors ?? [:]).values { paths.append(selector.privateKeyFile) }
            }
        }
        var files: [String: String] = [:]
        for path in paths where files[path] == nil {
            let full = path.hasPrefix("/") ? path : config.directory + "/" + path
            if let text = try? String(contentsOfFile: full, encoding: .utf8) {
                files[path] = text
            } else {
                logger.error("cannot read file for role", metadata: ["role": "\(role.rawValue)", "file": "\(full)"])
            }
        }
        return files
    }
}
