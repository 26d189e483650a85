/// Checks that need both files: references between accounts, domains and
/// listeners. Each failure names the file and key it is about.
struct ConfigCheck {
    let config: Config
    let staticFile: String
    let dynamicFile: String
    let staticRoot: SconfNode
    let dynamicRoot: SconfNode

    func staticError(_ path: [String], _ message: String) -> ConfigError {
        ConfigError(file: staticFile, line: staticRoot.line(at: path), path: path.joined(separator: "."), message: message)
    }

    func dynamicError(_ path: [String], _ message: String) -> ConfigError {
        ConfigError(file: dynamicFile, line: dynamicRoot.line(at: path), path: path.joined(separator: "."), message: message)
    }

    func run() throws(ConfigError) {
        let s = config.staticConfig
        let d = config.dynamicConfig
        if s.hostname.isEmpty { throw staticError(["Hostname"], "must not be empty") }
        if d.accounts[s.postmaster.account] == nil {
            throw staticError(["Postmaster", "Account"], "account \"\(s.postmaster.account)\" is not in domains.conf")
        }
        if MoxLogLevel(rawValue: s.logLevel) == nil {
            throw staticError(["LogLevel"], "unknown level \"\(s.logLevel)\", expected one of error, info, debug, trace, traceauth, tracedata")
        }
        for (name, l) in s.listeners.sorted(by: { $0.key < $1.key }) {
            if l.ips.isEmpty { throw staticError(["Listeners", "\(name)", "IPs"], "at least one IP is required") }
            for ip in l.ips where !IPAddressText.isValid(ip) {
                throw staticError(["Listeners", "\(name)", "IPs"], "\"\(ip)\" is not an IP address")
            }
            for service in ListenerService.allCases {
                guard let port = service.port(in: l) else { continue }
                if !(1...65535).contains(port) {
                    throw staticError(["Listeners", "\(name)", "\(service.rawValue)"], "port \(port) out of range")
                }
                if service.usesTLS(in: l) && l.tls == nil {
                    throw staticError(["Listeners", "\(name)", "\(service.rawValue)"], "requires a TLS config on the listener")
                }
            }
        }
        if let c = config.portConflicts.first {
            throw staticError(["Listeners", c.listener, c.second.rawValue], "port \(c.port) is also used by \(c.first.rawValue), which needs a different process or TLS setting")
        }
        for (name, a) in d.accounts.sorted(by: { $0.key < $1.key }) {
            if d.domains[a.domain] == nil {
                throw dynamicError(["Accounts", "\(name)", "Domain"], "domain \"\(a.domain)\" is not configured")
            }
            for addr in (a.destinations ?? [:]).keys.sorted() {
                let domain = addr.contains("@") ? String(addr[addr.index(after: addr.lastIndex(of: "@")!)...]) : a.domain
                if d.domains[domain] == nil {
                    throw dynamicError(["Accounts", "\(name)", "Destinations", "\(addr)"], "domain \"\(domain)\" is not configured")
                }
            }
        }
        for (name, dom) in d.domains.sorted(by: { $0.key < $1.key }) {
            for sel in dom.dkim?.sign ?? [] where dom.dkim?.selectors?[sel] == nil {
                throw dynamicError(["Domains", "\(name)", "DKIM", "Sign"], "selector \"\(sel)\" is not defined under Selectors")
            }
        }
    }
}

/// mox's log level names.
public enum MoxLogLevel: String, Sendable {
    case error, info, debug, trace, traceauth, tracedata
}
