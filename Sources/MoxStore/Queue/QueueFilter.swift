/// Selects queued messages for listing and for admin operations (mox's
/// queue.Filter). Every set field must match; an empty filter matches all.
public struct QueueFilter: Sendable, Equatable {
    public var ids: [QueueID]
    public var account: String?
    /// Substring of the sender address.
    public var from: String?
    /// Substring of the recipient address.
    public var to: String?
    public var senderDomain: String?
    public var recipientDomain: String?
    public var hold: Bool?
    /// Queued before / after, milliseconds since 1970.
    public var queuedBefore: Int64?
    public var queuedAfter: Int64?
    public var nextAttemptBefore: Int64?
    public var nextAttemptAfter: Int64?
    public var transport: String?
    /// At most this many (0: no limit), in list order.
    public var max: Int

    public init(ids: [QueueID] = [], account: String? = nil, from: String? = nil, to: String? = nil,
                senderDomain: String? = nil, recipientDomain: String? = nil, hold: Bool? = nil,
                queuedBefore: Int64? = nil, queuedAfter: Int64? = nil, nextAttemptBefore: Int64? = nil,
                nextAttemptAfter: Int64? = nil, transport: String? = nil, max: Int = 0) {
        self.ids = ids
        self.account = account
        self.from = from
        self.to = to
        self.senderDomain = senderDomain
        self.recipientDomain = recipientDomain
        self.hold = hold
        self.queuedBefore = queuedBefore
        self.queuedAfter = queuedAfter
        self.nextAttemptBefore = nextAttemptBefore
        self.nextAttemptAfter = nextAttemptAfter
        self.transport = transport
        self.max = max
    }

    public func matches(_ m: QueueMessage) -> Bool {
        if !ids.isEmpty && !ids.contains(m.id) { return false }
        if let a = account, a != m.senderAccount { return false }
        if let f = from, !m.sender.lowercased().contains(f.lowercased()) { return false }
        if let t = to, !m.recipient.lowercased().contains(t.lowercased()) { return false }
        if let d = senderDomain, d.lowercased() != m.senderDomain { return false }
        if let d = recipientDomain, d.lowercased() != m.recipientDomain { return false }
        if let h = hold, h != m.hold { return false }
        if let t = queuedBefore, m.queued >= t { return false }
        if let t = queuedAfter, m.queued <= t { return false }
        if let t = nextAttemptBefore, m.nextAttempt >= t { return false }
        if let t = nextAttemptAfter, m.nextAttempt <= t { return false }
        if let t = transport, t != m.transport { return false }
        return true
    }
}

/// Selects retired messages (mox's RetiredFilter).
public struct QueueRetiredFilter: Sendable, Equatable {
    public var ids: [QueueID]
    public var account: String?
    public var from: String?
    public var to: String?
    public var success: Bool?
    /// Last activity before / after, milliseconds since 1970.
    public var lastActivityBefore: Int64?
    public var lastActivityAfter: Int64?
    public var max: Int

    public init(ids: [QueueID] = [], account: String? = nil, from: String? = nil, to: String? = nil, success: Bool? = nil,
                lastActivityBefore: Int64? = nil, lastActivityAfter: Int64? = nil, max: Int = 0) {
        self.ids = ids
        self.account = account
        self.from = from
        self.to = to
        self.success = success
        self.lastActivityBefore = lastActivityBefore
        self.lastActivityAfter = lastActivityAfter
        self.max = max
    }

    public func matches(_ r: QueueRetiredMessage) -> Bool {
        let m = r.message
        if !ids.isEmpty && !ids.contains(m.id) { return false }
        if let a = account, a != m.senderAccount { return false }
        if let f = from, !m.sender.lowercased().contains(f.lowercased()) { return false }
        if let t = to, !m.recipient.lowercased().contains(t.lowercased()) { return false }
        if let s = success, s != r.success { return false }
        if let t = lastActivityBefore, r.lastActivity >= t { return false }
        if let t = lastActivityAfter, r.lastActivity <= t { return false }
        return true
    }
}

/// How long retired messages are kept, per sender account (mox's
/// KeepRetiredMessagePeriod); 0 keeps none.
public struct QueueRetention: Sendable, Equatable {
    /// Milliseconds.
    public var defaultPeriod: Int64
    public var perAccount: [String: Int64]

    public init(defaultPeriod: Int64 = 0, perAccount: [String: Int64] = [:]) {
        self.defaultPeriod = defaultPeriod
        self.perAccount = perAccount
    }

    public func period(account: String) -> Int64 { perAccount[account] ?? defaultPeriod }
}
