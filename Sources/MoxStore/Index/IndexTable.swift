/// The named databases of the store (DESIGN.md, Store). Keys are built by
/// IndexKey so their byte order is the iteration order callers rely on.
public enum IndexTable: String, CaseIterable, Sendable {
    /// Schema version and global counters.
    case meta
    /// Account name → Account.
    case accounts
    /// account id, mailbox id → Mailbox.
    case mailboxes
    /// account id, mailbox name → mailbox id.
    case mailboxNames
    /// account id, mailbox id, UID → MessageRecord.
    case messages
    /// account id, mailbox id, UID → modseq of the expunge (RFC 7162 QRESYNC).
    case expunged
    /// account id, Message-ID → thread id, for threading replies.
    case threads
}
