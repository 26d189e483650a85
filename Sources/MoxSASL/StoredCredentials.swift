import Crypto
import MoxEncoding

/// Everything keyd keeps to authenticate one account, derived from the
/// password once (when it is set) so the password itself is never stored:
/// SCRAM-SHA-1 and SCRAM-SHA-256 keys, the CRAM-MD5 HMAC states, and (through
/// the SCRAM-SHA-256 keys) a verifier for PLAIN and LOGIN.
public struct StoredCredentials: Sendable, Equatable {
    public var scramSHA1: SCRAMCredentials
    public var scramSHA256: SCRAMCredentials
    public var cramMD5: CRAMMD5Secret

    /// RFC 7677 §4 asks for at least 4096 iterations; mox uses 4096 too, and
    /// clients pay for every iteration at every login.
    public static let defaultIterations = 4096

    public init(scramSHA1: SCRAMCredentials, scramSHA256: SCRAMCredentials, cramMD5: CRAMMD5Secret) {
        self.scramSHA1 = scramSHA1
        self.scramSHA256 = scramSHA256
        self.cramMD5 = cramMD5
    }

    /// Derives all secrets with fresh random salts.
    public static func derive(password: String, iterations: Int = defaultIterations) throws(SASLError) -> StoredCredentials {
        try derive(password: password, iterations: iterations, sha1Salt: randomBytes(16), sha256Salt: randomBytes(16))
    }

    public static func derive(password: String, iterations: Int, sha1Salt: [UInt8], sha256Salt: [UInt8]) throws(SASLError) -> StoredCredentials {
        StoredCredentials(
            scramSHA1: try .derive(password: password, hash: .sha1, salt: sha1Salt, iterations: iterations),
            scramSHA256: try .derive(password: password, hash: .sha256, salt: sha256Salt, iterations: iterations),
            cramMD5: .derive(password: password)
        )
    }

    public func scram(_ hash: SCRAMHash) -> SCRAMCredentials {
        hash == .sha1 ? scramSHA1 : scramSHA256
    }

    /// For PLAIN and LOGIN: derive SCRAM-SHA-256's StoredKey from the
    /// offered password and compare in constant time.
    public func verify(password: String) -> Bool {
        scramSHA256.verify(password: password)
    }

    // MARK: storage encoding

    static let encodingVersion: UInt8 = 1

    /// A versioned binary record (MoxEncoding) for keyd's store.
    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 200)
        w.write(StoredCredentials.encodingVersion)
        for s in [scramSHA1, scramSHA256] {
            w.write(bytes: s.salt)
            w.writeVarint(s.iterations)
            w.write(bytes: s.storedKey)
            w.write(bytes: s.serverKey)
        }
        w.writeRaw(cramMD5.innerState)
        w.writeRaw(cramMD5.outerState)
        return w.bytes
    }

    public init(encoded bytes: [UInt8]) throws(ByteDecodingError) {
        var r = ByteReader(bytes)
        let version = try r.readUInt8()
        guard version == StoredCredentials.encodingVersion else { throw .invalid("credentials version \(version)") }
        var scrams: [SCRAMCredentials] = []
        for hash in [SCRAMHash.sha1, .sha256] {
            let salt = try r.readBytes()
            let iterations = try r.readLength(limit: 100_000_000)
            let stored = try r.readBytes()
            let server = try r.readBytes()
            guard iterations >= 1, stored.count == hash.outputByteCount, server.count == hash.outputByteCount else {
                throw .invalid("SCRAM-\(hash.rawValue) key sizes or iterations")
            }
            scrams.append(SCRAMCredentials(hash: hash, salt: salt, iterations: iterations, storedKey: stored, serverKey: server))
        }
        guard let cram = CRAMMD5Secret(innerState: try r.readRaw(count: 16), outerState: try r.readRaw(count: 16)) else {
            throw .invalid("CRAM-MD5 state")
        }
        try r.expectEnd()
        self.init(scramSHA1: scrams[0], scramSHA256: scrams[1], cramMD5: cram)
    }
}

func randomBytes(_ n: Int) -> [UInt8] {
    var g = SystemRandomNumberGenerator()
    return (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }
}
