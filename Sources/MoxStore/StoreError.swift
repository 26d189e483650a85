/// Why a store operation failed, in terms a protocol layer can answer with
/// (IMAP NO [TRYCREATE], [ALREADYEXISTS], [NONEXISTENT]; SMTP 451/452).
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case accountNotFound(String)
    case accountExists(String)
    case mailboxNotFound(String)
    case mailboxExists(String)
    case mailboxHasChildren(String)
    case invalidMailboxName(String)
    case invalidAccountName(String)
    /// Inbox cannot be deleted or renamed onto (RFC 9051 §6.3.4).
    case inboxNotAllowed(String)
    case messageNotFound(UInt32)
    /// A queue operation's input is unusable (no recipients, bad address, used fromid).
    case invalidQueueMessage(String)
    /// A queue record, hold rule or suppression that does not exist.
    case notFound(String)
    /// The index holds data written by a newer schema than this program knows.
    case schemaTooNew(found: UInt32, known: UInt32)
    case corruptRecord(String)
    case file(String)
    case index(String)
    case closed

    public var description: String {
        switch self {
        case .accountNotFound(let n): return "account \(n) not found"
        case .accountExists(let n): return "account \(n) exists"
        case .mailboxNotFound(let n): return "mailbox \(n) not found"
        case .mailboxExists(let n): return "mailbox \(n) exists"
        case .mailboxHasChildren(let n): return "mailbox \(n) has children"
        case .invalidMailboxName(let n): return "invalid mailbox name \(n)"
        case .invalidAccountName(let n): return "invalid account name \(n)"
        case .inboxNotAllowed(let why): return "not allowed for Inbox: \(why)"
        case .messageNotFound(let uid): return "message uid \(uid) not found"
        case .invalidQueueMessage(let why): return "queue: \(why)"
        case .notFound(let what): return "\(what) not found"
        case .schemaTooNew(let f, let k): return "index schema version \(f) is newer than \(k)"
        case .corruptRecord(let why): return "corrupt record: \(why)"
        case .file(let why): return "message file: \(why)"
        case .index(let why): return "index: \(why)"
        case .closed: return "store closed"
        }
    }
}
