import Foundation

/// A DKIM key record from DNS (RFC 6376 §3.6.1, RFC 8463 §4).
public struct DKIMKeyRecord: Sendable, Equatable {
    /// h=: acceptable hash algorithms; empty means any.
    public var hashes: [String]
    /// k=: key type, "rsa" (default) or "ed25519".
    public var keyType: String
    /// p=: the public key; empty means revoked.
    public var publicKey: [UInt8]
    /// s=: service types; "*" (default) or "email" allow email.
    public var services: [String]
    /// t=: flags, "y" (testing) and "s" (no subdomains in i=).
    public var flags: [String]
    public var notes: String?

    public var isTesting: Bool { flags.contains { $0.lowercased() == "y" } }
    public var isStrictIdentity: Bool { flags.contains { $0.lowercased() == "s" } }
    public var allowsEmail: Bool { services.contains { $0 == "*" || $0.lowercased() == "email" } }

    public init(hashes: [String] = [], keyType: String = "rsa", publicKey: [UInt8], services: [String] = ["*"], flags: [String] = [], notes: String? = nil) {
        self.hashes = hashes
        self.keyType = keyType
        self.publicKey = publicKey
        self.services = services
        self.flags = flags
        self.notes = notes
    }

    /// Parses a TXT record. Throws `.syntax` also for records that are not
    /// DKIM at all; `isDKIM` tells the two apart (§3.6.2.2: a record with
    /// v= other than DKIM1 is to be ignored).
    public static func parse(_ txt: String) throws(DKIMError) -> DKIMKeyRecord {
        let tags = try DKIMTagList.parse(Array(txt.utf8))
        // §3.6.1: v= is optional, but if present must be first and DKIM1.
        if let v = tags["v"] {
            guard tags.tags.first?.name == "v", v == "DKIM1" else { throw .syntax("v= \(v)") }
        }
        guard let p = tags["p"] else { throw .missingTag("p") }
        let ps = DKIMTagList.stripWhitespace(p)
        var key: [UInt8] = []
        if !ps.isEmpty {
            guard let d = Data(base64Encoded: ps) else { throw .syntax("p= is not base64") }
            key = Array(d)
        }
        func list(_ t: String) -> [String]? {
            tags[t].map { DKIMTagList.stripWhitespace($0).split(separator: ":").map(String.init) }
        }
        return DKIMKeyRecord(
            hashes: list("h") ?? [],
            keyType: tags["k"].map(DKIMTagList.stripWhitespace) ?? "rsa",
            publicKey: key,
            services: list("s") ?? ["*"],
            flags: list("t") ?? [],
            notes: tags["n"])
    }

    /// Whether a TXT string claims to be a DKIM key record (starts with v=DKIM1).
    public static func claimsDKIM(_ txt: String) -> Bool {
        let t = txt.drop(while: { $0 == " " || $0 == "\t" })
        guard t.hasPrefix("v") else { return false }
        let rest = t.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        guard rest.hasPrefix("=") else { return false }
        return rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("DKIM1")
    }

    /// The TXT value to publish (RFC 6376 §3.6.1, RFC 8463 §4).
    public var txtValue: String {
        var s = "v=DKIM1;"
        if !hashes.isEmpty { s += " h=" + hashes.joined(separator: ":") + ";" }
        s += " k=\(keyType);"
        if !flags.isEmpty { s += " t=" + flags.joined(separator: ":") + ";" }
        s += " p=" + Data(publicKey).base64EncodedString()
        return s
    }
}
