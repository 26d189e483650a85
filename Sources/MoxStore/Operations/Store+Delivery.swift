import Foundation
import MoxEncoding
import MoxMessage

/// Where a delivered message goes: an account and one of its mailboxes.
public struct Recipient: Sendable, Hashable {
    public var account: String
    public var mailbox: String

    public init(account: String, mailbox: String = MailboxName.inbox) {
        self.account = account
        self.mailbox = mailbox
    }
}

/// A stored message as the caller needs it for its reply (SMTP 250, IMAP
/// APPENDUID per RFC 4315 §3).
public struct DeliveredMessage: Sendable, Equatable {
    public var account: String
    public var mailboxID: MailboxID
    public var mailboxName: String
    public var uidValidity: UInt32
    public var uid: UID
    public var modSeq: ModSeq
    public var fileName: String
    public var size: Int
}

/// Fields of a new message the caller chooses (IMAP APPEND's flags and date).
public struct NewMessageOptions: Sendable {
    public var flags: MessageFlags
    public var keywords: [String]
    /// Milliseconds since 1970; now when nil.
    public var internalDate: Int64?

    public init(flags: MessageFlags = [], keywords: [String] = [], internalDate: Int64? = nil) {
        self.flags = flags
        self.keywords = keywords
        self.internalDate = internalDate
    }
}

extension Store {
    /// Delivers one message to several recipients. The file is written and
    /// fsynced once, then hard-linked into each account (never copied);
    /// returns after the links' directories are fsynced and the index has
    /// committed. A missing mailbox is created (as a delivery rule may name
    /// one that the user deleted).
    public func deliver(_ message: [UInt8], to recipients: [Recipient],
                        options: NewMessageOptions = .init()) throws -> [DeliveredMessage] {
        try store(message, to: recipients, options: options, createMissing: true)
    }

    /// IMAP APPEND (RFC 9051 §6.3.12): the mailbox must exist, otherwise
    /// mailboxNotFound (the client gets [TRYCREATE]).
    public func append(_ message: [UInt8], account: String, mailbox: String,
                       options: NewMessageOptions = .init()) throws -> DeliveredMessage {
        try store(message, to: [Recipient(account: account, mailbox: mailbox)], options: options, createMissing: false)[0]
    }

    public func deliver(_ message: [UInt8], to recipients: [Recipient],
                        options: NewMessageOptions = .init()) async throws -> [DeliveredMessage] {
        try await Self.offload { try self.deliver(message, to: recipients, options: options) }
    }

    /// Runs blocking store work (fsync, waiting for the group commit) on a
    /// queue that may add threads, not on Swift's cooperative pool.
    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            blockingQueue.async { c.resume(with: Result { try body() }) }
        }
    }

    static let blockingQueue = DispatchQueue(label: "mox.store.blocking", attributes: .concurrent)

    func store(_ message: [UInt8], to recipients: [Recipient], options: NewMessageOptions,
               createMissing: Bool) throws -> [DeliveredMessage] {
        guard !recipients.isEmpty else { return [] }
        let recipients = try recipients.map { Recipient(account: $0.account, mailbox: try MailboxName.normalize($0.mailbox)) }
        for r in recipients { try MailboxName.validateAccount(r.account) }
        let (part, header) = MessageParser.parse(message)
        let references = Self.referencedMessageIDs(header)
        let messageID = Self.messageIDs(in: header["Message-ID"] ?? "").first ?? ""
        let keywords = Self.normalizeKeywords(options.keywords)

        let temp = try files.writeTemporary(message)
        defer { files.removeTemporary(temp) }
        var fileNames: [String] = []
        do {
            for r in recipients { fileNames.append(try files.link(temp, intoAccount: r.account)) }
        } catch {
            for (i, f) in fileNames.enumerated() { files.remove(account: recipients[i].account, fileName: f) }
            throw error
        }
        let now = Self.now()
        let internalDate = options.internalDate ?? now
        let size = message.count
        let flags = options.flags
        let linked = fileNames
        do {
            return try write { tx, changes in
                var accounts: [String: Account] = [:]
                var mailboxes: [String: [String: Mailbox]] = [:]
                var out: [DeliveredMessage] = []
                for (i, r) in recipients.enumerated() {
                    var acct: Account
                    if let a = accounts[r.account] {
                        acct = a
                    } else {
                        acct = try tx.account(r.account)
                        // One modseq for everything this delivery changes in the account.
                        acct.modSeq += 1
                    }
                    let modSeq = acct.modSeq
                    var mb: Mailbox
                    if let m = mailboxes[r.account]?[r.mailbox] {
                        mb = m
                    } else if let m = try tx.mailbox(acct.id, named: r.mailbox) {
                        mb = m
                    } else if createMissing {
                        let (m, c) = try tx.createMailbox(&acct, r.mailbox, specialUse: [], subscribed: true, modSeq: modSeq)
                        changes += c
                        mb = m
                    } else {
                        throw StoreError.mailboxNotFound(r.mailbox)
                    }
                    let number = acct.nextMessageNumber
                    acct.nextMessageNumber += 1
                    var threadID = number
                    for ref in references {
                        if let raw = try tx.get(.threads, IndexKey.thread(acct.id, ref)) {
                            var rd = ByteReader(raw)
                            threadID = try rd.readUInt64()
                            break
                        }
                    }
                    if !messageID.isEmpty, try tx.get(.threads, IndexKey.thread(acct.id, messageID)) == nil {
                        var w = ByteWriter()
                        w.write(threadID)
                        try tx.put(.threads, IndexKey.thread(acct.id, messageID), w.bytes)
                    }
                    let rec = MessageRecord(uid: mb.uidNext, messageNumber: number, fileName: linked[i], size: size,
                                            flags: flags, keywords: keywords, modSeq: modSeq, createSeq: modSeq,
                                            internalDate: internalDate, saveDate: now, messageIDHeader: messageID,
                                            threadID: threadID, part: part)
                    mb.uidNext += 1
                    mb.count(rec, 1)
                    mb.highestModSeq = modSeq
                    try tx.put(acct.id, mb.id, rec)
                    try tx.put(acct.id, mb)
                    accounts[r.account] = acct
                    mailboxes[r.account, default: [:]][r.mailbox] = mb
                    out.append(DeliveredMessage(account: r.account, mailboxID: mb.id, mailboxName: mb.name,
                                                uidValidity: mb.uidValidity, uid: rec.uid, modSeq: modSeq,
                                                fileName: linked[i], size: size))
                    changes.append(StoreChange(account: r.account, mailboxID: mb.id, mailboxName: mb.name,
                                               modSeq: modSeq, kind: .messagesAdded([rec.uid])))
                }
                for a in accounts.values { try tx.put(a) }
                return out
            }
        } catch {
            // Not indexed: the links are orphans now, remove them.
            for (i, f) in linked.enumerated() { files.remove(account: recipients[i].account, fileName: f) }
            throw error
        }
    }

    static func normalizeKeywords(_ k: [String]) -> [String] {
        Array(Set(k.map { $0.lowercased() }.filter { !$0.isEmpty })).sorted()
    }

    /// Message IDs in References and In-Reply-To (RFC 5322 §3.6.4), nearest
    /// ancestor first, for threading.
    static func referencedMessageIDs(_ h: Header) -> [String] {
        var out = messageIDs(in: h["In-Reply-To"] ?? "")
        out += messageIDs(in: h["References"] ?? "").reversed()
        return out
    }

    /// The "<...>" msg-id tokens of a header value, brackets included.
    static func messageIDs(in s: String) -> [String] {
        var out: [String] = []
        var cur: String?
        for ch in s {
            if ch == "<" { cur = "<" } else if ch == ">", var c = cur {
                c.append(">")
                if c.count > 2 { out.append(c) }
                cur = nil
            } else if cur != nil, !ch.isWhitespace { cur!.append(ch) }
        }
        return out
    }
}
