import Foundation
import MoxDKIM
import MoxRole
import MoxSASL
import MoxTLS
import Crypto

/// Control commands relayed to keyd by the supervisor (mox-ctl):
///   setpassword ACCOUNT [PASSWORD]     (none: generate one and print it)
///   dkim gen DOMAIN SELECTOR [rsa|ed25519]
///   dkim list
///   dkim sign DOMAIN SELECTOR MESSAGE  (prints the message with its signature)
///   tlspubkey add ACCOUNT PEM | rm ACCOUNT SHA256HEX | list ACCOUNT
enum KeydControl {
    static func run(_ args: [String], keyd: KeydService) throws -> ControlResult {
        switch (args.first, args.count) {
        case ("setpassword", 2), ("setpassword", 3):
            let account = args[1]
            guard keyd.account(forLogin: account) == account else { return .failure("no account \"\(account)\" in domains.conf") }
            let given = args.count == 3 ? args[2] : ""
            let password = given.isEmpty ? generatePassword() : given
            try keyd.setPassword(account: account, password: password)
            keyd.logger.info("password set", metadata: ["account": "\(account)"])
            return .ok(given.isEmpty ? "password for \(account): \(password)" : "password set for \(account)")
        case ("dkim", _) where args.count >= 2:
            return try dkim(Array(args.dropFirst()), keyd: keyd)
        case ("tlspubkey", _) where args.count >= 2:
            return try tlsPublicKey(Array(args.dropFirst()), keyd: keyd)
        default:
            return .failure("usage: setpassword ACCOUNT [PASSWORD] | dkim gen DOMAIN SELECTOR [rsa|ed25519] | dkim list | dkim sign DOMAIN SELECTOR MESSAGE | tlspubkey add|rm|list ACCOUNT ...")
        }
    }

    static func generatePassword() -> String {
        // 96 bits, in characters that survive any client's password field.
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<18).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    static func dkim(_ args: [String], keyd: KeydService) throws -> ControlResult {
        guard let store = keyd.lock.withLock({ keyd.store }) else { throw KeydError.notReady }
        switch args[0] {
        case "gen":
            guard args.count == 3 || args.count == 4 else { return .failure("usage: dkim gen DOMAIN SELECTOR [rsa|ed25519]") }
            let domain = args[1].lowercased(), selector = args[2]
            guard keyd.lock.withLock({ keyd.config?.dynamicConfig.domains[domain] }) != nil else { return .failure("no domain \"\(domain)\" in domains.conf") }
            guard selector.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !selector.isEmpty else { return .failure("invalid selector \"\(selector)\"") }
            let kind = args.count == 4 ? args[3] : "ed25519"
            let key: DKIMPrivateKey
            switch kind {
            case "ed25519": key = DKIMPrivateKey.generateEd25519()
            case "rsa": key = try DKIMPrivateKey.generateRSA(bits: 2048)
            default: return .failure("key type must be rsa or ed25519")
            }
            let name = DKIMKeyName.make(domain: domain, selector: selector)
            if try store.read("dkim", name) != nil { return .failure("a key for \(name) exists already") }
            try store.write("dkim", name, Array(key.pemRepresentation.utf8))
            return .ok("\(name). TXT \"\(key.keyRecord.txtValue)\"")
        case "list":
            var lines: [String] = []
            for name in store.list("dkim") {
                guard let pem = try store.read("dkim", name), let key = try? DKIMPrivateKey(pem: String(decoding: pem, as: UTF8.self)) else { continue }
                lines.append("\(name) \(key.algorithm.rawValue) \(key.keyRecord.txtValue)")
            }
            let configured = keyd.lock.withLock { keyd.configuredDKIMKeys }
            for (name, key) in configured.sorted(by: { $0.key < $1.key }) {
                lines.append("\(name) \(key.algorithm.rawValue) \(key.keyRecord.txtValue) (from domains.conf)")
            }
            return .ok(lines.isEmpty ? "no DKIM keys" : lines.joined(separator: "\n"))
        case "sign":
            guard args.count == 4 else { return .failure("usage: dkim sign DOMAIN SELECTOR MESSAGE") }
            guard let key = try keyd.dkimKey(domain: args[1], selector: args[2]) else { return .failure("no DKIM key for \(args[2]) of \(args[1])") }
            let message = Array(args[3].utf8)
            let header = try DKIMSigner.sign(message: message, domain: args[1], selector: args[2], key: key)
            return .ok(header + args[3])
        default:
            return .failure("usage: dkim gen|list|sign ...")
        }
    }

    static func tlsPublicKey(_ args: [String], keyd: KeydService) throws -> ControlResult {
        guard let store = keyd.lock.withLock({ keyd.store }) else { throw KeydError.notReady }
        guard args.count >= 2, keyd.account(forLogin: args[1]) == args[1] else { return .failure("usage: tlspubkey add|rm|list ACCOUNT ...; ACCOUNT must exist") }
        let account = args[1]
        var hashes = (try store.read("tlspubkeys", account)).map { String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init) } ?? []
        switch (args[0], args.count) {
        case ("add", 3):
            guard let hash = TLSPublicKeyHash.fromPEM(args[2]) else { return .failure("expected a PEM certificate or public key") }
            if !hashes.contains(hash) { hashes.append(hash) }
            try store.write("tlspubkeys", account, Array((hashes.joined(separator: "\n") + "\n").utf8))
            return .ok("added \(hash) for \(account)")
        case ("rm", 3):
            guard hashes.contains(args[2]) else { return .failure("no key \(args[2]) for \(account)") }
            hashes.removeAll { $0 == args[2] }
            try store.write("tlspubkeys", account, Array((hashes.joined(separator: "\n") + (hashes.isEmpty ? "" : "\n")).utf8))
            return .ok("removed \(args[2])")
        case ("list", 2):
            return .ok(hashes.isEmpty ? "no keys for \(account)" : hashes.joined(separator: "\n"))
        default:
            return .failure("usage: tlspubkey add ACCOUNT PEM | rm ACCOUNT SHA256HEX | list ACCOUNT")
        }
    }
}
