import Foundation
import MoxEncoding
@testable import MoxStore
import XCTest

final class StoreOperationTests: StoreTestCase {
    func testNewAccountGetsSpecialUseMailboxes() throws {
        let acct = try store.createAccount("mjl")
        let boxes = try store.mailboxes(account: "mjl")
        XCTAssertEqual(Set(boxes.map(\.name)), ["Inbox", "Sent", "Drafts", "Trash", "Archive", "Junk"])
        XCTAssertEqual(boxes.first { $0.name == "Sent" }?.specialUse, .sent)
        XCTAssertEqual(boxes.first { $0.name == "Junk" }?.specialUse, .junk)
        XCTAssertTrue(boxes.allSatisfy(\.subscribed))
        // Distinct UIDVALIDITY per mailbox so a recreated name is a new mailbox to clients.
        XCTAssertEqual(Set(boxes.map(\.uidValidity)).count, boxes.count)
        XCTAssertThrowsError(try store.createAccount("mjl")) { XCTAssertEqual($0 as? StoreError, .accountExists("mjl")) }
        XCTAssertThrowsError(try store.createAccount("../x"))
        XCTAssertEqual(try store.account(named: "mjl"), acct)
    }

    func testDeliverStoresFileAndIndex() throws {
        try store.createAccount("mjl")
        let before = try inbox()
        let data = message("one", extra: "Content-Type: text/plain; charset=utf-8\r\n")
        let d = try store.deliver(data, to: [Recipient(account: "mjl")])[0]
        XCTAssertEqual(d.uid, before.uidNext)
        let after = try inbox()
        XCTAssertEqual(after.messageCount, 1)
        XCTAssertEqual(after.unseenCount, 1)
        XCTAssertEqual(after.size, Int64(data.count))
        XCTAssertEqual(after.uidNext, before.uidNext + 1)
        XCTAssertEqual(after.highestModSeq, d.modSeq)
        XCTAssertGreaterThan(d.modSeq, before.highestModSeq)
        let rec = try XCTUnwrap(try store.message(account: "mjl", mailboxID: d.mailboxID, uid: d.uid))
        XCTAssertEqual(rec.modSeq, rec.createSeq)
        XCTAssertEqual(rec.part.envelope?.subject, "one")
        XCTAssertEqual(rec.part.parameter("charset"), "utf-8")
        XCTAssertEqual(try store.messageData(account: "mjl", record: rec), data)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/accounts/mjl/msg/" + rec.fileName))
        try assertVerifies()
    }

    func testSeveralAccountsShareTheFileByHardLink() throws {
        try store.createAccount("a")
        try store.createAccount("b")
        let ds = try store.deliver(message("shared"), to: [Recipient(account: "a"), Recipient(account: "b"),
                                                           Recipient(account: "b", mailbox: "Archive")])
        XCTAssertEqual(ds.count, 3)
        var inodes = Set<UInt64>()
        for d in ds {
            var st = stat()
            XCTAssertEqual(stat(store.messagePath(account: d.account, fileName: d.fileName), &st), 0)
            inodes.insert(UInt64(st.st_ino))
            XCTAssertEqual(Int(st.st_nlink), 3)
        }
        XCTAssertEqual(inodes.count, 1)
        // One modseq per account for the whole delivery.
        XCTAssertEqual(ds[1].modSeq, ds[2].modSeq)
        // Nothing left in tmp.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp"), [])
        try assertVerifies()
    }

    func testDeliverCreatesMissingMailboxAppendDoesNot() throws {
        try store.createAccount("mjl")
        let d = try store.deliver(message("x"), to: [Recipient(account: "mjl", mailbox: "Lists/swift")])[0]
        XCTAssertEqual(d.mailboxName, "Lists/swift")
        XCTAssertNotNil(try store.mailbox(account: "mjl", named: "Lists"))
        XCTAssertThrowsError(try store.append(message("y"), account: "mjl", mailbox: "Nope")) {
            XCTAssertEqual($0 as? StoreError, .mailboxNotFound("Nope"))
        }
        XCTAssertThrowsError(try store.deliver(message("z"), to: [Recipient(account: "nobody")])) {
            XCTAssertEqual($0 as? StoreError, .accountNotFound("nobody"))
        }
        // The failed attempts left no files behind.
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.orphanFiles, [])
        XCTAssertEqual(r.problems, [])
    }

    func testAppendWithFlagsAndDate() throws {
        try store.createAccount("mjl")
        let d = try store.append(message("draft"), account: "mjl", mailbox: "drafts".capitalized,
                                 options: .init(flags: [.seen, .draft], keywords: ["$Forwarded", "$forwarded", "Work"], internalDate: 1_000_000))
        let rec = try XCTUnwrap(try store.message(account: "mjl", mailboxID: d.mailboxID, uid: d.uid))
        XCTAssertEqual(rec.flags, [.seen, .draft])
        XCTAssertEqual(rec.keywords, ["$forwarded", "work"])
        XCTAssertEqual(rec.internalDate, 1_000_000)
        let mb = try XCTUnwrap(try store.mailbox(account: "mjl", id: d.mailboxID))
        XCTAssertEqual(mb.unseenCount, 0)
        XCTAssertEqual(d.uidValidity, mb.uidValidity)
        // "INBOX" in any case is Inbox.
        let i = try store.append(message("i"), account: "mjl", mailbox: "INBOX")
        XCTAssertEqual(i.mailboxName, "Inbox")
    }

    func testThreadIDFollowsReferences() throws {
        try store.createAccount("mjl")
        let a = try store.deliver(message("root", id: "<root@x>"), to: [Recipient(account: "mjl")])[0]
        let b = try store.deliver(message("re", id: "<re@x>", extra: "In-Reply-To: <root@x>\r\n"), to: [Recipient(account: "mjl")])[0]
        let c = try store.deliver(message("other", id: "<o@x>"), to: [Recipient(account: "mjl")])[0]
        let ra = try store.message(account: "mjl", mailboxID: a.mailboxID, uid: a.uid)!
        let rb = try store.message(account: "mjl", mailboxID: b.mailboxID, uid: b.uid)!
        let rc = try store.message(account: "mjl", mailboxID: c.mailboxID, uid: c.uid)!
        XCTAssertEqual(ra.threadID, rb.threadID)
        XCTAssertNotEqual(ra.threadID, rc.threadID)
        XCTAssertEqual(rb.messageIDHeader, "<re@x>")
    }

    func testFlagsSetAddRemoveAndUnchangedSince() throws {
        try store.createAccount("mjl")
        let ds = try (0..<3).map { try store.deliver(message("m\($0)"), to: [Recipient(account: "mjl")])[0] }
        let mbid = ds[0].mailboxID
        let uids = ds.map(\.uid)
        let r1 = try store.updateFlags(account: "mjl", mailboxID: mbid, uids: uids, operation: .add, flags: [.seen, .deleted], keywords: ["Junk"])
        XCTAssertEqual(r1.changed.count, 3)
        var mb = try inbox()
        XCTAssertEqual(mb.unseenCount, 0)
        XCTAssertEqual(mb.deletedCount, 3)
        XCTAssertEqual(mb.highestModSeq, r1.modSeq)
        // No change: no new modseq.
        let r2 = try store.updateFlags(account: "mjl", mailboxID: mbid, uids: uids, operation: .add, flags: [.seen])
        XCTAssertNil(r2.modSeq)
        XCTAssertEqual(r2.changed, [])
        let r3 = try store.updateFlags(account: "mjl", mailboxID: mbid, uids: [uids[0]], operation: .remove, flags: [.seen, .deleted], keywords: ["junk"])
        XCTAssertEqual(r3.changed.first?.flags, [])
        XCTAssertEqual(r3.changed.first?.keywords, [])
        mb = try inbox()
        XCTAssertEqual(mb.unseenCount, 1)
        XCTAssertEqual(mb.deletedCount, 2)
        // UNCHANGEDSINCE (RFC 7162 §3.1.3): uid 0 changed after r1's modseq.
        let r4 = try store.updateFlags(account: "mjl", mailboxID: mbid, uids: uids, operation: .set, flags: [.flagged],
                                       unchangedSince: r1.modSeq)
        XCTAssertEqual(r4.modified, [uids[0]])
        XCTAssertEqual(Set(r4.changed.map(\.uid)), Set(uids[1...]))
        XCTAssertTrue(r4.changed.allSatisfy { $0.flags == [.flagged] && $0.keywords.isEmpty && $0.modSeq == r4.modSeq })
        // Missing UIDs are skipped.
        XCTAssertEqual(try store.updateFlags(account: "mjl", mailboxID: mbid, uids: [999], operation: .add, flags: [.seen]).changed, [])
        try assertVerifies()
    }

    func testExpungeLeavesTombstonesAndChangesSince() throws {
        try store.createAccount("mjl")
        let ds = try (0..<4).map { try store.deliver(message("m\($0)"), to: [Recipient(account: "mjl")])[0] }
        let mbid = ds[0].mailboxID
        let base = try inbox().highestModSeq
        _ = try store.updateFlags(account: "mjl", mailboxID: mbid, uids: [ds[0].uid, ds[1].uid, ds[2].uid], operation: .add, flags: [.deleted])
        // UID EXPUNGE limits to the given UIDs.
        XCTAssertEqual(try store.expunge(account: "mjl", mailboxID: mbid, uids: [ds[0].uid, ds[3].uid]), [ds[0].uid])
        XCTAssertEqual(try store.expunge(account: "mjl", mailboxID: mbid), [ds[1].uid, ds[2].uid])
        XCTAssertEqual(try store.expunge(account: "mjl", mailboxID: mbid), [])
        let mb = try inbox()
        XCTAssertEqual(mb.messageCount, 1)
        XCTAssertEqual(mb.deletedCount, 0)
        let ch = try store.changes(account: "mjl", mailboxID: mbid, since: base)
        XCTAssertEqual(ch.vanished, [ds[0].uid, ds[1].uid, ds[2].uid])
        XCTAssertEqual(ch.changed.map(\.uid), [])
        XCTAssertEqual(ch.highestModSeq, mb.highestModSeq)
        XCTAssertEqual(try store.changes(account: "mjl", mailboxID: mbid, since: 0).changed.map(\.uid), [ds[3].uid])
        // Files of expunged messages are gone; the remaining one is there.
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.problems, [])
        XCTAssertEqual(r.orphanFiles, [])
        XCTAssertEqual(r.messages, 1)
    }

    func testCopyAndMove() throws {
        try store.createAccount("mjl")
        let ds = try (0..<3).map { try store.deliver(message("m\($0)"), to: [Recipient(account: "mjl")])[0] }
        let inboxID = ds[0].mailboxID
        let archive = try XCTUnwrap(try store.mailbox(account: "mjl", named: "Archive"))
        _ = try store.updateFlags(account: "mjl", mailboxID: inboxID, uids: [ds[0].uid], operation: .add, flags: [.seen], keywords: ["x"])
        let c = try store.copy(account: "mjl", from: inboxID, uids: [ds[0].uid, ds[1].uid, 77], to: archive.id)
        XCTAssertEqual(c.uidValidity, archive.uidValidity)
        XCTAssertEqual(c.mappings, [UIDMapping(source: ds[0].uid, destination: 1), UIDMapping(source: ds[1].uid, destination: 2)])
        let copied = try store.messages(account: "mjl", mailboxID: archive.id)
        XCTAssertEqual(copied.first?.flags, [.seen])
        XCTAssertEqual(copied.first?.keywords, ["x"])
        XCTAssertEqual(copied.first?.modSeq, c.modSeq)
        XCTAssertEqual(try inbox().messageCount, 3)
        var a = try XCTUnwrap(try store.mailbox(account: "mjl", id: archive.id))
        XCTAssertEqual(a.messageCount, 2)
        XCTAssertEqual(a.unseenCount, 1)

        let m = try store.move(account: "mjl", from: inboxID, uids: [ds[2].uid], to: archive.id)
        XCTAssertEqual(m.mappings, [UIDMapping(source: ds[2].uid, destination: 3)])
        let i = try inbox()
        XCTAssertEqual(i.messageCount, 2)
        a = try XCTUnwrap(try store.mailbox(account: "mjl", id: archive.id))
        XCTAssertEqual(a.messageCount, 3)
        XCTAssertEqual(a.highestModSeq, m.modSeq)
        XCTAssertEqual(i.highestModSeq, m.modSeq)
        XCTAssertEqual(try store.changes(account: "mjl", mailboxID: inboxID, since: c.modSeq!).vanished, [ds[2].uid])
        // Expunging the original keeps the copy's file.
        _ = try store.updateFlags(account: "mjl", mailboxID: inboxID, uids: [ds[0].uid], operation: .add, flags: [.deleted])
        try store.expunge(account: "mjl", mailboxID: inboxID)
        let rec = try XCTUnwrap(try store.message(account: "mjl", mailboxID: archive.id, uid: 1))
        XCTAssertEqual(try store.messageData(account: "mjl", record: rec).count, rec.size)
        try assertVerifies()
    }

    func testCreateRenameDeleteSubscribe() throws {
        try store.createAccount("mjl")
        try store.createMailbox(account: "mjl", name: "Projects/mox/swift")
        XCTAssertNotNil(try store.mailbox(account: "mjl", named: "Projects/mox"))
        XCTAssertThrowsError(try store.createMailbox(account: "mjl", name: "Projects")) {
            XCTAssertEqual($0 as? StoreError, .mailboxExists("Projects"))
        }
        XCTAssertThrowsError(try store.createMailbox(account: "mjl", name: "a//b"))
        let d = try store.deliver(message("p"), to: [Recipient(account: "mjl", mailbox: "Projects/mox")])[0]
        let before = try XCTUnwrap(try store.mailbox(account: "mjl", named: "Projects/mox"))
        try store.renameMailbox(account: "mjl", from: "Projects", to: "Old/Projects")
        XCTAssertNil(try store.mailbox(account: "mjl", named: "Projects"))
        let after = try XCTUnwrap(try store.mailbox(account: "mjl", named: "Old/Projects/mox"))
        XCTAssertEqual(after.id, before.id)
        XCTAssertEqual(after.uidValidity, before.uidValidity)
        XCTAssertNotNil(try store.mailbox(account: "mjl", named: "Old/Projects/mox/swift"))
        XCTAssertNotNil(try store.mailbox(account: "mjl", named: "Old"))
        XCTAssertNotNil(try store.message(account: "mjl", mailboxID: after.id, uid: d.uid))
        XCTAssertThrowsError(try store.renameMailbox(account: "mjl", from: "Old", to: "Old/x"))
        XCTAssertThrowsError(try store.renameMailbox(account: "mjl", from: "Sent", to: "Trash")) {
            XCTAssertEqual($0 as? StoreError, .mailboxExists("Trash"))
        }
        XCTAssertThrowsError(try store.deleteMailbox(account: "mjl", name: "Old/Projects")) {
            XCTAssertEqual($0 as? StoreError, .mailboxHasChildren("Old/Projects"))
        }
        XCTAssertThrowsError(try store.deleteMailbox(account: "mjl", name: "inbox")) {
            XCTAssertEqual($0 as? StoreError, .inboxNotAllowed("delete"))
        }
        try store.deleteMailbox(account: "mjl", name: "Old/Projects/mox/swift")
        try store.deleteMailbox(account: "mjl", name: "Old/Projects/mox")
        XCTAssertNil(try store.mailbox(account: "mjl", named: "Old/Projects/mox"))
        // Recreated: a new UIDVALIDITY.
        let again = try store.createMailbox(account: "mjl", name: "Old/Projects/mox")
        XCTAssertNotEqual(again.uidValidity, before.uidValidity)
        try store.setSubscribed(account: "mjl", name: "Old", false)
        XCTAssertEqual(try store.mailbox(account: "mjl", named: "Old")?.subscribed, false)
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.problems, [])
        XCTAssertEqual(r.orphanFiles, [])
    }

    func testRenameInboxMovesMessages() throws {
        try store.createAccount("mjl")
        _ = try store.deliver(message("1"), to: [Recipient(account: "mjl")])
        _ = try store.deliver(message("2"), to: [Recipient(account: "mjl")])
        try store.renameMailbox(account: "mjl", from: "INBOX", to: "Old mail")
        XCTAssertEqual(try inbox().messageCount, 0)
        let old = try XCTUnwrap(try store.mailbox(account: "mjl", named: "Old mail"))
        XCTAssertEqual(old.messageCount, 2)
        XCTAssertEqual(try store.messages(account: "mjl", mailboxID: old.id).map(\.uid), [1, 2])
        try assertVerifies()
    }

    func testChangeEventsAreObservedAndRoundTrip() throws {
        let seen = ChangeLog()
        store.observeChanges { seen.append($0) }
        try store.createAccount("mjl")
        let d = try store.deliver(message("x"), to: [Recipient(account: "mjl")])[0]
        _ = try store.updateFlags(account: "mjl", mailboxID: d.mailboxID, uids: [d.uid], operation: .add, flags: [.deleted])
        try store.expunge(account: "mjl", mailboxID: d.mailboxID)
        try store.renameMailbox(account: "mjl", from: "Junk", to: "Spam")
        try store.setSubscribed(account: "mjl", name: "Spam", false)
        try store.deleteMailbox(account: "mjl", name: "Spam")
        let all = seen.all
        XCTAssertEqual(all.filter { $0.kind == .mailboxCreated }.count, 6)
        XCTAssertTrue(all.contains { $0.kind == .messagesAdded([d.uid]) && $0.modSeq == d.modSeq })
        XCTAssertTrue(all.contains { $0.kind == .flagsChanged([d.uid]) })
        XCTAssertTrue(all.contains { $0.kind == .messagesExpunged([d.uid]) })
        XCTAssertTrue(all.contains { $0.kind == .mailboxRenamed(from: "Junk") && $0.mailboxName == "Spam" })
        XCTAssertTrue(all.contains { $0.kind == .subscriptionChanged(false) })
        XCTAssertTrue(all.contains { $0.kind == .mailboxDeleted })
        // Modseqs never go down in commit order.
        XCTAssertEqual(all.map(\.modSeq), all.map(\.modSeq).sorted())
        XCTAssertEqual(try StoreChange.decodeList(StoreChange.encode(all)), all)
        XCTAssertThrowsError(try StoreChange.decodeList(Array(StoreChange.encode(all).dropLast())))
    }

    func testConcurrentDeliveriesAreGroupCommitted() throws {
        try store.createAccount("mjl")
        let n = 8, per = 25
        let s = store!
        let failures = ChangeLog()
        DispatchQueue.concurrentPerform(iterations: n) { t in
            for i in 0..<per {
                let data = Array("Subject: t\(t)-\(i)\r\n\r\nx\r\n".utf8)
                do { _ = try s.deliver(data, to: [Recipient(account: "mjl")]) } catch {
                    failures.append([StoreChange(account: "\(error)", mailboxID: 0, mailboxName: "", modSeq: 0, kind: .mailboxCreated)])
                }
            }
        }
        XCTAssertEqual(failures.all.map(\.account), [])
        let mb = try inbox()
        XCTAssertEqual(mb.messageCount, n * per)
        XCTAssertEqual(Set(try store.messages(account: "mjl", mailboxID: mb.id).map(\.uid)).count, n * per)
        let idx = try XCTUnwrap(store.index as? LMDBIndex)
        XCTAssertGreaterThanOrEqual(idx.jobsCommitted, idx.commits)
        try assertVerifies()
    }

    func testJobsQueuedDuringACommitShareTheNextOne() throws {
        try store.createAccount("mjl")
        let idx = try XCTUnwrap(store.index as? LMDBIndex)
        let s = store!
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let before = idx.statistics
        let group = DispatchGroup()
        // The first job holds the writer until seven deliveries are queued.
        DispatchQueue.global().async(group: group) {
            try? idx.write { _ in
                started.signal()
                release.wait()
                return []
            }
        }
        started.wait()
        for i in 0..<7 {
            let data = message("queued \(i)")
            group.enter()
            Thread.detachNewThread {
                _ = try? s.deliver(data, to: [Recipient(account: "mjl")])
                group.leave()
            }
        }
        while idx.pendingCount < 7 { usleep(1000) }
        release.signal()
        group.wait()
        while try inbox().messageCount < 7 { usleep(1000) }
        let after = idx.statistics
        XCTAssertEqual(after.jobs - before.jobs, 8)
        XCTAssertEqual(after.commits - before.commits, 2, "seven queued deliveries, one commit")
        try assertVerifies()
    }

    func testMapGrowsWhenFull() throws {
        // A fresh environment: an existing one keeps the map size it has.
        store.close()
        store = nil
        try FileManager.default.removeItem(atPath: dir + "/store")
        store = try Store.open(dataDirectory: dir, options: .init(mapSize: 64 * 1024))
        let env = try XCTUnwrap((store.index as? LMDBIndex)?.environment)
        let start = env.mapSize
        try store.createAccount("mjl")
        // The envelope (with its subject) is stored in the index.
        let long = String(repeating: "y", count: 2000)
        for i in 0..<150 { _ = try store.deliver(message("g\(i) \(long)"), to: [Recipient(account: "mjl")]) }
        XCTAssertGreaterThan(env.mapSize, start)
        XCTAssertEqual(try inbox().messageCount, 150)
        try assertVerifies()
    }

    func testSchemaVersionTooNewIsRefused() throws {
        try store.index.write { tx in
            var w = ByteWriter()
            w.write(UInt32(99))
            try tx.put(.meta, IndexKey.schemaVersion, w.bytes)
            return []
        }
        store.close()
        store = nil
        XCTAssertThrowsError(try Store.open(dataDirectory: dir)) {
            XCTAssertEqual($0 as? StoreError, .schemaTooNew(found: 99, known: SchemaMigration.currentVersion))
        }
    }

    func testVerifierFindsMissingFileAndOrphan() throws {
        try store.createAccount("mjl")
        let d = try store.deliver(message("x"), to: [Recipient(account: "mjl")])[0]
        let path = store.messagePath(account: "mjl", fileName: d.fileName)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".moved")
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.problems.count, 1)
        XCTAssertTrue(r.problems[0].contains("missing file"))
        XCTAssertEqual(r.orphanFiles, [path + ".moved"])
    }

    func testAsyncDeliver() async throws {
        try store.createAccount("mjl")
        let s = store!
        let data = message("async")
        let ds = try await s.deliver(data, to: [Recipient(account: "mjl")])
        XCTAssertEqual(ds.count, 1)
    }
}

final class ChangeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [StoreChange] = []
    func append(_ c: [StoreChange]) { lock.lock(); list += c; lock.unlock() }
    var all: [StoreChange] { lock.lock(); defer { lock.unlock() }; return list }
}
