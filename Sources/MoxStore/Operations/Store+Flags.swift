/// How STORE changes flags (RFC 9051 §6.4.6: FLAGS, +FLAGS, -FLAGS).
public enum FlagOperation: Sendable {
    case set, add, remove
}

public struct FlagUpdateResult: Sendable, Equatable {
    /// Messages whose flags or keywords changed, as they are now.
    public var changed: [MessageRecord]
    /// UIDs not changed because their modseq exceeded UNCHANGEDSINCE
    /// (RFC 7162 §3.1.3: reported in the MODIFIED response code).
    public var modified: [UID]
    /// The modseq of the change, nil when nothing changed.
    public var modSeq: ModSeq?
}

extension Store {
    /// Sets, adds or removes system flags and keywords on the given UIDs
    /// (missing UIDs are skipped, as IMAP does for a UID set). Messages whose
    /// flags end up unchanged keep their modseq.
    public func updateFlags(account: String, mailboxID: MailboxID, uids: [UID], operation: FlagOperation,
                            flags: MessageFlags, keywords: [String] = [],
                            unchangedSince: ModSeq? = nil) throws -> FlagUpdateResult {
        let keywords = Set(Self.normalizeKeywords(keywords))
        return try write { tx, changes in
            var acct = try tx.account(account)
            var mb = try tx.existingMailbox(acct.id, id: mailboxID)
            let modSeq = acct.modSeq + 1
            var result = FlagUpdateResult(changed: [], modified: [], modSeq: nil)
            for uid in Set(uids).sorted() {
                guard var m = try tx.message(acct.id, mailboxID, uid) else { continue }
                if let u = unchangedSince, m.modSeq > u {
                    result.modified.append(uid)
                    continue
                }
                var f = m.flags
                var k = Set(m.keywords)
                switch operation {
                case .set: f = flags; k = keywords
                case .add: f.formUnion(flags); k.formUnion(keywords)
                case .remove: f.subtract(flags); k.subtract(keywords)
                }
                let newKeywords = k.sorted()
                if f == m.flags && newKeywords == m.keywords { continue }
                mb.count(m, -1)
                m.flags = f
                m.keywords = newKeywords
                m.modSeq = modSeq
                mb.count(m, 1)
                try tx.put(acct.id, mailboxID, m)
                result.changed.append(m)
            }
            if !result.changed.isEmpty {
                acct.modSeq = modSeq
                mb.highestModSeq = modSeq
                result.modSeq = modSeq
                try tx.put(acct)
                try tx.put(acct.id, mb)
                changes.append(StoreChange(account: account, mailboxID: mailboxID, mailboxName: mb.name,
                                           modSeq: modSeq, kind: .flagsChanged(result.changed.map(\.uid))))
            }
            return result
        }
    }
}
