import ArgumentParser
import Dispatch
import Foundation
import MoxDNS
import NIOCore

/// Options shared by the DNS-using commands: which server to ask.
struct ResolverOptions: ParsableArguments {
    @Option(name: .long, help: "Ask this DNS server (IP:PORT, [IPv6]:PORT or IP) instead of /etc/resolv.conf's.")
    var resolver: String?

    @Option(name: .long, help: "Seconds to wait for each answer.")
    var timeout: Int = 5

    @Option(name: .long, help: "EDNS0 UDP payload size to advertise (512 forces TCP for large answers).")
    var udpSize: UInt16 = 1232

    @Flag(name: .shortAndLong, help: "Print each query sent, on stderr.")
    var verbose = false

    func makeResolver() throws -> DNSStubResolver {
        var config: DNSStubResolver.Config
        if let r = resolver {
            guard let addr = DNSStubResolver.serverAddress(r) else {
                throw ValidationError("invalid --resolver \(r), want IP:PORT")
            }
            config = DNSStubResolver.Config(servers: [addr])
            config.attempts = 1
        } else {
            config = DNSStubResolver.system().config
        }
        config.timeout = .seconds(Int64(max(1, timeout)))
        config.udpPayloadSize = max(512, udpSize)
        if verbose {
            config.trace = { line in FileHandle.standardError.write(Data("dns: \(line)\n".utf8)) }
        }
        return DNSStubResolver(config: config)
    }
}

/// Runs async work from a synchronous ArgumentParser command: the root
/// command is synchronous, so subcommands block on a semaphore.
func runBlocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    final class Box: @unchecked Sendable { var error: (any Error)? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await body() } catch { box.error = error }
        done.signal()
    }
    done.wait()
    if let e = box.error { throw e }
}

func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("mox: \(message)\n".utf8))
    return ExitCode(1)
}

func parseName(_ s: String) throws -> DNSName {
    do { return try DNSName(s) } catch { throw fail("invalid domain name \(s): \(error)") }
}
