import Foundation

/// The client side of SCRAM-SHA-1/256 and their -PLUS variants (RFC 5802
/// §5), for queued authenticating to a smarthost:
///
///     var c = SCRAMClient(hash: .sha256, username: u, password: p, channelBinding: cb)
///     send(c.clientFirst())
///     send(try c.clientFinal(serverFirst: received))
///     try c.verify(serverFinal: received)   // the server knew our keys
public struct SCRAMClient: Sendable {
    enum State: Sendable {
        case start
        case sentClientFirst(SCRAMClientFirst)
        case sentClientFinal(serverSignature: [UInt8])
        case done
    }

    public let hash: SCRAMHash
    let username: String
    let password: String
    let authzid: String?
    let channelBinding: ChannelBinding?
    let couldBind: Bool
    let nonce: String
    var state: State = .start

    /// - Parameters:
    ///   - channelBinding: binding data for -PLUS; nil for the plain mechanism.
    ///   - couldBind: we are on TLS and could bind, but the server did not
    ///     advertise -PLUS: send "y" so a server that did advertise it sees
    ///     the downgrade (RFC 5802 §6). Otherwise "n".
    ///   - nonce: for tests; random otherwise.
    public init(hash: SCRAMHash, username: String, password: String, authzid: String? = nil, channelBinding: ChannelBinding? = nil, couldBind: Bool = false, nonce: String? = nil) {
        self.hash = hash
        self.username = username
        self.password = password
        self.authzid = authzid
        self.channelBinding = channelBinding
        self.couldBind = couldBind
        self.nonce = nonce ?? SCRAMSyntax.randomNonce()
    }

    public var mechanism: SASLMechanism {
        switch (hash, channelBinding != nil) {
        case (.sha1, false): return .scramSHA1
        case (.sha1, true): return .scramSHA1Plus
        case (.sha256, false): return .scramSHA256
        case (.sha256, true): return .scramSHA256Plus
        }
    }

    /// The most PBKDF2 rounds the client computes for a server.
    public static let maxIterations = 1_000_000

    public mutating func clientFirst() -> [UInt8] {
        let flag: SCRAMClientFirst.ChannelBindingFlag
        if let cb = channelBinding {
            flag = .used(cb.kind.rawValue)
        } else {
            flag = couldBind ? .supportedNotUsed : .notSupported
        }
        let m = SCRAMClientFirst(channelBinding: flag, authzid: authzid, username: username, nonce: nonce)
        state = .sentClientFirst(m)
        return m.encoded
    }

    public mutating func clientFinal(serverFirst: [UInt8]) throws(SASLError) -> [UInt8] {
        guard case .sentClientFirst(let cf) = state else { throw .invalidState("client-final before client-first") }
        state = .done
        let sf: SCRAMServerFirst
        do {
            sf = try SCRAMServerFirst.parse(serverFirst)
        } catch {
            throw .serverMisbehaved("server-first: \(error)")
        }
        // RFC 5802 §5.1: the server's nonce starts with ours.
        guard sf.nonce.hasPrefix(nonce), sf.nonce.count > nonce.count else { throw .serverMisbehaved("nonce does not extend ours") }
        // A hostile server could ask for a billion rounds; real ones use thousands.
        guard sf.iterations <= SCRAMClient.maxIterations else { throw .serverMisbehaved("iteration count \(sf.iterations) over \(SCRAMClient.maxIterations)") }
        let keys = try SCRAMKeys(password: password, hash: hash, salt: sf.salt, iterations: sf.iterations)
        let cbind = Array(cf.gs2Header.utf8) + (channelBinding?.data ?? [])
        var final = SCRAMClientFinal(channelBinding: cbind, nonce: sf.nonce, proof: [])
        let authMessage = Array((cf.bare + "," + String(decoding: serverFirst, as: UTF8.self) + "," + final.withoutProof).utf8)
        let storedKey = hash.hash(keys.clientKey)
        let clientSignature = hash.hmac(key: storedKey, authMessage)
        final.proof = zip(keys.clientKey, clientSignature).map { $0 ^ $1 }
        state = .sentClientFinal(serverSignature: hash.hmac(key: keys.serverKey, authMessage))
        return final.encoded
    }

    /// Checks server-final: the server proved it holds ServerKey.
    public mutating func verify(serverFinal: [UInt8]) throws(SASLError) {
        guard case .sentClientFinal(let expected) = state else { throw .invalidState("server-final before client-final") }
        state = .done
        let m: SCRAMServerFinal
        do {
            m = try SCRAMServerFinal.parse(serverFinal)
        } catch {
            throw .serverMisbehaved("server-final: \(error)")
        }
        switch m {
        case .error(let e): throw .serverError(e)
        case .verifier(let v):
            guard ConstantTime.equal(v, expected) else { throw .serverMisbehaved("wrong server signature") }
        }
    }
}
