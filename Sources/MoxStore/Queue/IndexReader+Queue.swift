import MoxEncoding

/// Typed access to the queue tables inside a transaction.
extension IndexReader {
    func queueMessage(_ id: QueueID) throws -> QueueMessage? {
        guard let raw = try get(.queue, IndexKey.queue(id)) else { return nil }
        return try QueueMessage.decode(raw)
    }

    func allQueueMessages(_ filter: QueueFilter) throws -> [QueueMessage] {
        var out: [QueueMessage] = []
        if !filter.ids.isEmpty {
            for id in Set(filter.ids) {
                if let m = try queueMessage(id), filter.matches(m) { out.append(m) }
            }
        } else {
            try scan(.queue, prefix: []) { _, v in
                let m = try QueueMessage.decode(v)
                if filter.matches(m) { out.append(m) }
                return true
            }
        }
        // Delivery order, as `queue list` shows it.
        out.sort { ($0.nextAttempt, $0.id) < ($1.nextAttempt, $1.id) }
        if filter.max > 0 && out.count > filter.max { out.removeLast(out.count - filter.max) }
        return out
    }

    func holdRules() throws -> [QueueHoldRule] {
        var out: [QueueHoldRule] = []
        try scan(.queueHoldRules, prefix: []) { _, v in
            out.append(try QueueHoldRule.decode(v))
            return true
        }
        return out
    }

    func counter(_ key: [UInt8]) throws -> UInt64 {
        guard let raw = try get(.meta, key) else { return 1 }
        return IndexKey.readBE64(raw, at: 0)
    }

    /// Whether a record of the enqueue group `m` belongs to, other than the
    /// ones in `except`, still references the shared file.
    func groupHasOthers(_ m: QueueMessage, except: Set<QueueID>) throws -> Bool {
        for id in m.baseID..<(m.baseID + QueueID(max(1, m.groupSize))) where !except.contains(id) {
            if try get(.queue, IndexKey.queue(id)) != nil { return true }
        }
        return false
    }
}

extension IndexWriter {
    /// Stores `m`, keeping the due index in step: held messages are not in it.
    func putQueue(_ m: QueueMessage, replacing old: QueueMessage?) throws {
        if let old, !old.hold { try delete(.queueDue, IndexKey.queueDue(old.nextAttempt, old.id)) }
        try put(.queue, IndexKey.queue(m.id), m.encoded())
        if !m.hold { try put(.queueDue, IndexKey.queueDue(m.nextAttempt, m.id), []) }
    }

    func deleteQueue(_ m: QueueMessage) throws {
        try delete(.queue, IndexKey.queue(m.id))
        try delete(.queueDue, IndexKey.queueDue(m.nextAttempt, m.id))
    }

    func setCounter(_ key: [UInt8], _ value: UInt64) throws { try put(.meta, key, IndexKey.be64(value)) }
}
