// Store throughput: deliveries per second (small and 100 KiB messages, 1 and
// 8 concurrent writers, fsync on) and index lookups per second. Run through
// scripts/bench-store, which builds this in release mode.
//
// Usage: mox-store-bench DIR [--seconds S]
import Foundation
import MoxStore

@main
struct StoreBench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        guard !args.isEmpty else {
            print("usage: mox-store-bench DIR [--seconds S]")
            exit(2)
        }
        let dir = args.removeFirst()
        let seconds = args.count >= 2 && args[0] == "--seconds" ? Double(args[1]) ?? 5 : 5
        try? FileManager.default.removeItem(atPath: dir)
        let store = try Store.open(dataDirectory: dir)
        try store.createAccount("bench")
        let idx = store.index as? LMDBIndex

        for (label, size) in [("1 KiB", 1024), ("100 KiB", 100 * 1024)] {
            for writers in [1, 8] {
                let commits0 = idx?.commits ?? 0
                let (n, elapsed) = deliver(store, size: size, writers: writers, seconds: seconds)
                let commits = (idx?.commits ?? 0) - commits0
                print(String(format: "deliver %@ writers=%d: %d messages in %.2fs = %.0f/s (%d commits, %.1f messages/commit)",
                             label, writers, n, elapsed, Double(n) / elapsed, commits, Double(n) / Double(max(commits, 1))))
            }
        }

        let inbox = try store.mailbox(account: "bench", named: "Inbox")!
        let uidNext = inbox.uidNext
        for threads in [1, 2] {
            let counter = Counter()
            let start = Date()
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var rng = SystemRandomNumberGenerator()
                var n = 0
                while Date().timeIntervalSince(start) < seconds {
                    for _ in 0..<1000 {
                        let uid = UInt32.random(in: 1..<uidNext, using: &rng)
                        if (try? store.message(account: "bench", mailboxID: inbox.id, uid: uid)) != nil { n += 1 }
                    }
                }
                counter.add(n)
            }
            let elapsed = Date().timeIntervalSince(start)
            print(String(format: "lookup message by uid threads=%d: %d in %.2fs = %.0f/s (of %d messages)",
                         threads, counter.value, elapsed, Double(counter.value) / elapsed, inbox.messageCount))
        }
        store.close()
        try? FileManager.default.removeItem(atPath: dir)

        // For reference only: the same deliveries without any fsync, to show
        // how much of the cost is durability rather than the index.
        let nosync = try Store.open(dataDirectory: dir, options: .init(sync: false))
        try nosync.createAccount("bench")
        for writers in [1, 8] {
            let (n, elapsed) = deliver(nosync, size: 1024, writers: writers, seconds: seconds)
            print(String(format: "deliver 1 KiB writers=%d, fsync OFF (reference): %d messages in %.2fs = %.0f/s",
                         writers, n, elapsed, Double(n) / elapsed))
        }
        nosync.close()
        try? FileManager.default.removeItem(atPath: dir)
    }

    static func deliver(_ store: Store, size: Int, writers: Int, seconds: Double) -> (Int, Double) {
        var body = "From: bench@example.org\r\nTo: bench@example.org\r\nSubject: bench\r\nMessage-ID: <ID>\r\n\r\n"
        let line = String(repeating: "b", count: 78) + "\r\n"
        while body.utf8.count < size { body += line }
        let template = Array(body.utf8)
        let counter = Counter()
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: writers) { _ in
            var n = 0
            while Date().timeIntervalSince(start) < seconds {
                do {
                    _ = try store.deliver(template, to: [Recipient(account: "bench")])
                    n += 1
                } catch {
                    print("deliver: \(error)")
                    exit(1)
                }
            }
            counter.add(n)
        }
        return (counter.value, Date().timeIntervalSince(start))
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add(_ k: Int) { lock.lock(); n += k; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
