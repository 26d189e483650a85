import Foundation
import MoxEncoding

/// What `mox verifydata` found. Problems are index inconsistencies (an entry
/// without its file, wrong size, counts or modseqs that do not add up);
/// orphan files are files no entry references, which a crash may leave and
/// which are harmless.
public struct VerificationReport: Sendable {
    public var problems: [String] = []
    public var orphanFiles: [String] = []
    public var accounts = 0
    public var mailboxes = 0
    public var messages = 0
    public var queueMessages = 0
    public var ok: Bool { problems.isEmpty }
}

public enum StoreVerifier {
    /// Opens the store's index itself: for `mox verifydata`, a separate
    /// process. (LMDB must not be opened twice in one process.)
    public static func verify(dataDirectory: String) throws -> VerificationReport {
        let index = try LMDBIndex(path: dataDirectory + "/store")
        defer { index.close() }
        return try verify(index: index, dataDirectory: dataDirectory)
    }

    /// Verifies through an open store.
    public static func verify(store: Store) throws -> VerificationReport {
        try verify(index: store.index, dataDirectory: store.dataDirectory)
    }

    static func verify(index: any StoreIndex, dataDirectory: String) throws -> VerificationReport {
        let files = MessageFiles(dataDirectory: dataDirectory)
        var report = VerificationReport()
        var referenced: [String: Set<String>] = [:]
        try index.read { tx in
            let version = try SchemaMigration.version(tx)
            if version != SchemaMigration.currentVersion {
                report.problems.append("schema version \(version.map(String.init) ?? "missing"), expected \(SchemaMigration.currentVersion)")
            }
            var accounts: [Account] = []
            try tx.scan(.accounts, prefix: []) { _, v in
                accounts.append(try Account.decode(v))
                return true
            }
            for acct in accounts {
                report.accounts += 1
                try verify(acct, tx, files, &report, &referenced[acct.name, default: []])
            }
            try verifyQueue(tx, files, &report)
        }
        // Orphans: files under accounts/*/msg that no entry references.
        let accountsDir = dataDirectory + "/accounts"
        let fm = FileManager.default
        for account in (try? fm.contentsOfDirectory(atPath: accountsDir))?.sorted() ?? [] {
            let msgDir = files.accountDirectory(account)
            let refs = referenced[account] ?? []
            for bucket in (try? fm.contentsOfDirectory(atPath: msgDir))?.sorted() ?? [] {
                for name in (try? fm.contentsOfDirectory(atPath: msgDir + "/" + bucket))?.sorted() ?? [] {
                    let fileName = bucket + "/" + name
                    if !refs.contains(fileName) { report.orphanFiles.append(msgDir + "/" + fileName) }
                }
            }
        }
        return report
    }

    static func verify(_ acct: Account, _ tx: any IndexReader, _ files: MessageFiles,
                       _ report: inout VerificationReport, _ referenced: inout Set<String>) throws {
        let who = "account \(acct.name)"
        let mailboxes = try tx.allMailboxes(acct.id)
        var ids = Set<MailboxID>()
        for mb in mailboxes {
            report.mailboxes += 1
            ids.insert(mb.id)
            let where_ = "\(who) mailbox \(mb.name)"
            if mb.id >= acct.nextMailboxID { report.problems.append("\(where_): id \(mb.id) not below next id \(acct.nextMailboxID)") }
            if mb.highestModSeq > acct.modSeq {
                report.problems.append("\(where_): highest modseq \(mb.highestModSeq) above account modseq \(acct.modSeq)")
            }
            if let raw = try tx.get(.mailboxNames, IndexKey.mailboxName(acct.id, mb.name)), IndexKey.readBE32(raw, at: 0) == mb.id {
            } else {
                report.problems.append("\(where_): name index does not point to mailbox \(mb.id)")
            }
            var count = 0, unseen = 0, deleted = 0
            var size: Int64 = 0
            var uids = Set<UID>()
            for m in try tx.allMessages(acct.id, mb.id) {
                report.messages += 1
                uids.insert(m.uid)
                count += 1
                size += Int64(m.size)
                if !m.flags.contains(.seen) { unseen += 1 }
                if m.flags.contains(.deleted) { deleted += 1 }
                let what = "\(where_) uid \(m.uid)"
                if m.uid >= mb.uidNext { report.problems.append("\(what): uid not below uidnext \(mb.uidNext)") }
                if m.modSeq > mb.highestModSeq { report.problems.append("\(what): modseq \(m.modSeq) above mailbox's \(mb.highestModSeq)") }
                if m.createSeq > m.modSeq { report.problems.append("\(what): createseq \(m.createSeq) above modseq \(m.modSeq)") }
                if referenced.contains(m.fileName) { report.problems.append("\(what): file \(m.fileName) referenced twice") }
                referenced.insert(m.fileName)
                let path = files.path(account: acct.name, fileName: m.fileName)
                var st = stat()
                if stat(path, &st) != 0 {
                    report.problems.append("\(what): missing file \(path)")
                } else if Int(st.st_size) != m.size {
                    report.problems.append("\(what): file \(path) has \(st.st_size) bytes, index says \(m.size)")
                }
            }
            if count != mb.messageCount || unseen != mb.unseenCount || deleted != mb.deletedCount || size != mb.size {
                report.problems.append("\(where_): counts (messages \(mb.messageCount), unseen \(mb.unseenCount), deleted \(mb.deletedCount), size \(mb.size)) but messages give (\(count), \(unseen), \(deleted), \(size))")
            }
            for (uid, modSeq) in try tx.tombstones(acct.id, mb.id) {
                if uids.contains(uid) { report.problems.append("\(where_) uid \(uid): both present and expunged") }
                if uid >= mb.uidNext { report.problems.append("\(where_) uid \(uid): tombstone not below uidnext") }
                if modSeq > mb.highestModSeq { report.problems.append("\(where_) uid \(uid): tombstone modseq \(modSeq) above mailbox's") }
            }
        }
        // Entries whose mailbox is gone.
        try tx.scan(.messages, prefix: IndexKey.accountPrefix(acct.id)) { k, _ in
            let mbid = IndexKey.readBE32(k, at: 4)
            if !ids.contains(mbid) { report.problems.append("\(who): message uid \(IndexKey.uid(fromMessageKey: k)) in missing mailbox \(mbid)") }
            return true
        }
    }
}
