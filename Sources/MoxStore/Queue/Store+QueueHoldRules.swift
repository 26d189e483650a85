extension Store {
    public func queueHoldRules() throws -> [QueueHoldRule] {
        try read { try $0.holdRules() }
    }

    /// Adds a rule and holds the queued messages it matches (as mox does).
    /// Returns the rule with its id and how many messages it put on hold.
    public func queueHoldRuleAdd(_ rule: QueueHoldRule) throws -> (rule: QueueHoldRule, held: Int) {
        try write { tx, _ in
            var r = rule
            r.id = try tx.counter(IndexKey.nextHoldRuleID)
            try tx.setCounter(IndexKey.nextHoldRuleID, r.id + 1)
            try tx.put(.queueHoldRules, IndexKey.holdRule(r.id), r.encoded())
            var held = 0
            for old in try tx.allQueueMessages(QueueFilter()) where !old.hold && r.matches(old) {
                var m = old
                m.hold = true
                try tx.putQueue(m, replacing: old)
                held += 1
            }
            return (r, held)
        }
    }

    /// Removes a rule; messages it held stay held until released.
    public func queueHoldRuleRemove(id: UInt64) throws {
        try write { tx, _ in
            guard try tx.delete(.queueHoldRules, IndexKey.holdRule(id)) else { throw StoreError.notFound("hold rule \(id)") }
        }
    }
}
