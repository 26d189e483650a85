extension Store {
    /// Removes messages flagged \Deleted (RFC 9051 §6.4.3), all of them or
    /// only those among `uids` (UID EXPUNGE, RFC 9051 §6.4.9). Leaves a
    /// tombstone per UID for QRESYNC VANISHED (RFC 7162 §3.2.10). Files are
    /// removed after the commit. Returns the expunged UIDs.
    @discardableResult
    public func expunge(account: String, mailboxID: MailboxID, uids: [UID]? = nil) throws -> [UID] {
        let removed: [MessageRecord] = try write { tx, changes in
            var acct = try tx.account(account)
            var mb = try tx.existingMailbox(acct.id, id: mailboxID)
            var candidates: [MessageRecord] = []
            if let uids {
                for u in Set(uids).sorted() { if let m = try tx.message(acct.id, mailboxID, u) { candidates.append(m) } }
            } else {
                candidates = try tx.allMessages(acct.id, mailboxID)
            }
            let gone = candidates.filter { $0.flags.contains(.deleted) }
            guard !gone.isEmpty else { return [] }
            let modSeq = acct.modSeq + 1
            for m in gone {
                try tx.delete(.messages, IndexKey.message(acct.id, mailboxID, m.uid))
                try tx.putTombstone(acct.id, mailboxID, m.uid, modSeq)
                mb.count(m, -1)
            }
            acct.modSeq = modSeq
            mb.highestModSeq = modSeq
            try tx.put(acct)
            try tx.put(acct.id, mb)
            changes.append(StoreChange(account: account, mailboxID: mailboxID, mailboxName: mb.name, modSeq: modSeq,
                                       kind: .messagesExpunged(gone.map(\.uid))))
            return gone
        }
        for m in removed { files.remove(account: account, fileName: m.fileName) }
        return removed.map(\.uid)
    }
}
