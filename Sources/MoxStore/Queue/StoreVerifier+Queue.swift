import Foundation

extension StoreVerifier {
    /// Queue records whose file is missing or of the wrong size, a due index
    /// out of step with the records, and orphan files under data/queue.
    static func verifyQueue(_ tx: any IndexReader, _ files: MessageFiles, _ report: inout VerificationReport) throws {
        var referenced = Set<String>()
        var due = Set<[UInt8]>()
        try tx.scan(.queue, prefix: []) { _, v in
            let m = try QueueMessage.decode(v)
            report.queueMessages += 1
            referenced.insert(m.fileName)
            if !m.hold { due.insert(IndexKey.queueDue(m.nextAttempt, m.id)) }
            let path = files.queuePath(fileName: m.fileName)
            var st = stat()
            if stat(path, &st) != 0 {
                report.problems.append("queue message \(m.id): missing file \(path)")
            } else if Int(st.st_size) + m.prefix.count != m.size {
                report.problems.append("queue message \(m.id): file \(path) has \(st.st_size) bytes plus prefix \(m.prefix.count), index says \(m.size)")
            }
            return true
        }
        try tx.scan(.queueDue, prefix: []) { k, _ in
            if due.remove(k) == nil { report.problems.append("queue due index: entry for message \(IndexKey.readBE64(k, at: 8)) that is held, gone or due at another time") }
            return true
        }
        for k in due { report.problems.append("queue message \(IndexKey.readBE64(k, at: 8)): not in the due index") }

        let fm = FileManager.default
        for bucket in (try? fm.contentsOfDirectory(atPath: files.queueDirectory))?.sorted() ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: files.queueDirectory + "/" + bucket))?.sorted() ?? [] {
                let fileName = bucket + "/" + name
                if !referenced.contains(fileName) { report.orphanFiles.append(files.queuePath(fileName: fileName)) }
            }
        }
    }
}
