import Crypto
import Foundation

/// The server side of one SCRAM exchange (RFC 5802 §5), working from
/// `SCRAMCredentials` only. Steps, in order:
/// 1. `receiveClientFirst(_:)` parses client-first and checks the channel
///    binding flag against what the connection offers; it returns the
///    username so the caller can fetch that account's credentials.
/// 2. `serverFirst(credentials:)` returns server-first (nil credentials:
///    an unknown user, answered with a made-up salt so the reply does not
///    tell, and failed at step 3).
/// 3. `receiveClientFinal(_:)` checks nonce, channel binding and proof and
///    returns server-final ("v=...").
public struct SCRAMServer: Sendable {
    enum State: Sendable {
        case start
        case gotClientFirst(SCRAMClientFirst)
        case sentServerFirst(SCRAMClientFirst, SCRAMServerFirst, SCRAMCredentials, known: Bool)
        case done
    }

    public let hash: SCRAMHash
    public let plus: Bool
    let channelBindings: [ChannelBinding]
    var state: State = .start
    let serverNonceSuffix: String

    /// - Parameters:
    ///   - plus: whether the client chose the -PLUS mechanism.
    ///   - channelBindings: what this connection can bind to (empty without
    ///     TLS). Non-empty means -PLUS was advertised (RFC 5802 §6).
    ///   - serverNonce: for tests; random otherwise.
    public init(hash: SCRAMHash, plus: Bool, channelBindings: [ChannelBinding], serverNonce: String? = nil) {
        self.hash = hash
        self.plus = plus
        self.channelBindings = channelBindings
        self.serverNonceSuffix = serverNonce ?? SCRAMSyntax.randomNonce()
    }

    public mutating func receiveClientFirst(_ message: [UInt8]) throws(SASLError) -> SCRAMClientFirst {
        guard case .start = state else { throw .invalidState("client-first twice") }
        state = .done
        let m = try SCRAMClientFirst.parse(message)
        // RFC 5802 §6: the channel binding flag must fit the mechanism and
        // what the server offered.
        switch m.channelBinding {
        case .used(let name):
            guard plus else { throw .channelBindingUnsupported("p= with a mechanism without -PLUS") }
            guard channelBindings.contains(where: { $0.kind.rawValue == name }) else {
                throw .channelBindingUnsupported("type \(name)")
            }
        case .supportedNotUsed:
            if plus { throw .malformed("-PLUS mechanism without p=") }
            if !channelBindings.isEmpty { throw .channelBindingDowngrade }
        case .notSupported:
            if plus { throw .malformed("-PLUS mechanism without p=") }
        }
        state = .gotClientFirst(m)
        return m
    }

    public mutating func serverFirst(credentials: SCRAMCredentials?) throws(SASLError) -> [UInt8] {
        guard case .gotClientFirst(let cf) = state else { throw .invalidState("server-first before client-first") }
        state = .done
        let creds: SCRAMCredentials
        let known: Bool
        if let c = credentials, c.hash == hash {
            creds = c
            known = true
        } else {
            creds = SCRAMServer.unknownUserCredentials(hash: hash, username: cf.username)
            known = false
        }
        let sf = SCRAMServerFirst(nonce: cf.nonce + serverNonceSuffix, salt: creds.salt, iterations: creds.iterations)
        state = .sentServerFirst(cf, sf, creds, known: known)
        return Array(sf.text.utf8)
    }

    public mutating func receiveClientFinal(_ message: [UInt8]) throws(SASLError) -> [UInt8] {
        guard case .sentServerFirst(let cf, let sf, let creds, let known) = state else {
            throw .invalidState("client-final before server-first")
        }
        state = .done
        let m = try SCRAMClientFinal.parse(message)
        guard m.nonce == sf.nonce else { throw .malformed("nonce differs from server-first") }

        // RFC 5802 §6: c= is the gs2-header followed, with p=, by the channel's binding data.
        var expected = Array(cf.gs2Header.utf8)
        if case .used(let name) = cf.channelBinding, let cb = channelBindings.first(where: { $0.kind.rawValue == name }) {
            expected += cb.data
        }
        guard ConstantTime.equal(m.channelBinding, expected) else { throw .channelBindingMismatch }

        // RFC 5802 §3: ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) must be StoredKey.
        let authMessage = Array((cf.bare + "," + sf.text + "," + m.withoutProof).utf8)
        let clientSignature = hash.hmac(key: creds.storedKey, authMessage)
        guard m.proof.count == clientSignature.count else { throw .authenticationFailed }
        let clientKey = zip(m.proof, clientSignature).map { $0 ^ $1 }
        guard ConstantTime.equal(hash.hash(clientKey), creds.storedKey), known else { throw .authenticationFailed }
        let serverSignature = hash.hmac(key: creds.serverKey, authMessage)
        return SCRAMServerFinal.verifier(serverSignature).encoded
    }

    /// A stable made-up salt per username (RFC 5802 §5.1 suggests not
    /// revealing unknown users), keyed by a per-process secret.
    static func unknownUserCredentials(hash: SCRAMHash, username: String) -> SCRAMCredentials {
        let salt = Array(HMAC<SHA256>.authenticationCode(for: Array(username.utf8), using: fakeSaltKey).prefix(16))
        let junk = randomBytes(hash.outputByteCount)
        return SCRAMCredentials(hash: hash, salt: salt, iterations: StoredCredentials.defaultIterations, storedKey: junk, serverKey: junk)
    }

    static let fakeSaltKey = SymmetricKey(size: .bits256)
}
