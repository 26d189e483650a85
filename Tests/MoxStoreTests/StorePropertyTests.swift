import Foundation
@testable import MoxStore
import XCTest

/// Random operation sequences against a plain in-memory model. The model
/// predicts UIDs, flags, keywords and each message's modseq (one account
/// counter, bumped once per operation that changes something); after every
/// operation the store must match it, `changes(since:)` must report exactly
/// what the operation touched, and the verifier must find counts consistent.
final class StorePropertyTests: StoreTestCase {
    struct ModelMessage: Equatable {
        var flags: MessageFlags
        var keywords: [String]
        var modSeq: ModSeq
        var size: Int
    }

    struct ModelMailbox {
        var uidNext: UID = 1
        var messages: [UID: ModelMessage] = [:]
    }

    struct Model {
        var modSeq: ModSeq = 0
        var mailboxes: [String: ModelMailbox] = [:]
        /// What the last operation touched, by mailbox name.
        var changed: [String: Set<UID>] = [:]
        var vanished: [String: Set<UID>] = [:]
    }

    let flagPool: [MessageFlags] = [.seen, .answered, .flagged, .deleted, .draft]
    let keywordPool = ["$junk", "work", "$forwarded"]
    let account = "prop"

    func randomFlags(_ rng: inout SplitMix64) -> MessageFlags {
        var f: MessageFlags = []
        for x in flagPool where Bool.random(using: &rng) { f.insert(x) }
        return f
    }

    func randomKeywords(_ rng: inout SplitMix64) -> [String] {
        keywordPool.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
    }

    func id(_ account: String, _ name: String) throws -> MailboxID {
        try XCTUnwrap(try store.mailbox(account: account, named: name)).id
    }

    func testRandomOperationsMatchModel() throws {
        for seed: UInt64 in [1, 2, 3] {
            try runSequence(seed: seed, steps: 120)
        }
    }

    func runSequence(seed: UInt64, steps: Int) throws {
        let account = "\(self.account)\(seed)"
        var rng = SplitMix64(seed: seed)
        let acct = try store.createAccount(account)
        var model = Model(modSeq: acct.modSeq)
        for (n, _) in Store.defaultMailboxes { model.mailboxes[n] = ModelMailbox() }
        var boxCounter = 0

        for step in 0..<steps {
            model.changed = [:]
            model.vanished = [:]
            let before = model.modSeq
            let names = model.mailboxes.keys.sorted()
            let name = names.randomElement(using: &rng)!
            let uids = model.mailboxes[name]!.messages.keys.sorted()
            func subset() -> [UID] { uids.filter { _ in Bool.random(using: &rng) } + [9999] }
            let op = Int.random(in: 0..<10, using: &rng)
            var what = ""
            switch op {
            case 0, 1:
                // Deliver or append.
                let flags = op == 0 ? [] : randomFlags(&rng)
                let keywords = op == 0 ? [] : randomKeywords(&rng)
                let data = message("s\(step)", body: String(repeating: "z", count: Int.random(in: 0..<300, using: &rng)))
                let d = op == 0
                    ? try store.deliver(data, to: [Recipient(account: account, mailbox: name)])[0]
                    : try store.append(data, account: account, mailbox: name, options: .init(flags: flags, keywords: keywords))
                model.modSeq += 1
                var mb = model.mailboxes[name]!
                XCTAssertEqual(d.uid, mb.uidNext)
                mb.messages[mb.uidNext] = ModelMessage(flags: flags, keywords: keywords.sorted(), modSeq: model.modSeq, size: data.count)
                model.changed[name] = [mb.uidNext]
                mb.uidNext += 1
                model.mailboxes[name] = mb
                what = "deliver \(name)"
            case 2, 3:
                let operation: FlagOperation = [.set, .add, .remove].randomElement(using: &rng)!
                let flags = randomFlags(&rng)
                let keywords = randomKeywords(&rng)
                let unchangedSince: ModSeq? = Bool.random(using: &rng) ? nil : model.modSeq - min(model.modSeq, ModSeq.random(in: 0...3, using: &rng))
                let target = subset()
                let r = try store.updateFlags(account: account, mailboxID: try id(account, name), uids: target, operation: operation,
                                              flags: flags, keywords: keywords, unchangedSince: unchangedSince)
                var mb = model.mailboxes[name]!
                var changed = Set<UID>()
                var modified: [UID] = []
                let next = model.modSeq + 1
                for u in target.sorted() {
                    guard var m = mb.messages[u] else { continue }
                    if let s = unchangedSince, m.modSeq > s { modified.append(u); continue }
                    var f = m.flags
                    var k = Set(m.keywords)
                    switch operation {
                    case .set: f = flags; k = Set(keywords)
                    case .add: f.formUnion(flags); k.formUnion(keywords)
                    case .remove: f.subtract(flags); k.subtract(keywords)
                    }
                    if f == m.flags && k.sorted() == m.keywords { continue }
                    m.flags = f
                    m.keywords = k.sorted()
                    m.modSeq = next
                    mb.messages[u] = m
                    changed.insert(u)
                }
                if !changed.isEmpty { model.modSeq = next }
                model.mailboxes[name] = mb
                model.changed[name] = changed
                XCTAssertEqual(r.modified, modified)
                XCTAssertEqual(Set(r.changed.map(\.uid)), changed)
                what = "flags \(operation) \(name)"
            case 4:
                let onlyUIDs = Bool.random(using: &rng) ? subset() : nil
                let got = try store.expunge(account: account, mailboxID: try id(account, name), uids: onlyUIDs)
                var mb = model.mailboxes[name]!
                let gone = mb.messages.filter { $0.value.flags.contains(.deleted) && (onlyUIDs?.contains($0.key) ?? true) }.keys
                for u in gone { mb.messages[u] = nil }
                if !gone.isEmpty { model.modSeq += 1 }
                model.mailboxes[name] = mb
                model.vanished[name] = Set(gone)
                XCTAssertEqual(Set(got), Set(gone))
                what = "expunge \(name)"
            case 5, 6:
                let dest = names.randomElement(using: &rng)!
                let isMove = op == 6
                let target = subset()
                let r = isMove
                    ? try store.move(account: account, from: try id(account, name), uids: target, to: try id(account, dest))
                    : try store.copy(account: account, from: try id(account, name), uids: target, to: try id(account, dest))
                if isMove && dest == name {
                    XCTAssertEqual(r.mappings, [])
                    break
                }
                var src = model.mailboxes[name]!
                var dst = dest == name ? src : model.mailboxes[dest]!
                let existing = target.filter { src.messages[$0] != nil }.sorted()
                if !existing.isEmpty { model.modSeq += 1 }
                var mappings: [UIDMapping] = []
                var added = Set<UID>()
                for u in existing {
                    var m = src.messages[u]!
                    m.modSeq = model.modSeq
                    dst.messages[dst.uidNext] = m
                    mappings.append(UIDMapping(source: u, destination: dst.uidNext))
                    added.insert(dst.uidNext)
                    dst.uidNext += 1
                }
                if dest == name { src = dst }
                if isMove {
                    for u in existing { src.messages[u] = nil }
                    model.vanished[name] = Set(existing)
                }
                model.mailboxes[name] = src
                if dest != name { model.mailboxes[dest] = dst }
                model.changed[dest] = added
                XCTAssertEqual(r.mappings, mappings)
                what = "\(isMove ? "move" : "copy") \(name) → \(dest)"
            case 7:
                boxCounter += 1
                let new = Bool.random(using: &rng) ? "Box\(boxCounter)" : "Box\(boxCounter)/sub"
                try store.createMailbox(account: account, name: new)
                model.modSeq += 1
                if new.contains("/") { model.mailboxes["Box\(boxCounter)"] = ModelMailbox() }
                model.mailboxes[new] = ModelMailbox()
                what = "create \(new)"
            case 8:
                // Delete a leaf that is not a default mailbox.
                let leaves = names.filter { n in
                    !Store.defaultMailboxes.contains { $0.0 == n } && !names.contains { $0.hasPrefix(n + "/") }
                }
                guard let victim = leaves.randomElement(using: &rng) else { continue }
                try store.deleteMailbox(account: account, name: victim)
                model.modSeq += 1
                model.mailboxes[victim] = nil
                what = "delete \(victim)"
            default:
                // Rename a top-level non-default mailbox with its children.
                let defaults = Set(Store.defaultMailboxes.map(\.0))
                let tops = names.filter { !$0.contains("/") && !defaults.contains($0) }
                guard let old = tops.randomElement(using: &rng) else { continue }
                boxCounter += 1
                let new = "Ren\(boxCounter)"
                try store.renameMailbox(account: account, from: old, to: new)
                model.modSeq += 1
                for n in names where n == old || n.hasPrefix(old + "/") {
                    model.mailboxes[new + n.dropFirst(old.count)] = model.mailboxes.removeValue(forKey: n)
                }
                what = "rename \(old) → \(new)"
            }
            try compare(model, account: account, since: before, context: "seed \(seed) step \(step): \(what)")
        }
        let r = try StoreVerifier.verify(store: store)
        XCTAssertEqual(r.problems, [], "seed \(seed)")
        XCTAssertEqual(r.orphanFiles, [], "seed \(seed)")
    }

    func compare(_ model: Model, account: String, since before: ModSeq, context: String) throws {
        let acct = try XCTUnwrap(try store.account(named: account))
        XCTAssertEqual(acct.modSeq, model.modSeq, context)
        let boxes = try store.mailboxes(account: account)
        XCTAssertEqual(Set(boxes.map(\.name)), Set(model.mailboxes.keys), context)
        for mb in boxes {
            guard let m = model.mailboxes[mb.name] else { continue }
            let msgs = try store.messages(account: account, mailboxID: mb.id)
            XCTAssertEqual(msgs.map(\.uid), m.messages.keys.sorted(), "\(context): \(mb.name) uids")
            for rec in msgs {
                guard let e = m.messages[rec.uid] else { continue }
                XCTAssertEqual(ModelMessage(flags: rec.flags, keywords: rec.keywords, modSeq: rec.modSeq, size: rec.size), e,
                               "\(context): \(mb.name) uid \(rec.uid)")
            }
            XCTAssertEqual(mb.uidNext, m.uidNext, "\(context): \(mb.name) uidnext")
            XCTAssertEqual(mb.messageCount, m.messages.count, context)
            XCTAssertEqual(mb.unseenCount, m.messages.values.filter { !$0.flags.contains(.seen) }.count, context)
            XCTAssertEqual(mb.deletedCount, m.messages.values.filter { $0.flags.contains(.deleted) }.count, context)
            XCTAssertEqual(mb.size, Int64(m.messages.values.map(\.size).reduce(0, +)), context)
            XCTAssertGreaterThanOrEqual(mb.highestModSeq, m.messages.values.map(\.modSeq).max() ?? 0, context)
            XCTAssertLessThanOrEqual(mb.highestModSeq, acct.modSeq, context)
            // CONDSTORE/QRESYNC view of the operation just done.
            let ch = try store.changes(account: account, mailboxID: mb.id, since: before)
            XCTAssertEqual(Set(ch.changed.map(\.uid)), model.changed[mb.name] ?? [], "\(context): \(mb.name) changed")
            XCTAssertEqual(Set(ch.vanished), model.vanished[mb.name] ?? [], "\(context): \(mb.name) vanished")
        }
    }
}
