/// What changed in a mailbox since a modseq (RFC 7162 CHANGEDSINCE and
/// QRESYNC): messages with a higher modseq and UIDs expunged after it.
public struct MailboxChanges: Sendable, Equatable {
    public var changed: [MessageRecord]
    public var vanished: [UID]
    public var highestModSeq: ModSeq
}

extension Store {
    public func mailboxes(account: String) throws -> [Mailbox] {
        try read { tx in try tx.allMailboxes(try tx.account(account).id).sorted { $0.name < $1.name } }
    }

    public func mailbox(account: String, named name: String) throws -> Mailbox? {
        let name = try MailboxName.normalize(name)
        return try read { tx in try tx.mailbox(try tx.account(account).id, named: name) }
    }

    public func mailbox(account: String, id: MailboxID) throws -> Mailbox? {
        try read { tx in try tx.mailbox(try tx.account(account).id, id: id) }
    }

    /// All messages of a mailbox by ascending UID.
    public func messages(account: String, mailboxID: MailboxID) throws -> [MessageRecord] {
        try read { tx in
            let a = try tx.account(account)
            _ = try tx.existingMailbox(a.id, id: mailboxID)
            return try tx.allMessages(a.id, mailboxID)
        }
    }

    public func message(account: String, mailboxID: MailboxID, uid: UID) throws -> MessageRecord? {
        try read { tx in try tx.message(try tx.account(account).id, mailboxID, uid) }
    }

    public func changes(account: String, mailboxID: MailboxID, since modSeq: ModSeq) throws -> MailboxChanges {
        try read { tx in
            let a = try tx.account(account)
            let mb = try tx.existingMailbox(a.id, id: mailboxID)
            let changed = try tx.allMessages(a.id, mailboxID).filter { $0.modSeq > modSeq }
            let vanished = try tx.tombstones(a.id, mailboxID).filter { $0.1 > modSeq }.map(\.0)
            return MailboxChanges(changed: changed, vanished: vanished, highestModSeq: mb.highestModSeq)
        }
    }

    /// The message's bytes from its file.
    public func messageData(account: String, record: MessageRecord) throws -> [UInt8] {
        let path = messagePath(account: account, fileName: record.fileName)
        guard let fh = FileHandleReader(path: path) else { throw StoreError.file("open \(path): \(errnoText())") }
        return try fh.readAll()
    }
}
