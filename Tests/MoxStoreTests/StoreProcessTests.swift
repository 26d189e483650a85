import Foundation
@testable import MoxStore
import XCTest

/// Several processes on one store: a deliverer killed with SIGKILL at random
/// moments, and two deliverers at once. Each child prints a line per
/// acknowledged delivery; every acknowledged message must be in the index
/// with its file afterwards.
final class StoreProcessTests: StoreTestCase {
    struct Ack: Hashable {
        var mailboxID: MailboxID
        var uid: UID
        var messageID: String
    }

    var peerPath: String { Self.buildDirectory + "/mox-store-testpeer" }

    /// Starts the test peer with stdout to a file (never blocks on a pipe).
    func startPeer(_ args: [String], output: String) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: peerPath) else {
            throw XCTSkip("unreachable: tests are built together with executables; missing \(peerPath)")
        }
        FileManager.default.createFile(atPath: output, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: peerPath)
        p.arguments = [dir] + args
        p.standardOutput = FileHandle(forWritingAtPath: output)
        try p.run()
        return p
    }

    /// Complete lines only: a line cut by the kill was never acknowledged.
    func acks(in output: String) throws -> [Ack] {
        let text = try String(contentsOfFile: output, encoding: .utf8)
        var out: [Ack] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where text.contains(line + "\n") {
            let f = line.split(separator: " ")
            guard f.count == 5, f[0] == "ack", let m = MailboxID(f[2]), let u = UID(f[3]) else {
                XCTFail("bad line \(line)")
                continue
            }
            out.append(Ack(mailboxID: m, uid: u, messageID: String(f[4])))
        }
        return out
    }

    func assertPresent(_ acks: [Ack], file: StaticString = #filePath, line: UInt = #line) throws {
        for a in acks {
            let rec = try store.message(account: "test", mailboxID: a.mailboxID, uid: a.uid)
            XCTAssertEqual(rec?.messageIDHeader, a.messageID, "acknowledged \(a) missing", file: file, line: line)
        }
    }

    func testKilledDelivererLosesNoAcknowledgedMessage() throws {
        // The children own the environment while they run.
        store.close()
        store = nil
        var rng = SplitMix64(seed: 20261122)
        var all: [Ack] = []
        for round in 0..<8 {
            let out = dir + "/acks-\(round)"
            let p = try startPeer(["--threads", "3", "--tag", "r\(round)", "--map-size", "65536"], output: out)
            usleep(UInt32.random(in: 50_000...400_000, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .uncaughtSignal)
            all += try acks(in: out)
        }
        XCTAssertFalse(all.isEmpty, "no delivery was acknowledged in any round")
        store = try Store.open(dataDirectory: dir)
        try assertPresent(all)
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.problems, [])
        // Every index entry was acknowledged or at least committed: the
        // index never holds more than what was delivered, and counts agree.
        XCTAssertGreaterThanOrEqual(r.messages, all.count)
    }

    func testTwoProcessesDeliverConcurrently() throws {
        store.close()
        store = nil
        let per = 150
        let a = try startPeer(["--count", "\(per)", "--threads", "2", "--tag", "a", "--map-size", "65536"], output: dir + "/acks-a")
        let b = try startPeer(["--count", "\(per)", "--threads", "2", "--tag", "b", "--map-size", "65536"], output: dir + "/acks-b")
        a.waitUntilExit()
        b.waitUntilExit()
        XCTAssertEqual(a.terminationStatus, 0)
        XCTAssertEqual(b.terminationStatus, 0)
        let acks = try acks(in: dir + "/acks-a") + acks(in: dir + "/acks-b")
        XCTAssertEqual(acks.count, 2 * per)
        XCTAssertEqual(Set(acks.map(\.uid)).count, 2 * per, "UIDs must be unique across processes")
        store = try Store.open(dataDirectory: dir)
        try assertPresent(acks)
        XCTAssertEqual(try inbox("test").messageCount, 2 * per)
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.problems, [])
        XCTAssertEqual(r.orphanFiles, [])
    }
}

/// Deterministic generator so a failing random sequence can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
