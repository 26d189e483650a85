import MoxEncoding

extension DNSMessage {
    /// Parses a message. A pure function over bytes: every read is bounds
    /// checked, compression pointers must point strictly backwards (so they
    /// cannot loop) and names stay within 255 octets; anything else throws.
    public static func parse(_ bytes: [UInt8]) throws(DNSMessageError) -> DNSMessage {
        var p = WireParser(bytes: bytes)
        return try p.message()
    }

    /// Encodes without name compression (queries are small; answers we encode
    /// only in tests). Throws when the result would exceed 65535 bytes.
    public func encoded() throws(DNSMessageError) -> [UInt8] {
        var w = ByteWriter()
        w.writeUInt16(id)
        var flags: UInt16 = 0
        if isResponse { flags |= 0x8000 }
        flags |= UInt16(opcode & 0xf) << 11
        if authoritative { flags |= 0x0400 }
        if truncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        if recursionAvailable { flags |= 0x0080 }
        if authenticData { flags |= 0x0020 }
        if checkingDisabled { flags |= 0x0010 }
        flags |= rcode & 0xf
        w.writeUInt16(flags)
        w.writeUInt16(UInt16(questions.count))
        w.writeUInt16(UInt16(answers.count))
        w.writeUInt16(UInt16(authorities.count))
        w.writeUInt16(UInt16(additionals.count + (edns == nil ? 0 : 1)))
        for q in questions {
            Self.writeName(q.name, &w)
            w.writeUInt16(q.type.rawValue)
            w.writeUInt16(q.qClass)
        }
        for rr in answers + authorities + additionals { try Self.writeRecord(rr, &w) }
        if let e = edns {
            w.writeUInt8(0)  // root owner name
            w.writeUInt16(DNSRecordType.opt.rawValue)
            w.writeUInt16(e.udpPayloadSize)
            // RFC 6891 §6.1.3: extended RCODE, version, DO flag.
            w.writeUInt8(UInt8(truncatingIfNeeded: rcode >> 4))
            w.writeUInt8(e.version)
            w.writeUInt16(e.dnssecOK ? 0x8000 : 0)
            w.writeUInt16(UInt16(e.options.count))
            w.writeRaw(e.options)
        }
        guard w.bytes.count <= 65535 else { throw .tooLarge }
        return w.bytes
    }

    static func writeName(_ n: DNSName, _ w: inout ByteWriter) {
        for l in n.labels {
            w.writeUInt8(UInt8(l.count))
            w.writeRaw(l)
        }
        w.writeUInt8(0)
    }

    static func writeRecord(_ rr: DNSResourceRecord, _ w: inout ByteWriter) throws(DNSMessageError) {
        writeName(rr.name, &w)
        w.writeUInt16(rr.type.rawValue)
        w.writeUInt16(rr.rrClass)
        w.writeUInt32(rr.ttl)
        var d = ByteWriter()
        switch rr.data {
        case .a(let ip), .aaaa(let ip): d.writeRaw(ip.bytes)
        case .ns(let n), .cname(let n), .ptr(let n): writeName(n, &d)
        case .mx(let mx):
            d.writeUInt16(mx.preference)
            writeName(mx.exchange, &d)
        case .txt(let strings):
            for s in strings {
                guard s.count <= 255 else { throw .badRecord("TXT string over 255 bytes") }
                d.writeUInt8(UInt8(s.count))
                d.writeRaw(s)
            }
        case .soa(let s):
            writeName(s.mname, &d); writeName(s.rname, &d)
            for v in [s.serial, s.refresh, s.retry, s.expire, s.minimum] { d.writeUInt32(v) }
        case .tlsa(let t):
            d.writeUInt8(t.usage); d.writeUInt8(t.selector); d.writeUInt8(t.matchingType); d.writeRaw(t.data)
        case .unknown(let b): d.writeRaw(b)
        }
        guard d.bytes.count <= 65535 else { throw .tooLarge }
        w.writeUInt16(UInt16(d.bytes.count))
        w.writeRaw(d.bytes)
    }
}

/// Reads a message with RFC 1035 §4.1.4 name compression.
struct WireParser {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func u8(_ what: String) throws(DNSMessageError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(what) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: String) throws(DNSMessageError) -> UInt16 {
        guard bytes.count - offset >= 2 else { throw .truncated(what) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32(_ what: String) throws(DNSMessageError) -> UInt32 {
        let hi = try u16(what), lo = try u16(what)
        return UInt32(hi) << 16 | UInt32(lo)
    }

    mutating func raw(_ n: Int, _ what: String) throws(DNSMessageError) -> [UInt8] {
        guard n >= 0, bytes.count - offset >= n else { throw .truncated(what) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    /// Reads a possibly compressed name at the current offset. Each pointer
    /// must point before the label that holds it, which rules out loops; the
    /// hop limit is a second guard.
    mutating func name() throws(DNSMessageError) -> DNSName {
        var labels: [[UInt8]] = []
        var pos = offset
        var jumped = false
        var hops = 0
        var total = 1
        while true {
            guard pos < bytes.count else { throw .truncated("name") }
            let len = bytes[pos]
            switch len & 0xc0 {
            case 0x00:
                if len == 0 {
                    if !jumped { offset = pos + 1 }
                    do { return try DNSName(labels: labels) } catch { throw .badName(error) }
                }
                let n = Int(len)
                guard pos + 1 + n <= bytes.count else { throw .truncated("label") }
                total += n + 1
                guard total <= 255 else { throw .badName(.nameTooLong) }
                labels.append(Array(bytes[(pos + 1)...(pos + n)]))
                pos += 1 + n
            case 0xc0:
                guard pos + 1 < bytes.count else { throw .truncated("pointer") }
                let target = Int(len & 0x3f) << 8 | Int(bytes[pos + 1])
                guard target < pos else { throw .badPointer }
                hops += 1
                guard hops <= 127 else { throw .pointerLoop }
                if !jumped { offset = pos + 2 }
                jumped = true
                pos = target
            default:
                // 0x40 and 0x80 label types (RFC 6891 §5 obsoleted them).
                throw .badRecord("unknown label type")
            }
        }
    }

    mutating func message() throws(DNSMessageError) -> DNSMessage {
        var m = DNSMessage(id: try u16("header"))
        let flags = try u16("header")
        m.isResponse = flags & 0x8000 != 0
        m.opcode = UInt8((flags >> 11) & 0xf)
        m.authoritative = flags & 0x0400 != 0
        m.truncated = flags & 0x0200 != 0
        m.recursionDesired = flags & 0x0100 != 0
        m.recursionAvailable = flags & 0x0080 != 0
        m.authenticData = flags & 0x0020 != 0
        m.checkingDisabled = flags & 0x0010 != 0
        m.rcode = flags & 0xf
        let qd = Int(try u16("header")), an = Int(try u16("header"))
        let ns = Int(try u16("header")), ar = Int(try u16("header"))
        // Each question takes at least 5 bytes and each record at least 11,
        // so counts larger than the message are rejected before looping.
        guard qd * 5 + (an + ns + ar) * 11 <= bytes.count - offset else { throw .truncated("counts exceed message") }
        for _ in 0..<qd {
            let n = try name()
            let t = try u16("question"), c = try u16("question")
            m.questions.append(DNSQuestion(name: n, type: DNSRecordType(rawValue: t), qClass: c))
        }
        for _ in 0..<an { m.answers.append(try record()) }
        for _ in 0..<ns { m.authorities.append(try record()) }
        for _ in 0..<ar {
            let rr = try record()
            if rr.type == .opt {
                // RFC 6891 §6.1.1: at most one OPT, owner must be root.
                guard m.edns == nil, rr.name.labels.isEmpty else { throw .badRecord("bad OPT record") }
                var e = DNSEDNS(udpPayloadSize: rr.rrClass, dnssecOK: rr.ttl & 0x8000 != 0)
                e.version = UInt8((rr.ttl >> 16) & 0xff)
                if case .unknown(let b) = rr.data { e.options = b }
                m.rcode |= UInt16(rr.ttl >> 24) << 4
                m.edns = e
            } else {
                m.additionals.append(rr)
            }
        }
        return m
    }

    mutating func record() throws(DNSMessageError) -> DNSResourceRecord {
        let owner = try name()
        let type = DNSRecordType(rawValue: try u16("record"))
        let cls = try u16("record")
        let ttl = try u32("record")
        let rdlen = Int(try u16("record"))
        guard bytes.count - offset >= rdlen else { throw .truncated("rdata") }
        let end = offset + rdlen
        let data: DNSRecordData
        switch type {
        case .a:
            guard rdlen == 4 else { throw .badRecord("A length \(rdlen)") }
            data = .a(IPAddress(bytes: try raw(4, "A"))!)
        case .aaaa:
            guard rdlen == 16 else { throw .badRecord("AAAA length \(rdlen)") }
            data = .aaaa(IPAddress(bytes: try raw(16, "AAAA"))!)
        case .ns: data = .ns(try name())
        case .cname: data = .cname(try name())
        case .ptr: data = .ptr(try name())
        case .mx:
            let pref = try u16("MX")
            data = .mx(DNSMX(preference: pref, exchange: try name()))
        case .txt, .spf:
            var strings: [[UInt8]] = []
            while offset < end {
                let n = Int(try u8("TXT"))
                guard offset + n <= end else { throw .truncated("TXT string") }
                strings.append(try raw(n, "TXT"))
            }
            data = .txt(strings)
        case .soa:
            let mname = try name(), rname = try name()
            data = .soa(DNSSOA(mname: mname, rname: rname, serial: try u32("SOA"), refresh: try u32("SOA"),
                               retry: try u32("SOA"), expire: try u32("SOA"), minimum: try u32("SOA")))
        case .tlsa:
            guard rdlen >= 3 else { throw .badRecord("TLSA too short") }
            let u = try u8("TLSA"), s = try u8("TLSA"), mt = try u8("TLSA")
            data = .tlsa(DNSTLSA(usage: u, selector: s, matchingType: mt, data: try raw(end - offset, "TLSA")))
        default:
            data = .unknown(try raw(rdlen, "rdata"))
        }
        // Names inside rdata must end exactly at rdlength.
        guard offset == end else { throw .badRecord("\(type) rdata length mismatch") }
        return DNSResourceRecord(name: owner, type: type, rrClass: cls, ttl: ttl, data: data)
    }
}

extension ByteWriter {
    mutating func writeUInt8(_ v: UInt8) { write(v) }
    mutating func writeUInt16(_ v: UInt16) { write(v) }
    mutating func writeUInt32(_ v: UInt32) { write(v) }
}
