/// A DMARC policy record (RFC 7489 §6.3).
public struct DMARCRecord: Equatable, Sendable {
    public enum Policy: String, Sendable, Equatable { case none, quarantine, reject }
    public enum Alignment: String, Sendable, Equatable { case relaxed = "r", strict = "s" }

    public struct URI: Equatable, Sendable {
        public var address: String
        /// The "!size" suffix in bytes, nil if absent (§6.4).
        public var maxSize: UInt64?
    }

    public var policy: Policy = .none
    /// sp=; nil means "as p" (§6.3).
    public var subdomainPolicy: Policy?
    public var dkimAlignment: Alignment = .relaxed
    public var spfAlignment: Alignment = .relaxed
    public var percentage = 100
    public var aggregateReportURIs: [URI] = []
    public var failureReportURIs: [URI] = []
    public var failureOptions: [String] = ["0"]
    public var reportFormats: [String] = ["afrf"]
    public var reportInterval: UInt32 = 86400
    /// Problems that made a tag fall back to its default.
    public var warnings: [String] = []

    public init() {}

    public static func == (a: DMARCRecord, b: DMARCRecord) -> Bool { a.text == b.text }

    /// Whether a TXT string looks like a DMARC record: "v=DMARC1" first (§6.6.3).
    public static func isDMARC(_ txt: String) -> Bool {
        let first = txt.split(separator: ";", maxSplits: 1).first ?? ""
        let kv = first.split(separator: "=", maxSplits: 1)
        return kv.count == 2 && kv[0].trimmingSpaces().lowercased() == "v" && kv[1].trimmingSpaces() == "DMARC1"
    }

    /// Parses a record. The v tag must come first with the value "DMARC1";
    /// unknown tags are ignored (§6.3); an invalid p falls back to none only
    /// when rua is valid (§6.6.3), else the record is rejected.
    public static func parse(_ text: String) throws(DMARCSyntaxError) -> DMARCRecord {
        guard text.utf8.count <= 4096 else { throw DMARCSyntaxError("record too long") }
        var r = DMARCRecord()
        var seen: Set<String> = []
        var policyText: String?
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        for (i, part) in parts.enumerated() {
            if part.isEmpty {
                // A trailing ";" (and empty parts between) is allowed.
                continue
            }
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2 else { throw DMARCSyntaxError("tag without value: \(part)") }
            let tag = kv[0].trimmingSpaces().lowercased()
            let value = kv[1].trimmingSpaces()
            guard !tag.isEmpty, tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw DMARCSyntaxError("invalid tag name \(tag)")
            }
            if i == 0 {
                guard tag == "v", value == "DMARC1" else { throw DMARCSyntaxError("record must start with v=DMARC1") }
                continue
            }
            guard !seen.contains(tag) else { throw DMARCSyntaxError("duplicate tag \(tag)") }
            seen.insert(tag)
            switch tag {
            case "v": throw DMARCSyntaxError("v must be the first tag")
            case "p": policyText = value
            case "sp":
                if let p = Policy(rawValue: value.lowercased()) { r.subdomainPolicy = p } else { r.warnings.append("invalid sp=\(value), using p") }
            case "adkim", "aspf":
                if let a = Alignment(rawValue: value.lowercased()) {
                    if tag == "adkim" { r.dkimAlignment = a } else { r.spfAlignment = a }
                } else { r.warnings.append("invalid \(tag)=\(value), using relaxed") }
            case "pct":
                if let v = Int(value), (0...100).contains(v) { r.percentage = v } else { r.warnings.append("invalid pct=\(value), using 100") }
            case "rua", "ruf":
                var uris: [URI] = []
                for u in value.split(separator: ",") {
                    if let uri = parseURI(u.trimmingSpaces()) { uris.append(uri) } else { r.warnings.append("invalid \(tag) URI \(u)") }
                }
                if tag == "rua" { r.aggregateReportURIs = uris } else { r.failureReportURIs = uris }
            case "fo":
                let opts = value.split(separator: ":").map { $0.trimmingSpaces() }
                if !opts.isEmpty, opts.allSatisfy({ ["0", "1", "d", "s"].contains($0) }) { r.failureOptions = opts } else { r.warnings.append("invalid fo=\(value)") }
            case "rf":
                r.reportFormats = value.split(separator: ":").map { $0.trimmingSpaces().lowercased() }
            case "ri":
                if let v = UInt32(value) { r.reportInterval = v } else { r.warnings.append("invalid ri=\(value)") }
            default:
                break  // §6.3: unknown tags MUST be ignored.
            }
        }
        guard !parts.isEmpty, !parts[0].isEmpty else { throw DMARCSyntaxError("empty record") }
        if let p = policyText.flatMap({ Policy(rawValue: $0.lowercased()) }) {
            r.policy = p
        } else if !r.aggregateReportURIs.isEmpty {
            // §6.6.3: no valid p but a valid rua: treat as p=none.
            r.policy = .none
            r.warnings.append("missing or invalid p, treated as none because rua is valid")
        } else {
            throw DMARCSyntaxError("missing or invalid p tag")
        }
        return r
    }

    /// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ] (§6.4).
    static func parseURI(_ s: String) -> URI? {
        var addr = s
        var size: UInt64?
        if let bang = s.lastIndex(of: "!") {
            addr = String(s[..<bang])
            var num = String(s[s.index(after: bang)...]).lowercased()
            var mult: UInt64 = 1
            if let u = num.last, let m = ["k": UInt64(1) << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40][String(u)] { mult = m; num.removeLast() }
            guard let n = UInt64(num), n <= UInt64.max / mult else { return nil }
            size = n * mult
        }
        guard let colon = addr.firstIndex(of: ":"), colon > addr.startIndex,
              addr.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { return nil }
        return URI(address: addr, maxSize: size)
    }

    /// The record in canonical text form.
    public var text: String {
        var s = "v=DMARC1; p=\(policy.rawValue)"
        if let sp = subdomainPolicy { s += "; sp=\(sp.rawValue)" }
        if dkimAlignment != .relaxed { s += "; adkim=s" }
        if spfAlignment != .relaxed { s += "; aspf=s" }
        if percentage != 100 { s += "; pct=\(percentage)" }
        func u(_ l: [URI]) -> String { l.map { $0.address + ($0.maxSize.map { "!\($0)" } ?? "") }.joined(separator: ",") }
        if !aggregateReportURIs.isEmpty { s += "; rua=" + u(aggregateReportURIs) }
        if !failureReportURIs.isEmpty { s += "; ruf=" + u(failureReportURIs) }
        if failureOptions != ["0"] { s += "; fo=" + failureOptions.joined(separator: ":") }
        if reportFormats != ["afrf"] { s += "; rf=" + reportFormats.joined(separator: ":") }
        if reportInterval != 86400 { s += "; ri=\(reportInterval)" }
        return s
    }
}

public struct DMARCSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ m: String) { message = m }
    public var description: String { message }
}

extension StringProtocol {
    /// Trims RFC 7489 WSP (space and tab) and line breaks.
    func trimmingSpaces() -> String {
        let ws: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s = s.dropFirst() }
        while let l = s.last, ws.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
