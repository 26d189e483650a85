import Foundation

/// Both config files, loaded and checked against each other.
public struct Config: Codable, Sendable {
    /// Directory holding mox.conf and domains.conf.
    public var directory: String
    public var staticConfig: StaticConfig
    public var dynamicConfig: DynamicConfig
    /// DataDir made absolute (mox: relative to the directory of mox.conf).
    public var dataDirectory: String

    public init(directory: String, staticConfig: StaticConfig, dynamicConfig: DynamicConfig) {
        self.directory = directory
        self.staticConfig = staticConfig
        self.dynamicConfig = dynamicConfig
        let dd = staticConfig.dataDir
        dataDirectory = dd.hasPrefix("/") ? dd : (directory as NSString).appendingPathComponent(dd)
    }

    /// Loads `mox.conf` (a file or the directory containing it) and the
    /// `domains.conf` beside it.
    public static func load(path: String) throws(ConfigError) -> Config {
        var isDir: ObjCBool = false
        let staticPath: String
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            staticPath = (path as NSString).appendingPathComponent("mox.conf")
        } else {
            staticPath = path
        }
        let directory = (staticPath as NSString).deletingLastPathComponent.isEmpty ? "." : (staticPath as NSString).deletingLastPathComponent
        let dynamicPath = (directory as NSString).appendingPathComponent("domains.conf")
        let staticRoot = try SconfParser(file: staticPath).parse(try readFile(staticPath))
        let dynamicRoot = try SconfParser(file: dynamicPath).parse(try readFile(dynamicPath))
        let s = try SconfDecoder.decode(StaticConfig.self, from: staticRoot, file: staticPath)
        let d = try SconfDecoder.decode(DynamicConfig.self, from: dynamicRoot, file: dynamicPath)
        let config = Config(directory: directory, staticConfig: s, dynamicConfig: d)
        try ConfigCheck(config: config, staticFile: staticPath, dynamicFile: dynamicPath, staticRoot: staticRoot, dynamicRoot: dynamicRoot).run()
        return config
    }

    static func readFile(_ path: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: 0, path: "", message: "cannot read file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: 0, path: "", message: "file is not valid UTF-8")
        }
        return text
    }

    /// Every socket the supervisor binds, in a stable order. Services of one
    /// role on the same IP and port (mox puts account, admin, webmail and
    /// webapi HTTP on one port, told apart by path) share one socket.
    public var listenerSockets: [ListenerSocket] {
        var out: [ListenerSocket] = []
        var seen: Set<String> = []
        for name in staticConfig.listeners.keys.sorted() {
            let l = staticConfig.listeners[name]!
            for service in ListenerService.allCases {
                guard let port = service.port(in: l) else { continue }
                for ip in l.ips where seen.insert("\(ip)|\(port)").inserted {
                    out.append(ListenerSocket(listener: name, service: service, ip: ip, port: port, implicitTLS: service.usesTLS(in: l)))
                }
            }
        }
        return out
    }

    /// Services configured on the same IP and port that cannot share a
    /// socket: different roles, or TLS on one and not the other.
    var portConflicts: [(listener: String, first: ListenerService, second: ListenerService, port: Int)] {
        var owners: [String: (ListenerService, Bool)] = [:]
        var out: [(String, ListenerService, ListenerService, Int)] = []
        for name in staticConfig.listeners.keys.sorted() {
            let l = staticConfig.listeners[name]!
            for service in ListenerService.allCases {
                guard let port = service.port(in: l) else { continue }
                for ip in l.ips {
                    let key = "\(ip)|\(port)"
                    if let (other, tls) = owners[key] {
                        if other.role != service.role || tls != service.usesTLS(in: l) { out.append((name, other, service, port)) }
                    } else {
                        owners[key] = (service, service.usesTLS(in: l))
                    }
                }
            }
        }
        return out
    }
}

/// A service that listens on a port, with mox's default port and the role that serves it.
public enum ListenerService: String, CaseIterable, Sendable, Codable {
    case smtp, submission, submissions, imap, imaps
    case accountHTTP, accountHTTPS, adminHTTP, adminHTTPS, webmailHTTP, webmailHTTPS
    case webAPIHTTP, webAPIHTTPS, metricsHTTP, autoconfigHTTPS, mtastsHTTPS, webserverHTTP, webserverHTTPS

    public var defaultPort: Int {
        switch self {
        case .smtp: return 25
        case .submission: return 587
        case .submissions: return 465
        case .imap: return 143
        case .imaps: return 993
        case .accountHTTP, .adminHTTP, .webmailHTTP, .webAPIHTTP, .webserverHTTP: return 80
        case .accountHTTPS, .adminHTTPS, .webmailHTTPS, .webAPIHTTPS, .autoconfigHTTPS, .mtastsHTTPS, .webserverHTTPS: return 443
        case .metricsHTTP: return 8010
        }
    }

    /// The process role that accepts connections for this service.
    public var role: String {
        switch self {
        case .smtp, .submission, .submissions: return "smtpd"
        case .imap, .imaps: return "imapd"
        default: return "webapid"
        }
    }

    /// Whether the connection starts with a TLS handshake, unless the
    /// listener turns it off (NonTLS, for a reverse proxy in front).
    public var implicitTLS: Bool {
        switch self {
        case .submissions, .imaps, .accountHTTPS, .adminHTTPS, .webmailHTTPS, .webAPIHTTPS, .autoconfigHTTPS, .mtastsHTTPS, .webserverHTTPS: return true
        default: return false
        }
    }

    public func usesTLS(in l: Listener) -> Bool {
        switch self {
        case .autoconfigHTTPS: return l.autoconfigHTTPS?.nonTLS != true
        case .mtastsHTTPS: return l.mtastsHTTPS?.nonTLS != true
        default: return implicitTLS
        }
    }

    /// The configured port when the service is enabled on the listener.
    public func port(in l: Listener) -> Int? {
        func p(_ enabled: Bool?, _ port: Int?) -> Int? { enabled == true ? ((port ?? 0) == 0 ? defaultPort : port!) : nil }
        switch self {
        case .smtp: return p(l.smtp?.enabled, l.smtp?.port)
        case .submission: return p(l.submission?.enabled, l.submission?.port)
        case .submissions: return p(l.submissions?.enabled, l.submissions?.port)
        case .imap: return p(l.imap?.enabled, l.imap?.port)
        case .imaps: return p(l.imaps?.enabled, l.imaps?.port)
        case .accountHTTP: return p(l.accountHTTP?.enabled, l.accountHTTP?.port)
        case .accountHTTPS: return p(l.accountHTTPS?.enabled, l.accountHTTPS?.port)
        case .adminHTTP: return p(l.adminHTTP?.enabled, l.adminHTTP?.port)
        case .adminHTTPS: return p(l.adminHTTPS?.enabled, l.adminHTTPS?.port)
        case .webmailHTTP: return p(l.webmailHTTP?.enabled, l.webmailHTTP?.port)
        case .webmailHTTPS: return p(l.webmailHTTPS?.enabled, l.webmailHTTPS?.port)
        case .webAPIHTTP: return p(l.webAPIHTTP?.enabled, l.webAPIHTTP?.port)
        case .webAPIHTTPS: return p(l.webAPIHTTPS?.enabled, l.webAPIHTTPS?.port)
        case .metricsHTTP: return p(l.metricsHTTP?.enabled, l.metricsHTTP?.port)
        case .autoconfigHTTPS: return p(l.autoconfigHTTPS?.enabled, l.autoconfigHTTPS?.port)
        case .mtastsHTTPS: return p(l.mtastsHTTPS?.enabled, l.mtastsHTTPS?.port)
        case .webserverHTTP: return p(l.webserverHTTP?.enabled, l.webserverHTTP?.port)
        case .webserverHTTPS: return p(l.webserverHTTPS?.enabled, l.webserverHTTPS?.port)
        }
    }
}

public struct ListenerSocket: Codable, Sendable, Hashable, CustomStringConvertible {
    public var listener: String
    public var service: ListenerService
    public var ip: String
    public var port: Int
    /// TLS from the first byte (submissions, imaps, HTTPS); else plain or STARTTLS.
    public var implicitTLS: Bool
    public init(listener: String, service: ListenerService, ip: String, port: Int, implicitTLS: Bool = false) {
        self.listener = listener
        self.service = service
        self.ip = ip
        self.port = port
        self.implicitTLS = implicitTLS
    }

    public var description: String {
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return "\(listener)/\(service.rawValue) \(host):\(port)"
    }
}
