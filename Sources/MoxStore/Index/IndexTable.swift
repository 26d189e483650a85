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
    /// Queue id → QueueMessage (one record per recipient).
    case queue
    /// Next attempt time, queue id → empty: the messages not on hold in
    /// delivery order, so finding due work does not scan the queue.
    case queueDue
    /// Queue id → QueueRetiredMessage (delivery history).
    case queueRetired
    /// Rule id → QueueHoldRule.
    case queueHoldRules
    /// Account, NUL, base address → QueueSuppression.
    case suppressions
}
