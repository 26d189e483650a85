extension Store {
    /// IMAP CREATE (RFC 9051 §6.3.4); missing parents are created too.
    @discardableResult
    public func createMailbox(account: String, name: String, specialUse: SpecialUse = [],
                              subscribe: Bool = true) throws -> Mailbox {
        let name = try MailboxName.normalize(name)
        return try write { tx, changes in
            var acct = try tx.account(account)
            acct.modSeq += 1
            let (m, c) = try tx.createMailbox(&acct, name, specialUse: specialUse, subscribed: subscribe, modSeq: acct.modSeq)
            changes += c
            try tx.put(acct)
            return m
        }
    }

    /// IMAP RENAME (RFC 9051 §6.3.6). Children move with their parent;
    /// UIDVALIDITY and UIDs stay. Renaming Inbox moves its messages to a new
    /// mailbox and leaves Inbox empty, as the RFC requires.
    public func renameMailbox(account: String, from oldName: String, to newName: String) throws {
        let oldName = try MailboxName.normalize(oldName)
        let newName = try MailboxName.normalize(newName)
        let removedFiles: [String] = try write { tx, changes in
            var acct = try tx.account(account)
            guard var mb = try tx.mailbox(acct.id, named: oldName) else { throw StoreError.mailboxNotFound(oldName) }
            if try tx.mailbox(acct.id, named: newName) != nil { throw StoreError.mailboxExists(newName) }
            if newName == MailboxName.inbox || newName.hasPrefix(oldName + "/") {
                throw StoreError.invalidMailboxName(newName)
            }
            acct.modSeq += 1
            let modSeq = acct.modSeq
            if oldName == MailboxName.inbox {
                var (dst, c) = try tx.createMailbox(&acct, newName, specialUse: [], subscribed: mb.subscribed, modSeq: modSeq)
                changes += c
                let uids = try tx.allMessages(acct.id, mb.id).map(\.uid)
                let moved = try tx.moveMessages(acct.id, from: &mb, to: &dst, uids: uids, modSeq: modSeq, now: Self.now())
                try tx.put(acct.id, mb)
                try tx.put(acct.id, dst)
                try tx.put(acct)
                if !moved.isEmpty {
                    changes.append(StoreChange(account: account, mailboxID: mb.id, mailboxName: mb.name, modSeq: modSeq,
                                               kind: .messagesExpunged(moved.map(\.source))))
                    changes.append(StoreChange(account: account, mailboxID: dst.id, mailboxName: dst.name, modSeq: modSeq,
                                               kind: .messagesAdded(moved.map(\.destination))))
                }
                return []
            }
            // The mailbox and its children, renamed by prefix.
            var renames: [Mailbox] = []
            for m in try tx.allMailboxes(acct.id) where m.name == oldName || m.name.hasPrefix(oldName + "/") {
                renames.append(m)
            }
            for var m in renames {
                let from = m.name
                let to = newName + m.name.dropFirst(oldName.count)
                if from != oldName, try tx.mailbox(acct.id, named: to) != nil { throw StoreError.mailboxExists(to) }
                try tx.delete(.mailboxNames, IndexKey.mailboxName(acct.id, from))
                try tx.put(.mailboxNames, IndexKey.mailboxName(acct.id, to), IndexKey.be32(m.id))
                m.name = to
                m.highestModSeq = modSeq
                try tx.put(acct.id, m)
                changes.append(StoreChange(account: account, mailboxID: m.id, mailboxName: to, modSeq: modSeq,
                                           kind: .mailboxRenamed(from: from)))
            }
            // New parents of the target ("a/b" renamed to "x/y/b" needs "x/y").
            for parent in MailboxName.parents(newName) where try tx.mailbox(acct.id, named: parent) == nil {
                let (_, c) = try tx.createMailbox(&acct, parent, specialUse: [], subscribed: mb.subscribed, modSeq: modSeq)
                changes += c
            }
            _ = mb
            try tx.put(acct)
            return []
        }
        _ = removedFiles
    }

    /// IMAP DELETE (RFC 9051 §6.3.5). Inbox cannot be deleted; a mailbox with
    /// children is refused (mox's behaviour; the RFC's \Noselect alternative
    /// leaves half-deleted mailboxes clients handle badly). Messages and
    /// their tombstones go; files are removed after the commit.
    public func deleteMailbox(account: String, name: String) throws {
        let name = try MailboxName.normalize(name)
        guard name != MailboxName.inbox else { throw StoreError.inboxNotAllowed("delete") }
        let files: [String] = try write { tx, changes in
            var acct = try tx.account(account)
            guard let mb = try tx.mailbox(acct.id, named: name) else { throw StoreError.mailboxNotFound(name) }
            var hasChildren = false
            try tx.scan(.mailboxNames, prefix: IndexKey.mailboxName(acct.id, name + "/")) { _, _ in
                hasChildren = true
                return false
            }
            if hasChildren { throw StoreError.mailboxHasChildren(name) }
            let messages = try tx.allMessages(acct.id, mb.id)
            for m in messages { try tx.delete(.messages, IndexKey.message(acct.id, mb.id, m.uid)) }
            for (uid, _) in try tx.tombstones(acct.id, mb.id) { try tx.delete(.expunged, IndexKey.message(acct.id, mb.id, uid)) }
            try tx.delete(.mailboxes, IndexKey.mailbox(acct.id, mb.id))
            try tx.delete(.mailboxNames, IndexKey.mailboxName(acct.id, name))
            acct.modSeq += 1
            try tx.put(acct)
            changes.append(StoreChange(account: account, mailboxID: mb.id, mailboxName: name, modSeq: acct.modSeq,
                                       kind: .mailboxDeleted))
            return messages.map(\.fileName)
        }
        for f in files { self.files.remove(account: account, fileName: f) }
    }

    /// IMAP SUBSCRIBE/UNSUBSCRIBE (RFC 9051 §6.3.7, §6.3.8).
    public func setSubscribed(account: String, name: String, _ subscribed: Bool) throws {
        let name = try MailboxName.normalize(name)
        try write { tx, changes in
            var acct = try tx.account(account)
            guard var mb = try tx.mailbox(acct.id, named: name) else { throw StoreError.mailboxNotFound(name) }
            guard mb.subscribed != subscribed else { return }
            acct.modSeq += 1
            mb.subscribed = subscribed
            try tx.put(acct)
            try tx.put(acct.id, mb)
            changes.append(StoreChange(account: account, mailboxID: mb.id, mailboxName: name, modSeq: acct.modSeq,
                                       kind: .subscriptionChanged(subscribed)))
        }
    }
}
