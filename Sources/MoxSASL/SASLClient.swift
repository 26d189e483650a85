import Foundation

/// Client responses for the single-step mechanisms (queued's smarthost login).
public enum SASLClient {
    /// RFC 4616 §2: authzid NUL authcid NUL passwd.
    public static func plain(username: String, password: String, authzid: String? = nil) -> [UInt8] {
        Array((authzid ?? "").utf8) + [0] + Array(username.utf8) + [0] + Array(password.utf8)
    }

    /// RFC 2195 §2: username SP hex(HMAC-MD5(password, challenge)).
    public static func cramMD5(username: String, password: String, challenge: [UInt8]) -> [UInt8] {
        let digest = CRAMMD5Secret.derive(password: password).hmac(challenge)
        return Array((username + " " + digest.map { String(format: "%02x", $0) }.joined()).utf8)
    }
}
