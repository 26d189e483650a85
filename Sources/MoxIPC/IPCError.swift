/// Why an IPC edge was closed or a request failed.
public enum IPCError: Error, Equatable, CustomStringConvertible {
    case badVersion(UInt8)
    case unknownType(UInt16)
    case unknownFlags(UInt8)
    case oversized(Int)
    case malformed(String)
    case truncated(Int)
    case descriptorMismatch(String)
    case closed
    case system(String, Int32)
    case remote(String)

    public var description: String {
        switch self {
        case .badVersion(let v): return "unsupported frame version \(v)"
        case .unknownType(let t): return "unknown message type 0x\(String(t, radix: 16))"
        case .unknownFlags(let f): return "unknown frame flags 0x\(String(f, radix: 16))"
        case .oversized(let n): return "payload of \(n) bytes exceeds \(IPCFrame.maxPayload)"
        case .malformed(let why): return "malformed frame: \(why)"
        case .truncated(let n): return "connection closed inside a frame (\(n) bytes pending)"
        case .descriptorMismatch(let why): return "descriptor mismatch: \(why)"
        case .closed: return "connection closed"
        case .system(let call, let errno): return "\(call): \(String(cString: strerror(errno)))"
        case .remote(let message): return "peer error: \(message)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
