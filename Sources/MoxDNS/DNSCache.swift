import Synchronization

/// A TTL cache of answers and of negative answers (RFC 2308 §5). Temporary
/// failures are never cached. Time is passed in, so tests need no clock.
public final class DNSCache: Sendable {
    public enum Entry: Sendable {
        case answer(DNSAnswer<[DNSResourceRecord]>)
        case negative(DNSError)
    }

    struct Key: Hashable { var name: DNSName; var type: DNSRecordType }

    let state = Mutex<[Key: (entry: Entry, expires: ContinuousClock.Instant)]>([:])
    public let maxEntries: Int
    /// Upper bound on any TTL, so a bad record cannot stick for a week.
    public let maxTTL: Duration

    public init(maxEntries: Int = 10_000, maxTTL: Duration = .seconds(3600)) {
        self.maxEntries = maxEntries; self.maxTTL = maxTTL
    }

    public func get(_ name: DNSName, _ type: DNSRecordType, now: ContinuousClock.Instant) -> Entry? {
        state.withLock { s in
            let k = Key(name: name, type: type)
            guard let e = s[k] else { return nil }
            if e.expires <= now { s[k] = nil; return nil }
            return e.entry
        }
    }

    public func put(_ name: DNSName, _ type: DNSRecordType, _ entry: Entry, ttl: UInt32, now: ContinuousClock.Instant) {
        guard ttl > 0 else { return }
        if case .negative(let e) = entry, !e.isNotFound { return }
        let d = min(Duration.seconds(Int64(ttl)), maxTTL)
        state.withLock { s in
            if s.count >= maxEntries {
                s = s.filter { $0.value.expires > now }
                // Still full: drop everything rather than track recency; a
                // cache that size is refilled in seconds.
                if s.count >= maxEntries { s.removeAll() }
            }
            s[Key(name: name, type: type)] = (entry, now + d)
        }
    }

    public var count: Int { state.withLock { $0.count } }
}
