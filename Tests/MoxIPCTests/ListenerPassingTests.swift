import CMoxSys
import Foundation
@testable import MoxIPC
import XCTest

/// A listening TCP socket made here travels over an IPC edge to a separate
/// process (mox-ipc-testpeer), which adopts it with SwiftNIO and serves a
/// connection on it: the mechanism the supervisor uses to hand ports to roles.
final class ListenerPassingTests: XCTestCase {
    static var buildDirectory: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    }

    func spawnPeer(ipcFD: Int32) throws -> pid_t {
        let path = Self.buildDirectory + "/mox-ipc-testpeer"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("unreachable: tests are built together with executables; missing \(path)")
        }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [nil]
        defer { argv.forEach { free($0) } }
        var source: [Int32] = [ipcFD]
        var target: [Int32] = [3]
        var spec = mox_spawn_spec()
        let pid = path.withCString { p in
            argv.withUnsafeBufferPointer { a in
                envp.withUnsafeBufferPointer { e in
                    source.withUnsafeMutableBufferPointer { s in
                        target.withUnsafeMutableBufferPointer { t in
                            spec.path = p
                            spec.argv = a.baseAddress
                            spec.envp = e.baseAddress
                            spec.source_fds = UnsafePointer(s.baseAddress)
                            spec.target_fds = UnsafePointer(t.baseAddress)
                            spec.nfds = 1
                            spec.parent_death_signal = SIGKILL
                            return mox_spawn(&spec)
                        }
                    }
                }
            }
        }
        guard pid > 0 else { throw IPCError.system("spawn", errno) }
        return pid
    }

    func listenTCP() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &addr) { p in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                guard bind(fd, sa, len) == 0, listen(fd, 16) == 0, getsockname(fd, sa, &len) == 0 else { throw IPCError.system("bind", errno) }
            }
        }
        return (fd, UInt16(bigEndian: addr.sin_port))
    }

    func readLine(port: UInt16) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = port.bigEndian
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { throw IPCError.system("connect", errno) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 256)
        while true {
            let n = read(fd, &buf, buf.count)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testListenerPassedToAnotherProcessServesThere() async throws {
        let (mine, theirs) = try IPCConnection.socketPair()
        let pid = try spawnPeer(ipcFD: theirs)
        close(theirs)
        defer {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        let conn = IPCConnection(fd: mine, name: "to-peer")
        conn.start(onFrame: { _, _ in })
        defer { conn.close() }

        let pong = try await conn.request(.ping, payload: [42])
        XCTAssertEqual(pong.payload, [42])

        let (listenFD, port) = try listenTCP()
        let ready = try await conn.request(.listener, payload: Array("smtp".utf8), descriptors: [listenFD])
        XCTAssertEqual(ready.type, .ready)
        // Our copy goes away: the peer alone now holds the listener.
        close(listenFD)

        for _ in 0..<3 {
            XCTAssertEqual(try readLine(port: port), "hello from \(pid)\n")
        }

        // A frame with the wrong number of descriptors gets an error reply, and the peer lives on.
        do {
            _ = try await conn.request(.listener, payload: [])
            XCTFail("peer accepted a listener frame without a descriptor")
        } catch let e as IPCError {
            XCTAssertEqual(e, .remote("expected one descriptor, got 0"))
        }
        let again = try await conn.request(.ping, payload: [1])
        XCTAssertEqual(again.payload, [1])
        XCTAssertEqual(kill(pid, 0), 0)
    }
}
