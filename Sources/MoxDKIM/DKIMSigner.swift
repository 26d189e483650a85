import Crypto
import Foundation

/// Creates DKIM-Signature fields (RFC 6376 §5), split around the private-key
/// operation: `prepare` does everything but signing, the key holder signs
/// `dataToSign`, `finish` assembles the field.
public enum DKIMSigner {
    /// The fields mox signs by default, if present.
    public static let defaultHeaders = [
        "From", "To", "Cc", "Bcc", "Reply-To", "References", "In-Reply-To", "Subject", "Date",
        "Message-Id", "Content-Type", "Content-Transfer-Encoding", "MIME-Version",
    ]

    public struct Options: Sendable {
        /// h=: fields to sign; each present one is signed as often as it occurs.
        public var headers: [String] = DKIMSigner.defaultHeaders
        public var canonicalization: DKIMCanonicalization.Pair = .relaxedRelaxed
        /// Sign each listed field once more than it occurs, so adding another
        /// breaks the signature (RFC 6376 §8.15, "oversigning").
        public var oversign = false
        /// i=, e.g. "user@example.com" or "@example.com".
        public var identity: String? = nil
        /// t=, Unix seconds; nil: now.
        public var signTime: Int64? = nil
        /// x= as seconds after t=; nil: none.
        public var expiresAfter: Int64? = nil
        /// l=: sign only the canonical body as it is now (not recommended).
        public var bodyLength = false

        public init() {}
    }

    public static func prepare(message: [UInt8], domain: String, selector: String, algorithm: DKIMAlgorithm, options: Options = Options()) throws(DKIMError) -> DKIMPreparedSignature {
        guard algorithm != .rsaSHA1 else { throw .algorithmNotAccepted("rsa-sha1") }  // RFC 8301 §3.1
        _ = try DKIMSignature.domainName(domain, "d")
        _ = try DKIMSignature.domainName(selector, "s", selector: true)
        if let i = options.identity {
            // RFC 6376 §3.5: i='s domain is d= or a subdomain of it.
            guard let at = i.lastIndex(of: "@") else { throw .syntax("i= without @") }
            let idomain = i[i.index(after: at)...].lowercased()
            guard idomain == domain.lowercased() || idomain.hasSuffix("." + domain.lowercased()) else { throw .identityNotInDomain }
        }
        guard let (fields, bodyOffset) = MessageHeaderField.parse(message: message) else {
            throw .malformedMessage("header section does not parse")
        }
        // RFC 6376 §5.4: From must be signed; RFC 5322 §3.6: exactly one.
        let froms = fields.filter { $0.lowercasedName == "from" }.count
        guard froms == 1 else { throw .fromCount(froms) }

        var counts: [String: Int] = [:]
        for f in fields { counts[f.lowercasedName, default: 0] += 1 }
        var signed: [String] = []
        var seen = Set<String>()
        for h in options.headers where !seen.contains(h.lowercased()) {
            seen.insert(h.lowercased())
            let n = counts[h.lowercased()] ?? 0
            signed += Array(repeating: h, count: n + (options.oversign ? 1 : 0))
        }
        if !signed.contains(where: { $0.lowercased() == "from" }) { signed.insert("From", at: 0) }

        let canonicalBody = options.canonicalization.body.body(message[bodyOffset...])
        let bodyHash = Array(SHA256.hash(data: canonicalBody))
        let t = options.signTime ?? Int64(Date().timeIntervalSince1970)

        // §3.5 tags; folded at spaces to keep lines short (RFC 5322 §2.1.1).
        var tags = ["v=1;", "a=\(algorithm.rawValue);", "c=\(options.canonicalization.tagValue);", "d=\(domain);", "s=\(selector);"]
        if let i = options.identity { tags.append("i=\(i);") }
        tags.append("t=\(t);")
        if let x = options.expiresAfter { tags.append("x=\(t + x);") }
        if options.bodyLength { tags.append("l=\(canonicalBody.count);") }
        // h= folded after colons when long.
        var hParts = ["h="]
        for (n, h) in signed.enumerated() {
            hParts[hParts.count - 1] += h + (n == signed.count - 1 ? ";" : ":")
            if hParts[hParts.count - 1].count > 60 && n != signed.count - 1 { hParts.append("") }
        }
        tags += hParts
        tags.append("bh=\(Data(bodyHash).base64EncodedString());")
        tags.append("b=")
        var field = "DKIM-Signature:"
        var lineLength = field.count
        for (n, tag) in tags.enumerated() {
            let continuation = n > 0 && tags[n - 1].hasSuffix(":")
            if lineLength + 1 + tag.count > 76 {
                field += "\r\n\t"
                lineLength = 1
            } else if !continuation {
                field += " "
                lineLength += 1
            }
            field += tag
            lineLength += tag.count
        }

        let data = DKIMVerifier.headerData(signedHeaders: signed, fields: fields, signatureField: Array(field.utf8), canonicalization: options.canonicalization.header)
        let dataToSign = algorithm == .ed25519SHA256 ? Array(SHA256.hash(data: data)) : data
        return DKIMPreparedSignature(algorithm: algorithm, domain: domain, selector: selector, dataToSign: dataToSign, fieldWithoutSignature: field)
    }

    /// Convenience for a key in this process: prepare, sign, finish. Returns
    /// the DKIM-Signature field (with CRLF) to put before the message.
    public static func sign(message: [UInt8], domain: String, selector: String, key: DKIMPrivateKey, options: Options = Options()) throws(DKIMError) -> String {
        let p = try prepare(message: message, domain: domain, selector: selector, algorithm: key.algorithm, options: options)
        return p.finish(signature: try key.sign(p.dataToSign, algorithm: p.algorithm))
    }
}
