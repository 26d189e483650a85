import MoxEncoding

/// One committed change, for IMAP IDLE/NOTIFY in other processes: the owning
/// process forwards `encoded()` over IPC and receivers `decode` it.
public struct StoreChange: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case messagesAdded([UID])
        case flagsChanged([UID])
        case messagesExpunged([UID])
        case mailboxCreated
        case mailboxRenamed(from: String)
        case mailboxDeleted
        case subscriptionChanged(Bool)
    }

    public var account: String
    public var mailboxID: MailboxID
    public var mailboxName: String
    public var modSeq: ModSeq
    public var kind: Kind

    public init(account: String, mailboxID: MailboxID, mailboxName: String, modSeq: ModSeq, kind: Kind) {
        self.account = account
        self.mailboxID = mailboxID
        self.mailboxName = mailboxName
        self.modSeq = modSeq
        self.kind = kind
    }

    static let encodingVersion: UInt8 = 1

    public func encode(to w: inout ByteWriter) {
        w.write(Self.encodingVersion)
        w.write(account)
        w.write(mailboxID)
        w.write(mailboxName)
        w.write(modSeq)
        func uids(_ tag: UInt8, _ list: [UID]) {
            w.write(tag)
            w.writeVarint(list.count)
            for u in list { w.writeVarint(UInt64(u)) }
        }
        switch kind {
        case .messagesAdded(let l): uids(1, l)
        case .flagsChanged(let l): uids(2, l)
        case .messagesExpunged(let l): uids(3, l)
        case .mailboxCreated: w.write(UInt8(4))
        case .mailboxRenamed(let from): w.write(UInt8(5)); w.write(from)
        case .mailboxDeleted: w.write(UInt8(6))
        case .subscriptionChanged(let on): w.write(UInt8(7)); w.write(on)
        }
    }

    public static func decode(from r: inout ByteReader) throws(ByteDecodingError) -> StoreChange {
        let v = try r.readUInt8()
        guard v == encodingVersion else { throw .invalid("store change version \(v)") }
        let account = try r.readString()
        let mailboxID = try r.readUInt32()
        let name = try r.readString()
        let modSeq = try r.readUInt64()
        func uids() throws(ByteDecodingError) -> [UID] {
            let n = try r.readLength(limit: r.remaining)
            var out: [UID] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                let u = try r.readVarint()
                guard u <= UInt64(UInt32.max) else { throw .invalid("uid \(u)") }
                out.append(UID(u))
            }
            return out
        }
        let kind: Kind
        switch try r.readUInt8() {
        case 1: kind = .messagesAdded(try uids())
        case 2: kind = .flagsChanged(try uids())
        case 3: kind = .messagesExpunged(try uids())
        case 4: kind = .mailboxCreated
        case 5: kind = .mailboxRenamed(from: try r.readString())
        case 6: kind = .mailboxDeleted
        case 7: kind = .subscriptionChanged(try r.readBool())
        case let t: throw .invalid("store change kind \(t)")
        }
        return StoreChange(account: account, mailboxID: mailboxID, mailboxName: name, modSeq: modSeq, kind: kind)
    }

    /// A list of changes as one IPC payload.
    public static func encode(_ changes: [StoreChange]) -> [UInt8] {
        var w = ByteWriter()
        w.writeVarint(changes.count)
        for c in changes { c.encode(to: &w) }
        return w.bytes
    }

    public static func decodeList(_ bytes: [UInt8]) throws(ByteDecodingError) -> [StoreChange] {
        var r = ByteReader(bytes)
        let n = try r.readLength(limit: r.remaining)
        var out: [StoreChange] = []
        for _ in 0..<n { out.append(try decode(from: &r)) }
        try r.expectEnd()
        return out
    }
}
