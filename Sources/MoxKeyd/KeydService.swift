import Foundation
import Logging
import MoxConfig
import MoxDKIM
import MoxIPC
import MoxRole
import MoxSASL
import MoxTLS
import NIOConcurrencyHelpers
import NIOCore

/// keyd: the only process holding secrets (DESIGN.md, Processes). Network
/// roles ask it over their peer edges: TLS handshake signatures, SASL
/// exchanges and DKIM signatures. Private keys and password-derived secrets
/// never leave this process; passwords themselves are never stored.
public final class KeydService: RoleService, @unchecked Sendable {
    let lock = NIOLock()
    var tlsKeys: [String: TLSPrivateKey] = [:]
    var configuredDKIMKeys: [String: DKIMPrivateKey] = [:]
    var config: Config?
    var store: SecretFileStore?
    var logger = Logger(label: "keyd")
    let sasl: SASLSessions

    public init(limiter: LoginRateLimiter = LoginRateLimiter()) {
        sasl = SASLSessions(limiter: limiter)
    }

    public func configure(_ config: RoleConfig, runtime: RoleRuntime) throws {
        logger = runtime.logger
        try setUp(config, keysDirectory: config.config.dataDirectory + "/keys")
    }

    /// Everything configure does that needs no running role (tests call it).
    public func setUp(_ config: RoleConfig, keysDirectory: String) throws {
        let store = SecretFileStore(directory: keysDirectory)
        lock.withLock { self.store = store }
        sasl.attach(keyd: self)
        try reload(config)
        if config.localserve, try credentials(for: LocalserveConfig.account) == nil {
            try setPassword(account: LocalserveConfig.account, password: LocalserveConfig.password)
            logger.info("set localserve password", metadata: ["account": "\(LocalserveConfig.account)"])
        }
    }

    public func reload(_ config: RoleConfig) throws {
        var tls: [String: TLSPrivateKey] = [:]
        var dkim: [String: DKIMPrivateKey] = [:]
        let dkimFiles = Self.dkimKeyFiles(config.config)
        for (path, pem) in config.files {
            if let names = dkimFiles[path] {
                do {
                    let key = try DKIMPrivateKey(pem: pem)
                    for n in names { dkim[n] = key }
                } catch {
                    logger.error("unusable DKIM private key", metadata: ["file": "\(path)", "error": "\(error)"])
                }
                continue
            }
            do {
                tls[path] = try TLSPrivateKey(pem: pem)
            } catch {
                logger.error("unusable TLS private key", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        lock.withLock {
            tlsKeys = tls
            configuredDKIMKeys = dkim
            self.config = config.config
        }
        logger.info("keys loaded", metadata: ["tls": "\(tls.count)", "dkim": "\(dkim.count)"])
    }

    /// PrivateKeyFile path → the "selector._domainkey.domain" names it serves.
    static func dkimKeyFiles(_ config: Config) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (domain, d) in config.dynamicConfig.domains {
            for (selector, s) in d.dkim?.selectors ?? [:] {
                out[s.privateKeyFile, default: []].append(DKIMKeyName.make(domain: domain, selector: selector))
            }
        }
        return out
    }

    public func initializeConnection(_ channel: any Channel, socket: ListenerSocket) -> EventLoopFuture<Void> {
        channel.close()  // keyd has no listeners
    }

    public func peerFrame(_ frame: IPCFrame, from role: String, connection: IPCConnection) {
        switch frame.type {
        case .tlsSign:
            do {
                let req = try TLSSignRequest(decoding: frame.payload)
                guard let key = lock.withLock({ tlsKeys[req.keyID] }) else {
                    try? connection.replyError(to: frame, "no TLS key \(req.keyID)")
                    return
                }
                try connection.reply(to: frame, payload: try key.sign(scheme: req.algorithm, data: req.data))
            } catch {
                logger.warning("tls sign refused", metadata: ["peer": "\(role)", "error": "\(error)"])
                try? connection.replyError(to: frame, "\(error)")
            }
        case .saslStart, .saslStep:
            Task {
                do {
                    let reply = frame.type == .saslStart
                        ? await sasl.start(try SASLStartRequest(decoding: frame.payload), peer: role)
                        : await sasl.step(try SASLStepRequest(decoding: frame.payload), peer: role)
                    try connection.reply(to: frame, payload: reply.encoded())
                } catch {
                    try? connection.replyError(to: frame, "malformed SASL request: \(error)")
                }
            }
        case .dkimSign:
            do {
                let req = try DKIMSignRequest(decoding: frame.payload)
                try connection.reply(to: frame, payload: try dkimSign(req))
            } catch {
                logger.warning("dkim sign refused", metadata: ["peer": "\(role)", "error": "\(error)"])
                try? connection.replyError(to: frame, "\(error)")
            }
        default:
            try? connection.replyError(to: frame, "\(frame.type) not handled by keyd")
        }
    }

    public func control(_ arguments: [String]) async -> ControlResult {
        do {
            return try KeydControl.run(arguments, keyd: self)
        } catch {
            return .failure("\(error)")
        }
    }

    // MARK: Credentials

    /// The account a login name refers to: an account name, or one of its
    /// email addresses (as mox allows).
    func account(forLogin login: String) -> String? {
        guard let config = lock.withLock({ config }) else { return nil }
        if config.dynamicConfig.accounts[login] != nil { return login }
        let lower = login.lowercased()
        for (name, a) in config.dynamicConfig.accounts {
            if (a.destinations ?? [:]).keys.contains(where: { $0.lowercased() == lower }) { return name }
        }
        return nil
    }

    func credentials(for account: String) throws -> StoredCredentials? {
        guard let store = lock.withLock({ store }), let bytes = try store.read("credentials", account) else { return nil }
        return try StoredCredentials(encoded: bytes)
    }

    func setPassword(account: String, password: String) throws {
        guard let store = lock.withLock({ store }) else { throw KeydError.notReady }
        let creds = try StoredCredentials.derive(password: password)
        try store.write("credentials", account, creds.encoded())
    }

    /// Accounts whose registered TLS client public keys include `hash` (EXTERNAL).
    func account(forClientKeyHash hash: [UInt8]) -> String? {
        guard let store = lock.withLock({ store }) else { return nil }
        let hex = hash.map { String(format: "%02x", $0) }.joined()
        for account in store.list("tlspubkeys") {
            if let bytes = try? store.read("tlspubkeys", account), String(decoding: bytes, as: UTF8.self).split(separator: "\n").contains(Substring(hex)) {
                return account
            }
        }
        return nil
    }

    // MARK: DKIM

    func dkimKey(domain: String, selector: String) throws -> DKIMPrivateKey? {
        let name = DKIMKeyName.make(domain: domain, selector: selector)
        if let k = lock.withLock({ configuredDKIMKeys[name] }) { return k }
        guard let store = lock.withLock({ store }), let pem = try store.read("dkim", name) else { return nil }
        return try DKIMPrivateKey(pem: String(decoding: pem, as: UTF8.self))
    }

    func dkimSign(_ req: DKIMSignRequest) throws -> [UInt8] {
        guard let key = try dkimKey(domain: req.domain, selector: req.selector) else {
            throw KeydError.unknownKey("no DKIM key for selector \(req.selector) of \(req.domain)")
        }
        guard let alg = DKIMAlgorithm(name: req.algorithm), alg == key.algorithm else {
            throw KeydError.unknownKey("algorithm \(req.algorithm) does not fit the key")
        }
        return try key.sign(req.dataToSign, algorithm: alg)
    }
}

enum KeydError: Error, CustomStringConvertible {
    case notReady
    case unknownKey(String)
    case usage(String)
    var description: String {
        switch self {
        case .notReady: return "keyd is not configured yet"
        case .unknownKey(let s): return s
        case .usage(let s): return s
        }
    }
}

/// File name of a DKIM key in keyd's store, the DNS name of its record.
enum DKIMKeyName {
    static func make(domain: String, selector: String) -> String { "\(selector)._domainkey.\(domain.lowercased())" }
}
