/// The client-side keys derived from the password (RFC 5802 §3).
struct SCRAMKeys {
    var saltedPassword: [UInt8]
    var clientKey: [UInt8]
    var serverKey: [UInt8]

    init(password: String, hash: SCRAMHash, salt: [UInt8], iterations: Int) throws(SASLError) {
        saltedPassword = try hash.saltedPassword(SASLPrep.prepare(password), salt: salt, iterations: iterations)
        clientKey = hash.hmac(key: saltedPassword, Array("Client Key".utf8))
        serverKey = hash.hmac(key: saltedPassword, Array("Server Key".utf8))
    }
}
