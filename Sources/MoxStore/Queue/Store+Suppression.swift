extension Store {
    /// Suppressions of one account, or of all when nil.
    public func suppressions(account: String? = nil) throws -> [QueueSuppression] {
        try read { tx in
            var out: [QueueSuppression] = []
            try tx.scan(.suppressions, prefix: account.map(IndexKey.suppressionPrefix) ?? []) { _, v in
                out.append(try QueueSuppression.decode(v))
                return true
            }
            return out
        }
    }

    /// The suppression that covers `address` for the account, if any.
    public func suppression(account: String, address: String) throws -> QueueSuppression? {
        try read { tx in
            guard let raw = try tx.get(.suppressions, IndexKey.suppression(account, QueueSuppression.baseAddress(address))) else { return nil }
            return try QueueSuppression.decode(raw)
        }
    }

    /// Adds a suppression unless its base address is already suppressed;
    /// returns the one in effect and whether it is new.
    @discardableResult
    public func suppressionAdd(account: String, address: String, manual: Bool, reason: String) throws -> (QueueSuppression, added: Bool) {
        try MailboxName.validateAccount(account)
        let s = QueueSuppression(account: account, originalAddress: address, created: Self.now(), manual: manual, reason: reason)
        return try write { tx, _ in
            let key = IndexKey.suppression(account, s.baseAddress)
            if let raw = try tx.get(.suppressions, key) { return (try QueueSuppression.decode(raw), false) }
            try tx.put(.suppressions, key, s.encoded())
            return (s, true)
        }
    }

    /// Removes the suppression covering `address`; false if there was none.
    @discardableResult
    public func suppressionRemove(account: String, address: String) throws -> Bool {
        try write { tx, _ in try tx.delete(.suppressions, IndexKey.suppression(account, QueueSuppression.baseAddress(address))) }
    }
}
