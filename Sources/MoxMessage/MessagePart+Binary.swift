import MoxEncoding

/// Compact binary form of the parsed structure for the store's message
/// records. Version byte first so a later layout can be read side by side.
extension MessagePart {
    static let binaryVersion: UInt8 = 1

    public func encode(to w: inout ByteWriter) {
        w.write(Self.binaryVersion)
        encodeBody(to: &w)
    }

    func encodeBody(to w: inout ByteWriter) {
        w.writeVarint(headerStart)
        w.writeVarint(bodyStart)
        w.writeVarint(end)
        w.writeVarint(bodyLines)
        w.write(mediaType)
        w.write(mediaSubtype)
        Self.encode(parameters, to: &w)
        w.write(optional: contentID)
        w.write(optional: contentDescription)
        w.write(transferEncoding)
        w.write(optional: contentMD5)
        w.write(optional: disposition)
        Self.encode(dispositionParameters, to: &w)
        w.write(language)
        w.write(optional: location)
        w.write(envelope != nil)
        envelope?.encode(to: &w)
        w.writeVarint(parts.count)
        for p in parts { p.encodeBody(to: &w) }
    }

    static func encode(_ ps: [MIMEParameter], to w: inout ByteWriter) {
        w.writeVarint(ps.count)
        for p in ps {
            w.write(p.name)
            w.write(p.value)
        }
    }

    static func decodeParameters(_ r: inout ByteReader) throws(ByteDecodingError) -> [MIMEParameter] {
        let n = try r.readLength(limit: r.remaining)
        var out: [MIMEParameter] = []
        for _ in 0..<n { out.append(MIMEParameter(name: try r.readString(), value: try r.readString())) }
        return out
    }

    public static func decode(from r: inout ByteReader) throws(ByteDecodingError) -> MessagePart {
        let v = try r.readUInt8()
        guard v == binaryVersion else { throw .invalid("message part version \(v)") }
        return try decodeBody(&r, depth: 0)
    }

    static func decodeBody(_ r: inout ByteReader, depth: Int) throws(ByteDecodingError) -> MessagePart {
        guard depth <= MessageParser.maxDepth + 1 else { throw .invalid("part nesting too deep") }
        var p = MessagePart(headerStart: try r.readLength(), bodyStart: try r.readLength(), end: try r.readLength())
        p.bodyLines = try r.readLength()
        p.mediaType = try r.readString()
        p.mediaSubtype = try r.readString()
        p.parameters = try decodeParameters(&r)
        p.contentID = try r.readOptionalString()
        p.contentDescription = try r.readOptionalString()
        p.transferEncoding = try r.readString()
        p.contentMD5 = try r.readOptionalString()
        p.disposition = try r.readOptionalString()
        p.dispositionParameters = try decodeParameters(&r)
        p.language = try r.readStrings()
        p.location = try r.readOptionalString()
        if try r.readBool() { p.envelope = try Envelope.decode(from: &r) }
        let n = try r.readLength(limit: r.remaining)
        for _ in 0..<n { p.parts.append(try decodeBody(&r, depth: depth + 1)) }
        return p
    }
}

extension Envelope {
    func encode(to w: inout ByteWriter) {
        w.write(optional: date)
        w.write(optional: subject)
        for list in [from, sender, replyTo, to, cc, bcc] {
            w.writeVarint(list.count)
            for a in list {
                w.write(optional: a.name)
                w.write(optional: a.adl)
                w.write(optional: a.mailbox)
                w.write(optional: a.host)
            }
        }
        w.write(optional: inReplyTo)
        w.write(optional: messageID)
    }

    static func decode(from r: inout ByteReader) throws(ByteDecodingError) -> Envelope {
        var e = Envelope()
        e.date = try r.readOptionalString()
        e.subject = try r.readOptionalString()
        var lists: [[Address]] = []
        for _ in 0..<6 {
            let n = try r.readLength(limit: r.remaining)
            var l: [Address] = []
            for _ in 0..<n {
                l.append(Address(name: try r.readOptionalString(), adl: try r.readOptionalString(),
                                 mailbox: try r.readOptionalString(), host: try r.readOptionalString()))
            }
            lists.append(l)
        }
        (e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc) = (lists[0], lists[1], lists[2], lists[3], lists[4], lists[5])
        e.inReplyTo = try r.readOptionalString()
        e.messageID = try r.readOptionalString()
        return e
    }
}
