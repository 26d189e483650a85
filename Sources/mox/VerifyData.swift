import ArgumentParser
import Foundation
import MoxStore

/// `mox verifydata DIR`: checks the store against the message files.
struct VerifyData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifydata",
        abstract: "Check that every index entry has its message file with the right size and that counts and modseqs agree; list orphan files."
    )

    @Argument(help: "The data directory (holding store/ and accounts/).")
    var dir: String

    func run() throws {
        let report: VerificationReport
        do {
            report = try StoreVerifier.verify(dataDirectory: dir)
        } catch {
            FileHandle.standardError.write(Data("verifydata: \(error)\n".utf8))
            throw ExitCode(2)
        }
        for p in report.problems { print("problem: \(p)") }
        for o in report.orphanFiles { print("orphan file: \(o)") }
        print("accounts=\(report.accounts) mailboxes=\(report.mailboxes) messages=\(report.messages) problems=\(report.problems.count) orphans=\(report.orphanFiles.count) queue=\(report.queueMessages)")
        if !report.ok { throw ExitCode(1) }
    }
}
