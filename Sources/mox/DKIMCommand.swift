import ArgumentParser
import Dispatch
import Foundation
import MoxDKIM

/// `mox dkim ...`: keys, TXT records, signing and verifying, as mox has them.
struct DKIMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "Generate DKIM keys, print their DNS records, sign and verify messages.",
        subcommands: [GenEd25519.self, GenRSA.self, TXT.self, Sign.self, Verify.self]
    )

    struct GenEd25519: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gened25519", abstract: "Print a new Ed25519 private key (PKCS#8 PEM).")
        func run() { print(DKIMPrivateKey.generateEd25519().pemRepresentation, terminator: "") }
    }

    struct GenRSA: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "genrsa", abstract: "Print a new RSA private key (PKCS#8 PEM).")
        @Option(help: "Key size in bits, at least 2048.") var bits = 2048
        func run() throws {
            print(try DKIMCommand.attempt { () throws(DKIMError) in try DKIMPrivateKey.generateRSA(bits: bits) }.pemRepresentation, terminator: "")
        }
    }

    struct TXT: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "txt", abstract: "Print the DNS TXT record value for a private key file.")
        @Argument(help: "Private key PEM file.") var keyFile: String
        func run() throws { print(try DKIMCommand.loadKey(keyFile).keyRecord.txtValue) }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a message and print it with its DKIM-Signature field first.")
        @Option(help: "Signing domain (d=).") var domain: String
        @Option(help: "Selector (s=).") var selector: String
        @Option(help: "Private key PEM file (RSA 2048+ or Ed25519).") var key: String
        @Option(help: "Canonicalization, header/body.") var canonicalization = "relaxed/relaxed"
        @Option(help: "Comma-separated header fields to sign (default: mox's list).") var headers: String?
        @Flag(help: "Sign each header field once more than it occurs.") var oversign = false
        @Argument(help: "Message file, - for standard input.") var message: String

        func run() throws {
            let k = try DKIMCommand.loadKey(key)
            let msg = try DKIMCommand.readMessage(message)
            var o = DKIMSigner.Options()
            guard let c = DKIMCanonicalization.Pair(tagValue: canonicalization) else { throw ValidationError("bad canonicalization \(canonicalization)") }
            o.canonicalization = c
            if let headers { o.headers = headers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            o.oversign = oversign
            let field = try DKIMCommand.attempt { () throws(DKIMError) in try DKIMSigner.sign(message: msg, domain: domain, selector: selector, key: k, options: o) }
            FileHandle.standardOutput.write(Data(field.utf8) + Data(msg))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a message's DKIM signatures; print one line per signature.",
            discussion: """
                Key records come from DNS (the --resolver given, else \
                /etc/resolv.conf's), unless --txt NAME=VALUE (NAME is \
                SELECTOR._domainkey.DOMAIN) or --key-file (a private or public key \
                whose record answers every lookup) supplies them. Exits 0 when at \
                least one signature passes, 1 otherwise.
                """)
        @OptionGroup var dns: ResolverOptions
        @Option(help: "A TXT record to use: NAME=VALUE, repeatable.") var txt: [String] = []
        @Option(help: "Answer every key lookup with this private key's record.") var keyFile: String?
        @Flag(help: "Also verify rsa-sha1 signatures (RFC 8301 says not to).") var acceptRsaSha1 = false
        @Argument(help: "Message file, - for standard input.") var message: String

        func run() throws {
            var table: [String: [String]] = [:]
            for t in txt {
                guard let eq = t.firstIndex(of: "=") else { throw ValidationError("--txt wants NAME=VALUE") }
                table[String(t[..<eq]), default: []].append(String(t[t.index(after: eq)...]))
            }
            let fixedRecord = try keyFile.map { try DKIMCommand.loadKey($0).keyRecord.txtValue }
            let lookup = CommandLineKeyLookup(table: DKIMStaticKeyLookup(table), fixed: fixedRecord,
                                              dns: DNSDKIMKeyLookup(resolver: try dns.makeResolver()))
            let msg = try DKIMCommand.readMessage(message)
            let verifier = DKIMVerifier(lookup: lookup, options: .init(acceptRSASHA1: acceptRsaSha1))
            let results = try DKIMCommand.blocking { try await verifier.verify(message: msg) }
            if results.isEmpty { print("none: no DKIM-Signature") }
            for r in results {
                let reason = r.status.reason.map { ": \($0)" } ?? ""
                print("\(r.status.keyword) d=\(r.domain) s=\(r.selector) a=\(r.algorithm)\(reason)")
            }
            if !results.contains(where: { $0.status == .pass }) { throw ExitCode(1) }
        }
    }

    /// Records from --txt, else the --key-file record, else DNS.
    struct CommandLineKeyLookup: DKIMKeyLookup {
        var table: DKIMStaticKeyLookup
        var fixed: String?
        var dns: DNSDKIMKeyLookup
        func txtRecords(_ name: String) async throws -> (records: [String], authentic: Bool) {
            if let r = try? await table.txtRecords(name) { return r }
            if let fixed { return ([fixed], false) }
            return try await dns.txtRecords(name)
        }
    }

    static func loadKey(_ path: String) throws -> DKIMPrivateKey {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        return try attempt { () throws(DKIMError) in try DKIMPrivateKey(pem: String(decoding: data, as: UTF8.self)) }
    }

    /// Reads a message; a file with bare LF line ends (as editors write) gets CRLF, as on the wire.
    static func readMessage(_ path: String) throws -> [UInt8] {
        let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
        guard let data else { throw ValidationError("cannot read \(path)") }
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 40)
        var prev: UInt8 = 0
        for c in data {
            if c == 10 && prev != 13 { out.append(13) }
            out.append(c)
            prev = c
        }
        return out
    }

    static func attempt<T>(_ body: () throws(DKIMError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("mox dkim: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Runs async library code from a synchronous command.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        do {
            return try box.result!.get()
        } catch {
            FileHandle.standardError.write(Data("mox dkim: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Carries a result from the task to the waiting thread; the semaphore orders the accesses.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
