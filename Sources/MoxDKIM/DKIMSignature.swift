import Foundation

/// A parsed DKIM-Signature header field (RFC 6376 §3.5).
public struct DKIMSignature: Sendable, Equatable {
    public var version: String
    /// a= as written; `algorithm` is nil for one we do not know.
    public var algorithmName: String
    public var algorithm: DKIMAlgorithm?
    public var signature: [UInt8]
    public var bodyHash: [UInt8]
    /// c= as written; nil `canonicalization` means unknown.
    public var canonicalizationName: String
    public var canonicalization: DKIMCanonicalization.Pair?
    public var domain: String
    /// h=, in order, duplicates meaningful (§5.4.2).
    public var signedHeaders: [String]
    public var identity: String?
    public var bodyLength: Int?
    public var queryMethods: [String]
    public var selector: String
    public var signTime: Int64?
    public var expireTime: Int64?
    public var copiedHeaders: String?

    /// The field's raw bytes with the b= value removed and without the
    /// final CRLF: what goes last into the header hash (§3.7).
    public var withoutSignatureValue: [UInt8]

    /// Parses a whole header field ("DKIM-Signature: ...", CRLF optional).
    public static func parse(field raw: [UInt8]) throws(DKIMError) -> DKIMSignature {
        var field = raw
        if field.count >= 2, field[field.count - 2] == 13, field[field.count - 1] == 10 { field.removeLast(2) }
        guard let colon = field.firstIndex(of: 58) else { throw .syntax("no colon") }
        let name = String(decoding: field[..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard name.lowercased() == "dkim-signature" else { throw .syntax("not a DKIM-Signature field") }
        let tags = try DKIMTagList.parse(field, range: (colon + 1)..<field.count)

        // §6.1.1: v, a, b, bh, d, h, s are required.
        for t in ["v", "a", "b", "bh", "d", "h", "s"] where tags[t] == nil {
            throw .missingTag(t)
        }
        let v = tags["v"]!
        guard v == "1" else { throw .unsupportedVersion(v) }

        let a = tags["a"]!
        // sig-a-tag-alg = sig-a-tag-k "-" sig-a-tag-h (§3.5); unknown ones parse, then fail verification.
        guard a.split(separator: "-", omittingEmptySubsequences: false).count == 2, a.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw .syntax("a= \(a)")
        }
        let b = try base64(tags["b"]!, "b")
        let bh = try base64(tags["bh"]!, "bh")
        guard !bh.isEmpty else { throw .syntax("empty bh=") }
        let alg = DKIMAlgorithm(name: a)
        if let alg, bh.count != (alg == .rsaSHA1 ? 20 : 32) { throw .syntax("bh= has \(bh.count) bytes for \(alg.rawValue)") }

        let c = tags["c"].map(DKIMTagList.stripWhitespace) ?? "simple/simple"
        let d = try domainName(tags["d"]!, "d")
        let s = try domainName(tags["s"]!, "s", selector: true)

        // h= is a colon-separated list of field names, FWS allowed around colons (§3.5).
        let h = DKIMTagList.stripWhitespace(tags["h"]!).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard !h.contains(where: { $0.isEmpty || $0.contains(where: { !$0.isASCII || $0 == ";" }) }) else { throw .syntax("h= \(tags["h"]!)") }

        var identity: String? = nil
        if let i = tags["i"] {
            // §3.5: [Local-part] "@" domain-name; its domain must be d= or below.
            guard let at = i.lastIndex(of: "@") else { throw .syntax("i= without @") }
            let idomain = String(i[i.index(after: at)...]).lowercased()
            let dl = d.lowercased()
            guard idomain == dl || idomain.hasSuffix("." + dl) else { throw .identityNotInDomain }
            identity = i
        }
        let l = try tags["l"].map { (v) throws(DKIMError) -> Int in try number(v, "l", maxDigits: 76) }
        let t = try tags["t"].map { (v) throws(DKIMError) -> Int64 in Int64(try number(v, "t", maxDigits: 12)) }
        let x = try tags["x"].map { (v) throws(DKIMError) -> Int64 in Int64(try number(v, "x", maxDigits: 12)) }
        // §3.5: x= must be after t=.
        if let t, let x, x < t { throw .syntax("x= before t=") }
        let q = tags["q"].map { DKIMTagList.stripWhitespace($0).split(separator: ":").map(String.init) } ?? []

        // §3.7: the b= value, including whitespace around it, is hashed as empty.
        let bRange = tags.tags.first(where: { $0.name == "b" })!.valueRange
        let without = Array(field[..<bRange.lowerBound]) + Array(field[bRange.upperBound...])

        return DKIMSignature(
            version: v, algorithmName: a, algorithm: alg, signature: b, bodyHash: bh,
            canonicalizationName: c, canonicalization: DKIMCanonicalization.Pair(tagValue: c),
            domain: d, signedHeaders: h, identity: identity, bodyLength: l, queryMethods: q, selector: s,
            signTime: t, expireTime: x, copiedHeaders: tags["z"], withoutSignatureValue: without)
    }

    static func base64(_ v: String, _ tag: String) throws(DKIMError) -> [UInt8] {
        let s = DKIMTagList.stripWhitespace(v)
        if s.isEmpty { return [] }
        guard let d = Data(base64Encoded: s) else { throw .syntax("\(tag)= is not base64") }
        return Array(d)
    }

    static func number(_ v: String, _ tag: String, maxDigits: Int) throws(DKIMError) -> Int {
        // §3.5: 1*76DIGIT for l=, 1*12DIGIT for t= and x=; we cap at what fits an Int.
        guard !v.isEmpty, v.count <= maxDigits, v.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .syntax("\(tag)= \(v)") }
        guard let n = Int(v) else { throw .syntax("\(tag)= too large") }
        return n
    }

    /// d= and s= are domain names in A-label form (§3.5); selectors with
    /// underscores occur in the wild and are accepted, as mox does.
    static func domainName(_ v: String, _ tag: String, selector: Bool = false) throws(DKIMError) -> String {
        let labels = v.split(separator: ".", omittingEmptySubsequences: false)
        for l in labels {
            guard !l.isEmpty, l.count <= 63, l.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || (selector && $0 == "_")) }) else {
                throw .syntax("\(tag)= \(v)")
            }
        }
        return v
    }
}
