import MoxEncoding

/// Typed access to the schema's tables inside a transaction.
extension IndexReader {
    func account(_ name: String) throws -> Account {
        guard let raw = try get(.accounts, IndexKey.account(name)) else { throw StoreError.accountNotFound(name) }
        return try Account.decode(raw)
    }

    func mailbox(_ a: AccountID, named name: String) throws -> Mailbox? {
        guard let raw = try get(.mailboxNames, IndexKey.mailboxName(a, name)) else { return nil }
        return try mailbox(a, id: IndexKey.readBE32(raw, at: 0))
    }

    func mailbox(_ a: AccountID, id: MailboxID) throws -> Mailbox? {
        guard let raw = try get(.mailboxes, IndexKey.mailbox(a, id)) else { return nil }
        return try Mailbox.decode(raw)
    }

    func existingMailbox(_ a: AccountID, id: MailboxID) throws -> Mailbox {
        guard let m = try mailbox(a, id: id) else { throw StoreError.mailboxNotFound("#\(id)") }
        return m
    }

    func allMailboxes(_ a: AccountID) throws -> [Mailbox] {
        var out: [Mailbox] = []
        try scan(.mailboxes, prefix: IndexKey.accountPrefix(a)) { _, v in
            out.append(try Mailbox.decode(v))
            return true
        }
        return out
    }

    func message(_ a: AccountID, _ m: MailboxID, _ uid: UID) throws -> MessageRecord? {
        guard let raw = try get(.messages, IndexKey.message(a, m, uid)) else { return nil }
        return try MessageRecord.decode(raw)
    }

    func allMessages(_ a: AccountID, _ m: MailboxID) throws -> [MessageRecord] {
        var out: [MessageRecord] = []
        try scan(.messages, prefix: IndexKey.messagePrefix(a, m)) { _, v in
            out.append(try MessageRecord.decode(v))
            return true
        }
        return out
    }

    func tombstones(_ a: AccountID, _ m: MailboxID) throws -> [(UID, ModSeq)] {
        var out: [(UID, ModSeq)] = []
        try scan(.expunged, prefix: IndexKey.messagePrefix(a, m)) { k, v in
            var r = ByteReader(v)
            out.append((IndexKey.uid(fromMessageKey: k), try r.readUInt64()))
            return true
        }
        return out
    }
}

extension IndexWriter {
    func put(_ a: Account) throws { try put(.accounts, IndexKey.account(a.name), a.encoded()) }
    func put(_ a: AccountID, _ m: Mailbox) throws { try put(.mailboxes, IndexKey.mailbox(a, m.id), m.encoded()) }
    func put(_ a: AccountID, _ m: MailboxID, _ msg: MessageRecord) throws {
        try put(.messages, IndexKey.message(a, m, msg.uid), msg.encoded())
    }

    func putTombstone(_ a: AccountID, _ m: MailboxID, _ uid: UID, _ modSeq: ModSeq) throws {
        var w = ByteWriter()
        w.write(modSeq)
        try put(.expunged, IndexKey.message(a, m, uid), w.bytes)
    }

    /// Creates a mailbox (and missing parents) at `modSeq`; returns it and
    /// the change events.
    func createMailbox(_ acct: inout Account, _ name: String, specialUse: SpecialUse, subscribed: Bool,
                       modSeq: ModSeq) throws -> (Mailbox, [StoreChange]) {
        var changes: [StoreChange] = []
        for parent in MailboxName.parents(name) where try mailbox(acct.id, named: parent) == nil {
            let (_, c) = try createMailbox(&acct, parent, specialUse: [], subscribed: subscribed, modSeq: modSeq)
            changes += c
        }
        if try mailbox(acct.id, named: name) != nil { throw StoreError.mailboxExists(name) }
        let m = Mailbox(id: acct.nextMailboxID, name: name, uidValidity: acct.nextUIDValidity, uidNext: 1,
                        highestModSeq: modSeq, specialUse: specialUse, messageCount: 0, unseenCount: 0,
                        deletedCount: 0, size: 0, subscribed: subscribed)
        acct.nextMailboxID += 1
        acct.nextUIDValidity += 1
        try put(acct.id, m)
        try put(.mailboxNames, IndexKey.mailboxName(acct.id, name), IndexKey.be32(m.id))
        changes.append(StoreChange(account: acct.name, mailboxID: m.id, mailboxName: name, modSeq: modSeq, kind: .mailboxCreated))
        return (m, changes)
    }
}
