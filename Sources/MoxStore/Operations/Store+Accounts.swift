import MoxEncoding

extension Store {
    /// Mailboxes every new account gets, with RFC 6154 special-use flags.
    public static let defaultMailboxes: [(String, SpecialUse)] = [
        (MailboxName.inbox, []), ("Sent", .sent), ("Drafts", .drafts), ("Trash", .trash),
        ("Archive", .archive), ("Junk", .junk),
    ]

    @discardableResult
    public func createAccount(_ name: String) throws -> Account {
        try MailboxName.validateAccount(name)
        return try write { tx, changes in
            if try tx.get(.accounts, IndexKey.account(name)) != nil { throw StoreError.accountExists(name) }
            var id: AccountID = 1
            if let raw = try tx.get(.meta, IndexKey.nextAccountID) { id = IndexKey.readBE32(raw, at: 0) }
            try tx.put(.meta, IndexKey.nextAccountID, IndexKey.be32(id + 1))
            var acct = Account(id: id, name: name, modSeq: 1, nextMailboxID: 1, nextUIDValidity: 1, nextMessageNumber: 1)
            for (mb, use) in Self.defaultMailboxes {
                let (_, c) = try tx.createMailbox(&acct, mb, specialUse: use, subscribed: true, modSeq: acct.modSeq)
                changes += c
            }
            try tx.put(acct)
            return acct
        }
    }

    /// Creates the account unless it exists; returns it either way.
    @discardableResult
    public func ensureAccount(_ name: String) throws -> Account {
        if let a = try account(named: name) { return a }
        do { return try createAccount(name) } catch StoreError.accountExists {
            return try read { try $0.account(name) }
        }
    }

    public func account(named name: String) throws -> Account? {
        try read { tx in
            do { return try tx.account(name) } catch StoreError.accountNotFound { return nil }
        }
    }

    public func accounts() throws -> [Account] {
        try read { tx in
            var out: [Account] = []
            try tx.scan(.accounts, prefix: []) { _, v in
                out.append(try Account.decode(v))
                return true
            }
            return out
        }
    }
}
