import Foundation
import Logging
import MoxConfig
import MoxIPC
import MoxRole
import MoxTLS
import NIOConcurrencyHelpers
import NIOCore

/// keyd: the only process holding secrets. Network roles ask it over their
/// peer edge; the private key material never leaves this process.
public final class KeydService: RoleService, @unchecked Sendable {
    private let lock = NIOLock()
    private var tlsKeys: [String: TLSPrivateKey] = [:]
    private var logger = Logger(label: "keyd")

    public init() {}

    public func configure(_ config: RoleConfig, runtime: RoleRuntime) throws {
        logger = runtime.logger
        try reload(config)
    }

    public func reload(_ config: RoleConfig) throws {
        var keys: [String: TLSPrivateKey] = [:]
        for (path, pem) in config.files {
            do {
                keys[path] = try TLSPrivateKey(pem: pem)
            } catch {
                logger.error("unusable TLS private key", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        lock.withLock { tlsKeys = keys }
        logger.info("tls keys loaded", metadata: ["count": "\(keys.count)"])
    }

    public func initializeConnection(_ channel: any Channel, socket: ListenerSocket) -> EventLoopFuture<Void> {
        // keyd has no listeners.
        channel.close()
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
        default:
            try? connection.replyError(to: frame, "\(frame.type) not handled by keyd")
        }
    }
}
