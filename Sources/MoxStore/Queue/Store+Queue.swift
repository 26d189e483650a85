import Foundation
import MoxEncoding

extension Store {
    /// Queues a message for remote recipients: one record per recipient, the
    /// file shared between them. Returns after the file and its directory are
    /// fsynced and the index committed, so the caller may answer 250
    /// (DESIGN.md, durability rule). Hold rules are applied.
    public func enqueue(message: [UInt8], from sender: String, recipients: [QueueRecipient],
                        options: QueueMessageOptions) throws -> [QueueID] {
        let temp = try files.writeTemporary(message)
        defer { files.removeTemporary(temp) }
        return try enqueue(messageFile: temp, from: sender, recipients: recipients, options: options)
    }

    public func enqueue(message: [UInt8], from sender: String, recipients: [QueueRecipient],
                        options: QueueMessageOptions) async throws -> [QueueID] {
        try await Self.offload { try self.enqueue(message: message, from: sender, recipients: recipients, options: options) }
    }

    /// As `enqueue(message:...)` for a message already in an fsynced file
    /// (e.g. a spooled DATA); the file is hard-linked, never copied, and left
    /// in place for the caller to remove.
    public func enqueue(messageFile path: String, from sender: String, recipients: [QueueRecipient],
                        options: QueueMessageOptions) throws -> [QueueID] {
        guard !recipients.isEmpty else { throw StoreError.invalidQueueMessage("no recipients") }
        if !sender.isEmpty && !sender.contains("@") { throw StoreError.invalidQueueMessage("sender \(sender) is not an address") }
        for r in recipients where !r.address.contains("@") || QueueMessage.domain(of: r.address).isEmpty {
            throw StoreError.invalidQueueMessage("recipient \(r.address) is not an address")
        }
        try MailboxName.validateAccount(options.senderAccount)
        var st = stat()
        guard stat(path, &st) == 0 else { throw StoreError.file("stat \(path): \(errnoText())") }
        let size = options.prefix.count + Int(st.st_size)
        let fileName = try files.linkIntoQueue(path)
        let now = Self.now()
        do {
            return try write { tx, _ in
                if !options.fromID.isEmpty { try Self.checkFromIDUnused(options.fromID, tx) }
                let base = try tx.counter(IndexKey.nextQueueID)
                let rules = try tx.holdRules()
                var ids: [QueueID] = []
                for (i, r) in recipients.enumerated() {
                    var m = QueueMessage(
                        id: base + QueueID(i), baseID: base, groupSize: recipients.count, queued: now, hold: false,
                        senderAccount: options.senderAccount, sender: sender, recipient: r.address, notify: r.notify,
                        originalRecipient: r.originalRecipient, dsnReturn: options.dsnReturn, envelopeID: options.envelopeID,
                        requireTLS: options.requireTLS, has8bit: options.has8bit, smtputf8: options.smtputf8, size: size,
                        messageID: options.messageID, subject: options.subject, prefix: options.prefix, fileName: fileName,
                        attempts: 0, maxAttempts: options.maxAttempts, nextAttempt: options.nextAttempt ?? now,
                        lastAttempt: 0, results: [], dialedIPs: [:], transport: options.transport,
                        futureReleaseRequest: options.futureReleaseRequest, fromID: options.fromID, extra: options.extra)
                    m.hold = rules.contains { $0.matches(m) }
                    try tx.putQueue(m, replacing: nil)
                    ids.append(m.id)
                }
                try tx.setCounter(IndexKey.nextQueueID, base + QueueID(recipients.count))
                return ids
            }
        } catch {
            unlink(files.queuePath(fileName: fileName))
            throw error
        }
    }

    static func checkFromIDUnused(_ fromID: String, _ tx: any IndexReader) throws {
        var used = false
        for table in [IndexTable.queue, .queueRetired] {
            try tx.scan(table, prefix: []) { _, v in
                let m = table == .queue ? try QueueMessage.decode(v) : try QueueRetiredMessage.decode(v).message
                used = m.fromID == fromID
                return !used
            }
            if used { throw StoreError.invalidQueueMessage("fromid \(fromID) already used") }
        }
    }

    public func queueMessage(id: QueueID) throws -> QueueMessage? {
        try read { try $0.queueMessage(id) }
    }

    /// Matching messages by next attempt, then id.
    public func queueList(_ filter: QueueFilter = QueueFilter()) throws -> [QueueMessage] {
        try read { try $0.allQueueMessages(filter) }
    }

    /// Up to `limit` messages not on hold whose next attempt is due at `now`,
    /// earliest first, skipping `excludingDomains` (recipient domains with a
    /// delivery in progress).
    public func queueDue(now: Int64, limit: Int, excludingDomains: Set<String> = []) throws -> [QueueMessage] {
        try read { tx in
            var out: [QueueMessage] = []
            try tx.scan(.queueDue, prefix: []) { k, _ in
                if Int64(bitPattern: IndexKey.readBE64(k, at: 0)) > now { return false }
                if let m = try tx.queueMessage(IndexKey.readBE64(k, at: 8)), !excludingDomains.contains(m.recipientDomain) {
                    out.append(m)
                }
                return out.count < limit
            }
            return out
        }
    }

    /// When the earliest message not on hold (and not for an excluded
    /// domain) is due, milliseconds since 1970; nil for none.
    public func queueNextDue(excludingDomains: Set<String> = []) throws -> Int64? {
        try read { tx in
            var next: Int64?
            try tx.scan(.queueDue, prefix: []) { k, _ in
                if excludingDomains.isEmpty {
                    next = Int64(bitPattern: IndexKey.readBE64(k, at: 0))
                } else if let m = try tx.queueMessage(IndexKey.readBE64(k, at: 8)), !excludingDomains.contains(m.recipientDomain) {
                    next = m.nextAttempt
                }
                return next == nil
            }
            return next
        }
    }

    /// Changes matching messages with `body` (which must not change the id
    /// or file); returns the changed messages.
    @discardableResult
    public func queueUpdate(_ filter: QueueFilter, _ body: @escaping @Sendable (inout QueueMessage) -> Void) throws -> [QueueMessage] {
        try write { tx, _ in
            var out: [QueueMessage] = []
            for old in try tx.allQueueMessages(filter) {
                var m = old
                body(&m)
                m.id = old.id
                m.baseID = old.baseID
                m.fileName = old.fileName
                if m != old { try tx.putQueue(m, replacing: old) }
                out.append(m)
            }
            return out
        }
    }

    /// Holds or releases matching messages; returns how many matched.
    public func queueSetHold(_ filter: QueueFilter, hold: Bool) throws -> Int {
        try queueUpdate(filter) { $0.hold = hold }.count
    }

    /// Makes matching messages due now (they stay held if held).
    public func queueKick(_ filter: QueueFilter) throws -> Int {
        let now = Self.now()
        return try queueUpdate(filter) { $0.nextAttempt = now }.count
    }

    /// Registers the start of an attempt for `ids` before connecting: attempts
    /// counted, next attempt set to the backoff time (so a crash during the
    /// attempt does not retry at once), an in-progress result added. Returns
    /// the messages still queued and not held, in the order of `ids`.
    public func queueBeginAttempt(_ ids: [QueueID], now: Int64, nextAttempt: Int64) throws -> [QueueMessage] {
        try write { tx, _ in
            var out: [QueueMessage] = []
            for id in ids {
                guard let old = try tx.queueMessage(id), !old.hold else { continue }
                var m = old
                m.attempts += 1
                m.lastAttempt = now
                m.nextAttempt = nextAttempt
                m.record(QueueAttemptResult(start: now, error: QueueAttemptResult.inProgress))
                try tx.putQueue(m, replacing: old)
                out.append(m)
            }
            return out
        }
    }

    /// Stores the outcome of a failed attempt that will be retried (the next
    /// attempt time was set by queueBeginAttempt), with the IPs dialed.
    public func queueRecordAttempt(_ id: QueueID, result: QueueAttemptResult, dialedIPs: [String: [String]]? = nil) throws {
        try write { tx, _ in
            guard let old = try tx.queueMessage(id) else { return }
            var m = old
            m.record(result)
            if let d = dialedIPs { m.dialedIPs = d }
            try tx.putQueue(m, replacing: old)
        }
    }

    /// Removes messages from the queue after delivery, permanent failure or
    /// by the admin: the final result is recorded, the history kept for the
    /// retention period, and a file no longer referenced removed after the
    /// commit (a crash in between leaves an orphan file, never a record
    /// without its file). Returns the removed messages.
    @discardableResult
    public func queueRetire(_ ids: [QueueID], success: Bool, result: QueueAttemptResult?,
                            retention: QueueRetention = QueueRetention()) throws -> [QueueMessage] {
        let now = Self.now()
        let (removed, unreferenced) = try write { tx, _ -> ([QueueMessage], [String]) in
            var removed: [QueueMessage] = []
            var gone = Set<QueueID>()
            for id in ids where !gone.contains(id) {
                guard var m = try tx.queueMessage(id) else { continue }
                try tx.deleteQueue(m)
                gone.insert(id)
                if let result { m.record(result) }
                let keep = retention.period(account: m.senderAccount)
                if keep > 0 {
                    let r = QueueRetiredMessage(message: m, success: success, lastActivity: now, keepUntil: now + keep)
                    try tx.put(.queueRetired, IndexKey.queue(m.id), r.encoded())
                }
                removed.append(m)
            }
            var files = Set<String>()
            for m in removed where !files.contains(m.fileName) {
                if try !tx.groupHasOthers(m, except: gone) { files.insert(m.fileName) }
            }
            return (removed, files.sorted())
        }
        for f in unreferenced { unlink(files.queuePath(fileName: f)) }
        return removed
    }

    /// Removes matching messages without delivering (admin drop), as failed
    /// deliveries in the history.
    @discardableResult
    public func queueDrop(_ filter: QueueFilter, reason: String = "delivery canceled by admin",
                          retention: QueueRetention = QueueRetention()) throws -> [QueueMessage] {
        let ids = try queueList(filter).map(\.id)
        guard !ids.isEmpty else { return [] }
        return try queueRetire(ids, success: false, result: QueueAttemptResult(start: Self.now(), error: reason), retention: retention)
    }

    public func queuePath(_ m: QueueMessage) -> String { files.queuePath(fileName: m.fileName) }

    /// The bytes delivered: the prefix, then the file.
    public func queueMessageData(_ m: QueueMessage) throws -> [UInt8] {
        let path = queuePath(m)
        guard let fh = FileHandleReader(path: path) else { throw StoreError.file("open \(path): \(errnoText())") }
        return m.prefix + (try fh.readAll())
    }

    /// Runs blocking store calls from async code without tying up Swift's
    /// cooperative threads (fsync, waiting for the group commit).
    public func perform<T: Sendable>(_ body: @escaping @Sendable (Store) throws -> T) async throws -> T {
        try await Self.offload { try body(self) }
    }
}

extension QueueMessage {
    /// Keeps this many results; older ones are dropped to bound the record.
    static let maxResults = 32

    /// Replaces an in-progress result or appends.
    mutating func record(_ r: QueueAttemptResult) {
        if let last = results.last, last.error == QueueAttemptResult.inProgress, r.error != QueueAttemptResult.inProgress {
            var r = r
            r.start = last.start
            results[results.count - 1] = r
        } else {
            results.append(r)
        }
        if results.count > Self.maxResults { results.removeFirst(results.count - Self.maxResults) }
    }
}
