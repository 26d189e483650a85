import MoxEncoding

/// One recipient of a queued message (mox's queue.Msg): the envelope, the
/// delivery state and the options DSNs need. Recipients queued together
/// share `baseID` and the message file, so queued can deliver them to one
/// domain in one SMTP transaction sending the data once (RFC 5321 §4.5.3.1.4
/// advises not to split recipients needlessly).
public struct QueueMessage: IndexRecord, Equatable {
    public static let recordVersion: UInt8 = 1
    public var id: QueueID
    /// The first id of the enqueue call; equal ids share the file.
    public var baseID: QueueID
    /// Number of recipients queued together (ids baseID..<baseID+count).
    public var groupSize: Int
    /// Milliseconds since 1970.
    public var queued: Int64
    /// No delivery is attempted while set (admin, hold rules).
    public var hold: Bool
    public var senderAccount: String
    /// MAIL FROM address; "" for the null reverse-path.
    public var sender: String
    public var recipient: String
    public var notify: DSNNotify?
    public var originalRecipient: String?
    public var dsnReturn: DSNReturn?
    public var envelopeID: String?
    public var requireTLS: Bool?
    public var has8bit: Bool
    public var smtputf8: Bool
    /// Bytes sent: prefix plus file.
    public var size: Int
    public var messageID: String
    public var subject: String
    public var prefix: [UInt8]
    /// Path under data/queue.
    public var fileName: String
    public var attempts: Int
    public var maxAttempts: Int
    /// Milliseconds since 1970.
    public var nextAttempt: Int64
    /// Milliseconds since 1970; 0 before the first attempt.
    public var lastAttempt: Int64
    public var results: [QueueAttemptResult]
    /// IPs dialed per MX host, so a retry can prefer ones not yet tried.
    public var dialedIPs: [String: [String]]
    public var transport: String
    public var futureReleaseRequest: String
    public var fromID: String
    public var extra: [String: String]

    /// Default number of attempts (mox: 0, 7.5m, 15m, 30m, 1h, 2h, 4h, 8h).
    public static let defaultMaxAttempts = 8

    public var senderDomain: String { Self.domain(of: sender) }
    public var recipientDomain: String { Self.domain(of: recipient) }
    public var effectiveMaxAttempts: Int { maxAttempts > 0 ? maxAttempts : Self.defaultMaxAttempts }
    /// The error of the last finished attempt, "" when none failed.
    public var lastError: String { results.last(where: { $0.error != QueueAttemptResult.inProgress })?.error ?? "" }
    public var effectiveNotify: DSNNotify { notify ?? [.failure, .delay] }

    /// The lowercased domain of an address ("" for the null path); an
    /// address literal stays in its brackets.
    public static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return address[address.index(after: at)...].lowercased()
    }

    public static func localpart(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    public func encodeFields(to w: inout ByteWriter) {
        w.write(id)
        w.write(baseID)
        w.writeVarint(groupSize)
        w.write(queued)
        w.write(hold)
        w.write(senderAccount)
        w.write(sender)
        w.write(recipient)
        w.write(notify != nil)
        w.write(notify?.rawValue ?? 0)
        w.write(optional: originalRecipient)
        w.write(dsnReturn?.rawValue ?? 0)
        w.write(optional: envelopeID)
        w.write(UInt8(requireTLS.map { $0 ? 2 : 1 } ?? 0))
        w.write(has8bit)
        w.write(smtputf8)
        w.writeVarint(size)
        w.write(messageID)
        w.write(subject)
        w.write(bytes: prefix)
        w.write(fileName)
        w.writeVarint(attempts)
        w.writeVarint(maxAttempts)
        w.write(nextAttempt)
        w.write(lastAttempt)
        w.writeVarint(results.count)
        for r in results { r.encode(to: &w) }
        w.writeVarint(dialedIPs.count)
        for host in dialedIPs.keys.sorted() {
            w.write(host)
            w.write(dialedIPs[host]!)
        }
        w.write(transport)
        w.write(futureReleaseRequest)
        w.write(fromID)
        Self.write(extra, to: &w)
    }

    public static func decodeFields(version: UInt8, from r: inout ByteReader) throws -> QueueMessage {
        let id = try r.readUInt64(), baseID = try r.readUInt64(), groupSize = try r.readLength()
        let queued = try r.readInt64(), hold = try r.readBool()
        let account = try r.readString(), sender = try r.readString(), recipient = try r.readString()
        let hasNotify = try r.readBool(), notifyRaw = try r.readUInt8()
        let orcpt = try r.readOptionalString()
        let ret = try r.readUInt8()
        let envid = try r.readOptionalString()
        let rtls = try r.readUInt8()
        let has8bit = try r.readBool(), smtputf8 = try r.readBool()
        let size = try r.readLength(limit: Int.max)
        let messageID = try r.readString(), subject = try r.readString()
        let prefix = try r.readBytes()
        let fileName = try r.readString()
        let attempts = try r.readLength(), maxAttempts = try r.readLength()
        let next = try r.readInt64(), last = try r.readInt64()
        var results: [QueueAttemptResult] = []
        for _ in 0..<(try r.readLength(limit: r.remaining)) { results.append(try QueueAttemptResult.decode(from: &r)) }
        var dialed: [String: [String]] = [:]
        for _ in 0..<(try r.readLength(limit: r.remaining)) { dialed[try r.readString()] = try r.readStrings() }
        let transport = try r.readString(), frr = try r.readString(), fromID = try r.readString()
        let extra = try readDictionary(from: &r)
        guard rtls <= 2, ret <= 2 else { throw StoreError.corruptRecord("queue message \(id): bad option value") }
        return QueueMessage(id: id, baseID: baseID, groupSize: groupSize, queued: queued, hold: hold, senderAccount: account,
                            sender: sender, recipient: recipient, notify: hasNotify ? DSNNotify(rawValue: notifyRaw) : nil,
                            originalRecipient: orcpt, dsnReturn: DSNReturn(rawValue: ret), envelopeID: envid,
                            requireTLS: rtls == 0 ? nil : rtls == 2, has8bit: has8bit, smtputf8: smtputf8, size: size,
                            messageID: messageID, subject: subject, prefix: prefix, fileName: fileName, attempts: attempts,
                            maxAttempts: maxAttempts, nextAttempt: next, lastAttempt: last, results: results,
                            dialedIPs: dialed, transport: transport, futureReleaseRequest: frr, fromID: fromID, extra: extra)
    }

    static func write(_ d: [String: String], to w: inout ByteWriter) {
        w.writeVarint(d.count)
        for k in d.keys.sorted() {
            w.write(k)
            w.write(d[k]!)
        }
    }

    static func readDictionary(from r: inout ByteReader) throws(ByteDecodingError) -> [String: String] {
        var d: [String: String] = [:]
        for _ in 0..<(try r.readLength(limit: r.remaining)) { d[try r.readString()] = try r.readString() }
        return d
    }
}
