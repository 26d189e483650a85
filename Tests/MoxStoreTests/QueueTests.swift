import Foundation
@testable import MoxStore
import XCTest

final class QueueTests: StoreTestCase {
    func options(_ account: String = "mjl", _ body: (inout QueueMessageOptions) -> Void = { _ in }) -> QueueMessageOptions {
        var o = QueueMessageOptions(senderAccount: account, messageID: "<m1@example.org>", subject: "hi")
        body(&o)
        return o
    }

    func queueFiles() -> [String] {
        let q = dir + "/queue"
        return ((try? FileManager.default.contentsOfDirectory(atPath: q)) ?? []).flatMap { b in
            ((try? FileManager.default.contentsOfDirectory(atPath: q + "/" + b)) ?? []).map { b + "/" + $0 }
        }
    }

    func testEnqueueSharesOneFileBetweenRecipients() throws {
        let data = message("queued")
        let prefix = Array("DKIM-Signature: v=1; x\r\n".utf8)
        let ids = try store.enqueue(message: data, from: "mjl@example.org",
                                    recipients: [QueueRecipient(address: "a@Remote.Example"),
                                                 QueueRecipient(address: "b@remote.example", notify: [.success], originalRecipient: "rfc822;B@remote.example")],
                                    options: options { $0.prefix = prefix; $0.requireTLS = false; $0.dsnReturn = .headers; $0.envelopeID = "env1" })
        XCTAssertEqual(ids.count, 2)
        XCTAssertEqual(ids[1], ids[0] + 1)
        let list = try store.queueList()
        XCTAssertEqual(list.map(\.id), ids)
        let a = list[0], b = list[1]
        XCTAssertEqual(a.fileName, b.fileName)
        XCTAssertEqual(a.baseID, ids[0])
        XCTAssertEqual(b.baseID, ids[0])
        XCTAssertEqual(a.recipientDomain, "remote.example")
        XCTAssertEqual(a.senderDomain, "example.org")
        XCTAssertEqual(a.size, data.count + prefix.count)
        XCTAssertNil(a.notify)
        XCTAssertEqual(a.effectiveNotify, [.failure, .delay])
        XCTAssertEqual(b.notify, [.success])
        XCTAssertEqual(b.originalRecipient, "rfc822;B@remote.example")
        XCTAssertEqual(a.requireTLS, false)
        XCTAssertEqual(a.dsnReturn, .headers)
        XCTAssertEqual(a.envelopeID, "env1")
        XCTAssertEqual(a.messageID, "<m1@example.org>")
        XCTAssertEqual(a.attempts, 0)
        XCTAssertEqual(a.effectiveMaxAttempts, 8)
        XCTAssertFalse(a.hold)
        XCTAssertEqual(queueFiles(), [a.fileName])
        XCTAssertEqual(try store.queueMessageData(a), prefix + data)
        // The temporary file is gone; only the queue file remains.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp"), [])
        try assertVerifies()
        XCTAssertEqual(try StoreVerifier.verify(store: store).queueMessages, 2)
    }

    func testRecordRoundTripKeepsEveryOption() throws {
        let m = QueueMessage(id: 7, baseID: 6, groupSize: 3, queued: 1000, hold: true, senderAccount: "mjl", sender: "",
                             recipient: "x@[127.0.0.1]", notify: .never, originalRecipient: nil, dsnReturn: .full,
                             envelopeID: nil, requireTLS: true, has8bit: true, smtputf8: true, size: 99, messageID: "<a@b>",
                             subject: "s", prefix: [1, 2, 3], fileName: "ab/cd", attempts: 2, maxAttempts: 3,
                             nextAttempt: 5000, lastAttempt: 4000,
                             results: [QueueAttemptResult(start: 1, durationMilliseconds: 2, success: false, code: 451,
                                                          enhancedCode: "4.7.0", error: "451 try later")],
                             dialedIPs: ["mx.example": ["127.0.0.2", "::1"]], transport: "smarthost",
                             futureReleaseRequest: "for;60", fromID: "f1", extra: ["k": "v", "a": "b"])
        let back = try QueueMessage.decode(m.encoded())
        XCTAssertEqual(back, m)
        XCTAssertEqual(back.notify, DSNNotify.never)
        XCTAssertEqual(back.recipientDomain, "[127.0.0.1]")
        XCTAssertEqual(back.lastError, "451 try later")
        let retired = QueueRetiredMessage(message: m, success: true, lastActivity: 9, keepUntil: 10)
        XCTAssertEqual(try QueueRetiredMessage.decode(retired.encoded()), retired)
        // Truncated records are refused, not misread.
        XCTAssertThrowsError(try QueueMessage.decode(Array(m.encoded().dropLast())))
    }

    func testInvalidInputLeavesNothing() throws {
        XCTAssertThrowsError(try store.enqueue(message: message("x"), from: "mjl@example.org", recipients: [], options: options()))
        XCTAssertThrowsError(try store.enqueue(message: message("x"), from: "mjl@example.org",
                                               recipients: [QueueRecipient(address: "nodomain")], options: options()))
        XCTAssertThrowsError(try store.enqueue(message: message("x"), from: "mjl@example.org",
                                               recipients: [QueueRecipient(address: "a@b.example")], options: options("../x")))
        _ = try store.enqueue(message: message("x"), from: "mjl@example.org", recipients: [QueueRecipient(address: "a@b.example")],
                              options: options { $0.fromID = "unique1" })
        XCTAssertThrowsError(try store.enqueue(message: message("x"), from: "mjl@example.org",
                                               recipients: [QueueRecipient(address: "c@b.example")], options: options { $0.fromID = "unique1" }))
        XCTAssertEqual(try store.queueList().count, 1)
        XCTAssertEqual(queueFiles().count, 1)
        try assertVerifies()
        XCTAssertEqual(try StoreVerifier.verify(store: store).orphanFiles, [])
    }

    func testDueOrderFutureReleaseAndDomainExclusion() throws {
        let now = Store.now()
        let later = try store.enqueue(message: message("later"), from: "mjl@example.org", recipients: [QueueRecipient(address: "a@later.example")],
                                      options: options { $0.nextAttempt = now + 3_600_000; $0.futureReleaseRequest = "for;3600" })
        let x = try store.enqueue(message: message("x"), from: "mjl@example.org", recipients: [QueueRecipient(address: "a@x.example")], options: options())
        let y = try store.enqueue(message: message("y"), from: "mjl@example.org", recipients: [QueueRecipient(address: "a@y.example")], options: options())
        let due = try store.queueDue(now: Store.now(), limit: 10)
        XCTAssertEqual(due.map(\.id), x + y)
        XCTAssertEqual(try store.queueDue(now: Store.now(), limit: 1).map(\.id), x)
        XCTAssertEqual(try store.queueDue(now: Store.now(), limit: 10, excludingDomains: ["x.example"]).map(\.id), y)
        let next = try XCTUnwrap(try store.queueNextDue(excludingDomains: ["x.example", "y.example"]))
        XCTAssertEqual(next, try store.queueMessage(id: later[0])?.nextAttempt)
        XCTAssertGreaterThanOrEqual(next, now + 3_600_000)
        XCTAssertNil(try store.queueNextDue(excludingDomains: ["x.example", "y.example", "later.example"]))
        // A kick makes the future message due now.
        XCTAssertEqual(try store.queueKick(QueueFilter(recipientDomain: "later.example")), 1)
        XCTAssertEqual(Set(try store.queueDue(now: Store.now(), limit: 10).map(\.id)), Set(later + x + y))
        try assertVerifies()
    }

    func testHoldRulesHoldNewAndExistingMessages() throws {
        let before = try store.enqueue(message: message("a"), from: "mjl@example.org", recipients: [QueueRecipient(address: "a@held.example"),
                                                                                                   QueueRecipient(address: "a@free.example")], options: options())
        let (rule, held) = try store.queueHoldRuleAdd(QueueHoldRule(recipientDomain: "HELD.example"))
        XCTAssertEqual(held, 1)
        XCTAssertEqual(rule.recipientDomain, "held.example")
        XCTAssertGreaterThan(rule.id, 0)
        let after = try store.enqueue(message: message("b"), from: "mjl@example.org", recipients: [QueueRecipient(address: "b@held.example"),
                                                                                                  QueueRecipient(address: "b@free.example")], options: options())
        XCTAssertEqual(try store.queueList(QueueFilter(hold: true)).map(\.id), [before[0], after[0]])
        XCTAssertEqual(Set(try store.queueDue(now: Store.now(), limit: 10).map(\.id)), [before[1], after[1]])
        // A rule for another account does not match; an all-empty rule holds everything.
        _ = try store.queueHoldRuleAdd(QueueHoldRule(account: "other"))
        XCTAssertEqual(try store.queueList(QueueFilter(hold: true)).count, 2)
        let (all, allHeld) = try store.queueHoldRuleAdd(QueueHoldRule())
        XCTAssertTrue(all.matchesAll)
        XCTAssertEqual(allHeld, 2)
        XCTAssertEqual(try store.queueDue(now: Store.now(), limit: 10), [])
        XCTAssertNil(try store.queueNextDue())
        XCTAssertEqual(try store.queueHoldRules().count, 3)
        try store.queueHoldRuleRemove(id: all.id)
        XCTAssertThrowsError(try store.queueHoldRuleRemove(id: all.id)) { XCTAssertEqual($0 as? StoreError, .notFound("hold rule \(all.id)")) }
        // Removing a rule does not release; release does.
        XCTAssertEqual(try store.queueList(QueueFilter(hold: true)).count, 4)
        XCTAssertEqual(try store.queueSetHold(QueueFilter(recipientDomain: "free.example"), hold: false), 2)
        XCTAssertEqual(Set(try store.queueDue(now: Store.now(), limit: 10).map(\.id)), [before[1], after[1]])
        try assertVerifies()
    }

    func testAttemptsRetireAndHistory() throws {
        let ids = try store.enqueue(message: message("a"), from: "mjl@example.org",
                                    recipients: [QueueRecipient(address: "a@r.example"), QueueRecipient(address: "b@r.example")], options: options())
        let now = Store.now()
        let started = try store.queueBeginAttempt(ids, now: now, nextAttempt: now + 450_000)
        XCTAssertEqual(started.map(\.attempts), [1, 1])
        XCTAssertEqual(started[0].results.last?.error, QueueAttemptResult.inProgress)
        XCTAssertEqual(started[0].lastError, "")
        // Scheduled for later: not due now, so a crash here does not retry at once.
        XCTAssertEqual(try store.queueDue(now: now, limit: 10), [])
        try store.queueRecordAttempt(ids[1], result: QueueAttemptResult(start: 0, code: 451, enhancedCode: "4.2.0", error: "451 busy"),
                                     dialedIPs: ["mx.r.example": ["127.0.0.5"]])
        let b = try XCTUnwrap(try store.queueMessage(id: ids[1]))
        XCTAssertEqual(b.results.count, 1)
        XCTAssertEqual(b.results[0].start, now)
        XCTAssertEqual(b.lastError, "451 busy")
        XCTAssertEqual(b.dialedIPs, ["mx.r.example": ["127.0.0.5"]])

        let retention = QueueRetention(defaultPeriod: 0, perAccount: ["mjl": 60_000])
        let file = b.fileName
        let done = try store.queueRetire([ids[0]], success: true, result: QueueAttemptResult(start: 0, success: true, code: 250, error: ""), retention: retention)
        XCTAssertEqual(done.map(\.id), [ids[0]])
        // The other recipient still needs the file.
        XCTAssertEqual(queueFiles(), [file])
        try store.queueRetire([ids[1]], success: false, result: QueueAttemptResult(start: 0, code: 550, error: "550 no such user"), retention: retention)
        XCTAssertEqual(queueFiles(), [])
        XCTAssertEqual(try store.queueList(), [])
        let history = try store.queueRetiredList(QueueRetiredFilter(account: "mjl"))
        XCTAssertEqual(Set(history.map(\.id)), Set(ids))
        XCTAssertEqual(history.first { $0.id == ids[0] }?.success, true)
        XCTAssertEqual(history.first { $0.id == ids[1] }?.message.lastError, "550 no such user")
        XCTAssertEqual(try store.queueRetiredList(QueueRetiredFilter(success: false)).map(\.id), [ids[1]])
        XCTAssertEqual(try store.queueRetiredList(QueueRetiredFilter(account: "other")), [])
        XCTAssertEqual(try store.queueRetiredCleanup(now: Store.now()), 0)
        XCTAssertEqual(try store.queueRetiredCleanup(now: Store.now() + 61_000), 2)
        XCTAssertEqual(try store.queueRetiredList(), [])
        try assertVerifies()
    }

    func testListFiltersDropAndNoHistoryWithoutRetention() throws {
        _ = try store.enqueue(message: message("a"), from: "mjl@example.org", recipients: [QueueRecipient(address: "Alice@one.example")], options: options())
        _ = try store.enqueue(message: message("b"), from: "other@example.com", recipients: [QueueRecipient(address: "bob@two.example")],
                              options: options("other") { $0.transport = "smarthost" })
        XCTAssertEqual(try store.queueList(QueueFilter(account: "other")).map(\.recipient), ["bob@two.example"])
        XCTAssertEqual(try store.queueList(QueueFilter(to: "alice")).map(\.recipient), ["Alice@one.example"])
        XCTAssertEqual(try store.queueList(QueueFilter(from: "example.com")).count, 1)
        XCTAssertEqual(try store.queueList(QueueFilter(senderDomain: "EXAMPLE.org")).count, 1)
        XCTAssertEqual(try store.queueList(QueueFilter(transport: "smarthost")).count, 1)
        XCTAssertEqual(try store.queueList(QueueFilter(queuedBefore: Store.now() - 60_000)).count, 0)
        XCTAssertEqual(try store.queueList(QueueFilter(max: 1)).count, 1)
        let dropped = try store.queueDrop(QueueFilter(recipientDomain: "one.example"))
        XCTAssertEqual(dropped.map(\.recipient), ["Alice@one.example"])
        XCTAssertEqual(dropped[0].lastError, "delivery canceled by admin")
        XCTAssertEqual(try store.queueList().count, 1)
        XCTAssertEqual(try store.queueRetiredList(), [])
        XCTAssertEqual(queueFiles().count, 1)
        try assertVerifies()
    }

    func testSuppressionListMatchesBaseAddress() throws {
        XCTAssertEqual(QueueSuppression.baseAddress("First.Last+tag@Example.ORG"), "firstlast@example.org")
        XCTAssertEqual(QueueSuppression.baseAddress("a-b@x.example"), "a@x.example")
        let (s, added) = try store.suppressionAdd(account: "mjl", address: "John.Doe+news@Remote.example", manual: false, reason: "550 5.1.1")
        XCTAssertTrue(added)
        XCTAssertEqual(s.baseAddress, "johndoe@remote.example")
        XCTAssertEqual(s.originalAddress, "John.Doe+news@Remote.example")
        XCTAssertEqual(try store.suppression(account: "mjl", address: "johndoe@remote.example")?.reason, "550 5.1.1")
        XCTAssertNil(try store.suppression(account: "other", address: "johndoe@remote.example"))
        XCTAssertNil(try store.suppression(account: "mjl", address: "jane@remote.example"))
        XCTAssertFalse(try store.suppressionAdd(account: "mjl", address: "johndoe@remote.example", manual: true, reason: "again").added)
        _ = try store.suppressionAdd(account: "other", address: "x@y.example", manual: true, reason: "")
        XCTAssertEqual(try store.suppressions(account: "mjl").count, 1)
        XCTAssertEqual(try store.suppressions().count, 2)
        XCTAssertTrue(try store.suppressionRemove(account: "mjl", address: "JOHN.DOE@remote.example"))
        XCTAssertFalse(try store.suppressionRemove(account: "mjl", address: "johndoe@remote.example"))
        XCTAssertEqual(try store.suppressions(account: "mjl"), [])
    }

    func testUpdateKeepsDueIndexInStep() throws {
        let ids = try store.enqueue(message: message("a"), from: "", recipients: [QueueRecipient(address: "a@r.example")], options: options())
        let later = Store.now() + 1_000_000
        let changed = try store.queueUpdate(QueueFilter(ids: ids)) { $0.nextAttempt = later; $0.transport = "t1"; $0.id = 999 }
        XCTAssertEqual(changed.map(\.id), ids)
        XCTAssertEqual(try store.queueMessage(id: ids[0])?.transport, "t1")
        XCTAssertEqual(try store.queueDue(now: Store.now(), limit: 10), [])
        XCTAssertEqual(try store.queueNextDue(), later)
        try assertVerifies()
    }
}
