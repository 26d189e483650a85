import Foundation
import Crypto

/// Verifies every DKIM-Signature of a message (RFC 6376 §6).
public struct DKIMVerifier: Sendable {
    public struct Options: Sendable {
        /// Verify rsa-sha1 signatures instead of refusing them (RFC 8301 §3.1 says refuse).
        public var acceptRSASHA1 = false
        /// Accept signatures with l=. mox's default policy refuses them since
        /// unsigned content can be appended; the choice is the caller's.
        public var acceptBodyLength = true
        /// Treat failures under a t=y key as failures (not neutral).
        public var ignoreTestMode = false
        /// Now, as Unix seconds, for x= (tests pin it).
        public var now: Int64? = nil
        /// Signatures beyond this many are not checked (RFC 6376 §6.1 lets
        /// verifiers limit them; each costs a DNS lookup and hashing).
        public var maxSignatures = 16

        public init(acceptRSASHA1: Bool = false, acceptBodyLength: Bool = true, ignoreTestMode: Bool = false, now: Int64? = nil) {
            self.acceptRSASHA1 = acceptRSASHA1
            self.acceptBodyLength = acceptBodyLength
            self.ignoreTestMode = ignoreTestMode
            self.now = now
        }
    }

    public var lookup: any DKIMKeyLookup
    public var options: Options

    public init(lookup: any DKIMKeyLookup, options: Options = Options()) {
        self.lookup = lookup
        self.options = options
    }

    /// One result per DKIM-Signature field, in message order. A message
    /// without any gives an empty list (status "none" for the message).
    /// A header section that does not parse throws.
    public func verify(message: [UInt8]) async throws(DKIMError) -> [DKIMResult] {
        guard let (fields, bodyOffset) = MessageHeaderField.parse(message: message) else {
            throw .malformedMessage("header section does not parse")
        }
        var results: [DKIMResult] = []
        var bodyCache: [DKIMCanonicalization: [UInt8]] = [:]
        for f in fields where f.lowercasedName == "dkim-signature" {
            if results.count >= options.maxSignatures {
                results.append(DKIMResult(status: .permerror(.tooManySignatures)))
                continue
            }
            results.append(await verifyOne(field: f, fields: fields, body: message[bodyOffset...], bodyCache: &bodyCache))
        }
        return results
    }

    func verifyOne(field: MessageHeaderField, fields: [MessageHeaderField], body: ArraySlice<UInt8>, bodyCache: inout [DKIMCanonicalization: [UInt8]]) async -> DKIMResult {
        let sig: DKIMSignature
        do {
            sig = try DKIMSignature.parse(field: field.raw)
        } catch {
            // §6.1.1: a signature that does not parse is PERMFAIL; name what we can.
            return DKIMResult(status: .permerror(error), domain: DKIMVerifier.roughTag(field.raw, "d"), selector: DKIMVerifier.roughTag(field.raw, "s"), algorithm: DKIMVerifier.roughTag(field.raw, "a"))
        }
        var result = DKIMResult(status: .none, domain: sig.domain, selector: sig.selector, algorithm: sig.algorithmName.lowercased(), identity: sig.identity, signature: sig)
        func done(_ s: DKIMStatus) -> DKIMResult {
            var r = result
            r.status = s
            return r
        }

        // §6.1.1: signature-level checks before any DNS.
        guard let alg = sig.algorithm else { return done(.permerror(.unknownAlgorithm(sig.algorithmName))) }
        if alg == .rsaSHA1 && !options.acceptRSASHA1 { return done(.permerror(.algorithmNotAccepted(alg.rawValue))) }
        guard let canon = sig.canonicalization else { return done(.permerror(.unknownCanonicalization(sig.canonicalizationName))) }
        guard sig.signedHeaders.contains(where: { $0.lowercased() == "from" }) else { return done(.permerror(.fromNotSigned)) }
        if let x = sig.expireTime, x < (options.now ?? Int64(Date().timeIntervalSince1970)) { return done(.permerror(.expired)) }
        if !sig.queryMethods.isEmpty && !sig.queryMethods.contains(where: { $0.lowercased() == "dns/txt" }) {
            return done(.permerror(.unsupportedQueryMethod(sig.queryMethods.joined(separator: ":"))))
        }
        if sig.bodyLength != nil && !options.acceptBodyLength { return done(.permerror(.bodyLengthNotAccepted)) }

        // §6.1.2: get the key.
        let name = "\(sig.selector)._domainkey.\(sig.domain)"
        let records: [String]
        do {
            let answer = try await lookup.txtRecords(name)
            records = answer.records
            result.recordAuthentic = answer.authentic
        } catch DKIMKeyLookupError.notFound {
            return done(.permerror(.noKey))
        } catch {
            return done(.temperror(.dnsFailure("\(name): \(error)")))
        }
        var record: DKIMKeyRecord? = nil
        for txt in records {
            do {
                let r = try DKIMKeyRecord.parse(txt)
                // mox: several valid records is likely a transient mistake.
                if record != nil { return done(.temperror(.multipleKeys)) }
                record = r
            } catch {
                // A record claiming DKIM1 that does not parse is a hard error; others are ignored (§3.6.2.2).
                if DKIMKeyRecord.claimsDKIM(txt) { return done(.permerror(error)) }
            }
        }
        guard let record else { return done(.permerror(.noKey)) }
        result.record = record
        result.testing = record.isTesting

        var status = checkWithRecord(sig: sig, alg: alg, canon: canon, record: record, fields: fields, body: body, bodyCache: &bodyCache)
        // §3.6.1 t=y: verifiers must not treat test-mode failures differently from unsigned mail.
        if record.isTesting && !options.ignoreTestMode, let reason = status.reason, status != .pass {
            status = .neutral(reason)
        }
        return done(status)
    }

    func checkWithRecord(sig: DKIMSignature, alg: DKIMAlgorithm, canon: DKIMCanonicalization.Pair, record: DKIMKeyRecord, fields: [MessageHeaderField], body: ArraySlice<UInt8>, bodyCache: inout [DKIMCanonicalization: [UInt8]]) -> DKIMStatus {
        // §6.1.2 steps 6-10.
        if !record.hashes.isEmpty && !record.hashes.contains(where: { $0.lowercased() == alg.hashName }) { return .permerror(.hashNotAllowedByKey) }
        guard record.keyType.lowercased() == alg.keyType else { return .permerror(.keyTypeMismatch) }
        guard !record.publicKey.isEmpty else { return .permerror(.keyRevoked) }
        guard record.allowsEmail else { return .permerror(.keyNotForEmail) }
        if record.isStrictIdentity, let i = sig.identity, let at = i.lastIndex(of: "@"), i[i.index(after: at)...].lowercased() != sig.domain.lowercased() {
            return .permerror(.identityDomainMismatch)
        }
        let key: DKIMPublicKey
        do {
            key = try DKIMPublicKey(record: record)
        } catch {
            return .permerror(error)
        }

        // §6.1.3: header hash first; it is cheap to reject a bad signature before hashing a large body.
        let data = DKIMVerifier.headerData(signedHeaders: sig.signedHeaders, fields: fields, signatureField: sig.withoutSignatureValue, canonicalization: canon.header)
        guard key.isValid(signature: sig.signature, over: data, algorithm: alg) else { return .fail(.signatureMismatch) }

        let canonical: [UInt8]
        if let c = bodyCache[canon.body] {
            canonical = c
        } else {
            canonical = canon.body.body(body)
            bodyCache[canon.body] = canonical
        }
        var hashed = canonical[...]
        if let l = sig.bodyLength {
            // §3.5: a length beyond the canonical body means the body was cut: the signature cannot pass.
            guard l <= canonical.count else { return .permerror(.bodyLengthExceedsBody) }
            hashed = canonical.prefix(l)
        }
        let bh: [UInt8] = alg == .rsaSHA1 ? Array(Insecure.SHA1.hash(data: hashed)) : Array(SHA256.hash(data: hashed))
        guard constantTimeEqual(bh, sig.bodyHash) else { return .fail(.bodyHashMismatch) }
        return .pass
    }

    /// The data the signature covers (RFC 6376 §3.7, §5.4.2): each name in
    /// h= takes the last not-yet-used field of that name, bottom up; a name
    /// with none left contributes nothing (so signing a missing header, or
    /// one more than present, seals against additions). Then the
    /// DKIM-Signature field with b= empty and without its CRLF.
    static func headerData(signedHeaders: [String], fields: [MessageHeaderField], signatureField: [UInt8], canonicalization: DKIMCanonicalization) -> [UInt8] {
        var remaining: [String: [Int]] = [:]
        for (i, f) in fields.enumerated() { remaining[f.lowercasedName, default: []].append(i) }
        var data: [UInt8] = []
        for h in signedHeaders {
            let key = h.lowercased()
            guard let idx = remaining[key]?.popLast() else { continue }
            data += canonicalization.header(fields[idx].raw)
        }
        data += canonicalization.header(signatureField)
        return data
    }

    /// Best-effort tag value from an unparsable field, for reporting only.
    static func roughTag(_ raw: [UInt8], _ tag: String) -> String {
        let s = String(decoding: raw, as: UTF8.self)
        for part in s.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            var k = kv[0].trimmingCharacters(in: .whitespacesAndNewlines)
            if let c = k.lastIndex(of: ":") { k = k[k.index(after: c)...].trimmingCharacters(in: .whitespacesAndNewlines) }
            if k == tag { return String(kv[1].trimmingCharacters(in: .whitespacesAndNewlines).prefix(255)) }
        }
        return ""
    }
}

func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var d: UInt8 = 0
    for i in 0..<a.count { d |= a[i] ^ b[i] }
    return d == 0
}
