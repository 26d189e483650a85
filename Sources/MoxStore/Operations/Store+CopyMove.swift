import Foundation

/// Old and new UID of a copied or moved message (RFC 4315 COPYUID).
public struct UIDMapping: Sendable, Equatable {
    public var source: UID
    public var destination: UID
}

public struct CopyResult: Sendable, Equatable {
    public var uidValidity: UInt32
    public var mappings: [UIDMapping]
    public var modSeq: ModSeq?
}

extension Store {
    /// IMAP COPY (RFC 9051 §6.4.7): new UIDs in the destination, same flags
    /// and keywords, a new file hard-linked from the source's (so expunging
    /// one copy never removes the other's file).
    public func copy(account: String, from source: MailboxID, uids: [UID], to destination: MailboxID) throws -> CopyResult {
        // Link the files first: the durability rule forbids an index entry
        // before its file exists on disk.
        let sources: [MessageRecord] = try read { tx in
            let a = try tx.account(account)
            _ = try tx.existingMailbox(a.id, id: source)
            return try Set(uids).sorted().compactMap { try tx.message(a.id, source, $0) }
        }
        var links: [UID: String] = [:]
        do {
            for m in sources {
                links[m.uid] = try files.link(files.path(account: account, fileName: m.fileName), intoAccount: account)
            }
        } catch {
            for f in links.values { files.remove(account: account, fileName: f) }
            throw error
        }
        let now = Self.now()
        let fixedLinks = links
        let result: (CopyResult, Set<UID>)
        do {
            result = try write { tx, changes in
                var acct = try tx.account(account)
                _ = try tx.existingMailbox(acct.id, id: source)
                var dst = try tx.existingMailbox(acct.id, id: destination)
                let modSeq = acct.modSeq + 1
                var out = CopyResult(uidValidity: dst.uidValidity, mappings: [], modSeq: nil)
                var used = Set<UID>()
                for uid in Set(uids).sorted() {
                    // Expunged since we linked: the link becomes an orphan we remove.
                    guard var m = try tx.message(acct.id, source, uid), let file = fixedLinks[uid] else { continue }
                    used.insert(uid)
                    m.fileName = file
                    m.messageNumber = acct.nextMessageNumber
                    acct.nextMessageNumber += 1
                    dst.admit(&m, modSeq: modSeq, now: now)
                    try tx.put(acct.id, destination, m)
                    out.mappings.append(UIDMapping(source: uid, destination: m.uid))
                }
                if !out.mappings.isEmpty {
                    acct.modSeq = modSeq
                    dst.highestModSeq = modSeq
                    out.modSeq = modSeq
                    try tx.put(acct)
                    try tx.put(acct.id, dst)
                    changes.append(StoreChange(account: account, mailboxID: destination, mailboxName: dst.name,
                                               modSeq: modSeq, kind: .messagesAdded(out.mappings.map(\.destination))))
                }
                return (out, used)
            }
        } catch {
            for f in links.values { files.remove(account: account, fileName: f) }
            throw error
        }
        for (uid, f) in links where !result.1.contains(uid) { files.remove(account: account, fileName: f) }
        return result.0
    }

    /// IMAP MOVE (RFC 6851): the message leaves the source (a tombstone
    /// there) and gets a new UID in the destination, atomically. The file
    /// stays where it is: file names are per account, not per mailbox.
    public func move(account: String, from source: MailboxID, uids: [UID], to destination: MailboxID) throws -> CopyResult {
        try write { tx, changes in
            var acct = try tx.account(account)
            var src = try tx.existingMailbox(acct.id, id: source)
            var dst = try tx.existingMailbox(acct.id, id: destination)
            guard source != destination else { return CopyResult(uidValidity: dst.uidValidity, mappings: [], modSeq: nil) }
            let modSeq = acct.modSeq + 1
            let out = try tx.moveMessages(acct.id, from: &src, to: &dst, uids: Set(uids).sorted(), modSeq: modSeq, now: Self.now())
            if !out.isEmpty {
                acct.modSeq = modSeq
                try tx.put(acct)
                try tx.put(acct.id, src)
                try tx.put(acct.id, dst)
                changes.append(StoreChange(account: account, mailboxID: source, mailboxName: src.name, modSeq: modSeq,
                                           kind: .messagesExpunged(out.map(\.source))))
                changes.append(StoreChange(account: account, mailboxID: destination, mailboxName: dst.name,
                                           modSeq: modSeq, kind: .messagesAdded(out.map(\.destination))))
            }
            return CopyResult(uidValidity: dst.uidValidity, mappings: out, modSeq: out.isEmpty ? nil : modSeq)
        }
    }
}

extension IndexWriter {
    /// Moves messages between two mailboxes of one account; the caller
    /// stores both mailboxes and the account.
    func moveMessages(_ a: AccountID, from src: inout Mailbox, to dst: inout Mailbox, uids: [UID], modSeq: ModSeq,
                      now: Int64) throws -> [UIDMapping] {
        var out: [UIDMapping] = []
        for uid in uids {
            guard var m = try message(a, src.id, uid) else { continue }
            try delete(.messages, IndexKey.message(a, src.id, uid))
            try putTombstone(a, src.id, uid, modSeq)
            src.count(m, -1)
            dst.admit(&m, modSeq: modSeq, now: now)
            try put(a, dst.id, m)
            out.append(UIDMapping(source: uid, destination: m.uid))
        }
        if !out.isEmpty {
            src.highestModSeq = modSeq
            dst.highestModSeq = modSeq
        }
        return out
    }
}
