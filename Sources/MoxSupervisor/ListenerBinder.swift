import Foundation
import MoxConfig

/// Binds the configured listening sockets while the supervisor still may bind
/// ports below 1024. The supervisor keeps every descriptor for its lifetime so
/// the kernel queues connections while a role restarts.
public enum ListenerBinder {
    public static func bind(_ socket: ListenerSocket) throws(SupervisorError) -> Int32 {
        let v6 = IPAddressText.isIPv6(socket.ip)
        let fd = Foundation.socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket for \(socket)", errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        // "::" and "0.0.0.0" are separate listeners in mox's configs, so v6 sockets are v6 only.
        if v6 { setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size)) }
        let rc: Int32
        if v6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = UInt16(socket.port).bigEndian
            inet_pton(AF_INET6, socket.ip, &a.sin6_addr)
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = UInt16(socket.port).bigEndian
            inet_pton(AF_INET, socket.ip, &a.sin_addr)
            rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        if rc != 0 {
            let e = errno
            close(fd)
            throw .system("bind \(socket)", e)
        }
        if listen(fd, 1024) != 0 {
            let e = errno
            close(fd)
            throw .system("listen \(socket)", e)
        }
        return fd
    }
}
