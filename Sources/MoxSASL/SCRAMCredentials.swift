import Crypto

/// What a SCRAM server keeps per account and hash (RFC 5802 §3): the salt,
/// the iteration count, StoredKey and ServerKey. Neither gives the password
/// or lets someone log in with SCRAM without an exchange to replay.
public struct SCRAMCredentials: Sendable, Equatable {
    public var hash: SCRAMHash
    public var salt: [UInt8]
    public var iterations: Int
    public var storedKey: [UInt8]
    public var serverKey: [UInt8]

    public init(hash: SCRAMHash, salt: [UInt8], iterations: Int, storedKey: [UInt8], serverKey: [UInt8]) {
        self.hash = hash
        self.salt = salt
        self.iterations = iterations
        self.storedKey = storedKey
        self.serverKey = serverKey
    }

    /// RFC 5802 §3: SaltedPassword = Hi(Normalize(password), salt, i),
    /// ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = H(ClientKey),
    /// ServerKey = HMAC(SaltedPassword, "Server Key").
    public static func derive(password: String, hash: SCRAMHash, salt: [UInt8], iterations: Int) throws(SASLError) -> SCRAMCredentials {
        let keys = try SCRAMKeys(password: password, hash: hash, salt: salt, iterations: iterations)
        return SCRAMCredentials(hash: hash, salt: salt, iterations: iterations, storedKey: hash.hash(keys.clientKey), serverKey: keys.serverKey)
    }

    /// Checks a plaintext password (PLAIN, LOGIN) by deriving StoredKey again
    /// and comparing in constant time.
    public func verify(password: String) -> Bool {
        guard let again = try? SCRAMCredentials.derive(password: password, hash: hash, salt: salt, iterations: iterations) else { return false }
        return ConstantTime.equal(again.storedKey, storedKey)
    }
}
