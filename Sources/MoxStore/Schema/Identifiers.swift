/// Account numbers are internal (keys stay short); callers use names.
public typealias AccountID = UInt32
public typealias MailboxID = UInt32
/// IMAP UID (RFC 9051 §2.3.1.1): ascending per mailbox, never reused under one UIDVALIDITY.
public typealias UID = UInt32
/// CONDSTORE mod-sequence (RFC 7162 §3.1.1): one counter per account, so one
/// change touching several mailboxes has one modseq.
public typealias ModSeq = UInt64
