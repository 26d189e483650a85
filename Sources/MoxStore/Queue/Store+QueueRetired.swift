extension Store {
    /// Retired messages, most recent activity first.
    public func queueRetiredList(_ filter: QueueRetiredFilter = QueueRetiredFilter()) throws -> [QueueRetiredMessage] {
        try read { tx in
            var out: [QueueRetiredMessage] = []
            try tx.scan(.queueRetired, prefix: []) { _, v in
                let r = try QueueRetiredMessage.decode(v)
                if filter.matches(r) { out.append(r) }
                return true
            }
            out.sort { ($0.lastActivity, $0.id) > ($1.lastActivity, $1.id) }
            if filter.max > 0 && out.count > filter.max { out.removeLast(out.count - filter.max) }
            return out
        }
    }

    /// Removes history past its keep time; returns how many went.
    @discardableResult
    public func queueRetiredCleanup(now: Int64) throws -> Int {
        try write { tx, _ in
            var expired: [[UInt8]] = []
            try tx.scan(.queueRetired, prefix: []) { k, v in
                if try QueueRetiredMessage.decode(v).keepUntil < now { expired.append(k) }
                return true
            }
            for k in expired { try tx.delete(.queueRetired, k) }
            return expired.count
        }
    }
}
