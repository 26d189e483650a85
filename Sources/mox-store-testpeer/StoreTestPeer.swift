// Delivers messages into a store in a loop, printing one line per
// acknowledged delivery ("ack ACCOUNT MAILBOXID UID MESSAGEID"), written
// with write(2) before the next delivery starts, so a test that kills this
// process knows exactly what was acknowledged. Used by the store's crash and
// multi-process tests. Not installed.
//
// Usage: mox-store-testpeer DATADIR [--count N] [--threads T] [--size BYTES]
//        [--account NAME] [--tag TAG] [--map-size BYTES]
import Foundation
import MoxStore

@main
struct StoreTestPeer {
    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        guard !args.isEmpty else {
            FileHandle.standardError.write(Data("usage: mox-store-testpeer DATADIR [--count N] [--threads T] [--size BYTES] [--account NAME] [--tag TAG]\n".utf8))
            exit(2)
        }
        let dir = args.removeFirst()
        var count = Int.max, threads = 1, size = 1000, mapSize = 1 << 20
        var account = "test", tag = "\(getpid())"
        while args.count >= 2 {
            let (k, v) = (args[0], args[1])
            args.removeFirst(2)
            switch k {
            case "--count": count = Int(v) ?? count
            case "--threads": threads = Int(v) ?? threads
            case "--size": size = Int(v) ?? size
            case "--map-size": mapSize = Int(v) ?? mapSize
            case "--account": account = v
            case "--tag": tag = v
            default: break
            }
        }
        let store: Store
        do {
            // A small initial map so tests exercise growing it, across processes too.
            store = try Store.open(dataDirectory: dir, options: .init(mapSize: mapSize))
            try store.ensureAccount(account)
        } catch {
            FileHandle.standardError.write(Data("open: \(error)\n".utf8))
            exit(1)
        }
        let peer = Peer(store: store, count: count, size: size, account: account, tag: tag)
        let group = DispatchGroup()
        for t in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                peer.deliverLoop(thread: t)
                group.leave()
            }
        }
        group.wait()
        exit(0)
    }
}

final class Peer: @unchecked Sendable {
    let store: Store
    let count: Int, size: Int
    let account: String, tag: String
    let lock = NSLock()
    var next = 0

    init(store: Store, count: Int, size: Int, account: String, tag: String) {
        self.store = store
        self.count = count
        self.size = size
        self.account = account
        self.tag = tag
    }

    func deliverLoop(thread t: Int) {
        while true {
            lock.lock()
            let n = next
            next += 1
            lock.unlock()
            if n >= count { return }
            let id = "<\(tag)-\(t)-\(n)@testpeer>"
            var msg = "From: peer@example.org\r\nTo: \(account)@example.org\r\nSubject: delivery \(n)\r\nMessage-ID: \(id)\r\n\r\n"
            let line = String(repeating: "x", count: 76) + "\r\n"
            while msg.utf8.count < size { msg += line }
            do {
                let d = try store.deliver(Array(msg.utf8), to: [Recipient(account: account)])[0]
                let out = Array("ack \(account) \(d.mailboxID) \(d.uid) \(id)\n".utf8)
                lock.lock()
                _ = out.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                lock.unlock()
            } catch {
                FileHandle.standardError.write(Data("deliver: \(error)\n".utf8))
                exit(1)
            }
        }
    }
}
