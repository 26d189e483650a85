import ArgumentParser
import CMoxSys
import Foundation
import MoxConfig
import MoxIPC
import MoxRole

@main
struct MoxCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mox-ctl",
        abstract: "Control a running mox over its control socket (DATADIR/ctl).",
        discussion: "Commands: status, restart ROLE, reload, stop, help; data commands (queue ..., setpassword ..., dkim ...) are relayed to the role that owns the data."
    )

    @Option(help: "Path of the control socket. Default: DataDir/ctl of the config.")
    var socket: String?

    @Option(help: "Directory with mox.conf, to find DataDir.")
    var config = "/etc/mox"

    @Argument(parsing: .captureForPassthrough, help: "Command and arguments.")
    var command: [String] = []

    func run() async throws {
        let path = try socket ?? socketFromConfig()
        let fd = try connect(path)
        let conn = IPCConnection(fd: fd, name: "ctl")
        conn.start(onFrame: { _, _ in })
        defer { conn.close() }
        let reply: IPCFrame
        do {
            reply = try await conn.request(.controlRequest, payload: ControlArguments(try withStandardInput(command.isEmpty ? ["help"] : command)).encoded())
        } catch {
            fail("mox-ctl: \(path): \(error)")
        }
        guard let result = try? ControlResult(decoding: reply.payload) else { fail("mox-ctl: malformed reply") }
        if result.exitCode == 0 {
            print(result.text)
        } else {
            FileHandle.standardError.write(Data("\(result.text)\n".utf8))
        }
        throw ExitCode(Int32(result.exitCode))
    }

    /// Commands that take a secret or a document read it from standard input,
    /// so it never shows in ps or shell history:
    ///   setpassword ACCOUNT        password from stdin (first line); a terminal
    ///                              or empty input makes keyd generate one
    ///   dkim sign DOMAIN SELECTOR  the message to sign
    ///   tlspubkey add ACCOUNT      PEM certificate or public key
    func withStandardInput(_ args: [String]) throws -> [String] {
        switch (args.first, args.count) {
        case ("setpassword", 2):
            if isatty(0) != 0 { return args }
            let line = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).first.map { String($0).trimmingCharacters(in: ["\r"]) } ?? ""
            return line.isEmpty ? args : args + [line]
        case ("dkim", 4) where args[1] == "sign":
            return args + [String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)]
        case ("tlspubkey", 3) where args[1] == "add":
            return args + [String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)]
        default:
            return args
        }
    }

    func socketFromConfig() throws -> String {
        do {
            return try Config.load(path: config).dataDirectory + "/ctl"
        } catch {
            fail("mox-ctl: cannot find the control socket: \(error) (use --socket)")
        }
    }

    func connect(_ path: String) throws -> Int32 {
        let fd = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { fail("mox-ctl: socket path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { p in
            for (i, b) in bytes.enumerated() { p[i] = b }
        }
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        if rc != 0 {
            let e = errno
            let hint = e == EACCES ? " (the control socket is for root or the ControlGroup)" : e == ENOENT || e == ECONNREFUSED ? " (is mox running?)" : ""
            fail("mox-ctl: connect \(path): \(String(cString: strerror(e)))\(hint)")
        }
        return fd
    }

    func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(2)
    }
}
