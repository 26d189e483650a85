import CMoxSys
import Foundation
import Logging
import MoxEncoding
import NIOConcurrencyHelpers
import NIOCore

/// One end of an IPC edge on a Unix stream socket, with descriptors passed by
/// SCM_RIGHTS. SwiftNIO's stream channels cannot carry descriptors, so this
/// transport does its own recvmsg on a reader thread and sendmsg under a lock,
/// and hands decoded frames to an event loop in arrival order.
///
/// A malformed, oversized, unknown or truncated frame closes the edge with a
/// logged error; the handler's `onClose` learns why. Nothing here traps on
/// peer input.
public final class IPCConnection: @unchecked Sendable {
    public typealias FrameHandler = @Sendable (IPCFrame, IPCConnection) -> Void
    public typealias CloseHandler = @Sendable (IPCError?) -> Void

    public let name: String
    private let fd: Int32
    private let logger: Logger
    private let writeLock = NIOLock()
    private let stateLock = NIOLock()
    private var closed = false
    private var started = false
    private let pending = IPCPendingRequests()

    /// Takes ownership of `fd`, a connected Unix stream socket.
    public init(fd: Int32, name: String, logger: Logger = Logger(label: "ipc")) {
        self.fd = fd
        self.name = name
        var l = logger
        l[metadataKey: "edge"] = "\(name)"
        self.logger = l
    }

    /// Starts reading. Requests (frames that are not replies) go to `onFrame`
    /// on `eventLoop`, or on the reader thread when none is given.
    public func start(on eventLoop: EventLoop? = nil, onFrame: @escaping FrameHandler, onClose: @escaping CloseHandler = { _ in }) {
        let go = stateLock.withLock { () -> Bool in
            if started || closed { return false }
            started = true
            return true
        }
        guard go else { return }
        let thread = Thread { [self] in
            let reason = readLoop(eventLoop: eventLoop, onFrame: onFrame)
            if let reason { logger.error("ipc edge closed", metadata: ["error": "\(reason)"]) }
            pending.closeAll(reason ?? .closed)
            if let eventLoop { eventLoop.execute { onClose(reason) } } else { onClose(reason) }
        }
        thread.name = "ipc-\(name)"
        thread.start()
    }

    /// Returns nil at a clean end of stream, or the error that closed the edge.
    private func readLoop(eventLoop: EventLoop?, onFrame: @escaping FrameHandler) -> IPCError? {
        var decoder = IPCFrameDecoder()
        var buf = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [Int32](repeating: -1, count: Int(MOX_MAX_FDS_PER_MSG))
        defer {
            for fd in decoder.takeUnclaimedDescriptors() { Foundation.close(fd) }
            stateLock.withLock { closed = true }
            // Under the write lock so no sendmsg is using the number when it is freed.
            writeLock.withLock { _ = Foundation.close(fd) }
        }
        while true {
            var nfds: Int32 = 0
            var truncated: Int32 = 0
            let n = buf.withUnsafeMutableBytes { b in
                fds.withUnsafeMutableBufferPointer { f in
                    mox_recvmsg_fds(fd, b.baseAddress, b.count, f.baseAddress, MOX_MAX_FDS_PER_MSG, &nfds, &truncated)
                }
            }
            if n < 0 {
                if stateLock.withLock({ closed }) { return nil }  // we shut it down ourselves
                return .system("recvmsg", errno)
            }
            let received = Array(fds.prefix(Int(nfds)))
            if truncated != 0 {
                for fd in received { Foundation.close(fd) }
                return .descriptorMismatch("control data truncated")
            }
            if n == 0 {
                for fd in received { Foundation.close(fd) }
                do throws(IPCError) { try decoder.finish() } catch { return error }
                return nil
            }
            decoder.feed(buf[0..<n], descriptors: received)
            do throws(IPCError) {
                while let frame = try decoder.next() {
                    if frame.isReply {
                        if !pending.complete(frame) {
                            for fd in frame.descriptors { Foundation.close(fd) }
                            return .malformed("reply to unknown request \(frame.requestID)")
                        }
                        continue
                    }
                    if let eventLoop { eventLoop.execute { onFrame(frame, self) } } else { onFrame(frame, self) }
                }
            } catch {
                return error
            }
        }
    }

    /// Sends one frame. Descriptors are duplicated into the kernel by sendmsg;
    /// the caller still owns (and closes) its copies.
    public func send(_ frame: IPCFrame) throws(IPCError) {
        let bytes = try frame.encoded()
        writeLock.lock()
        defer { writeLock.unlock() }
        if stateLock.withLock({ closed }) { throw .closed }
        var offset = 0
        while offset < bytes.count {
            // Descriptors ride with the first byte of the frame; see IPCFrameDecoder.
            let fdsToSend = offset == 0 ? frame.descriptors : []
            let n = bytes.withUnsafeBytes { b in
                fdsToSend.withUnsafeBufferPointer { f in
                    mox_sendmsg_fds(fd, b.baseAddress! + offset, b.count - offset, f.baseAddress, Int32(f.count))
                }
            }
            if n < 0 { throw .system("sendmsg", errno) }
            offset += n
        }
    }

    /// Sends a request and waits for the reply with the same id. An error reply
    /// throws `IPCError.remote`.
    public func request(_ type: IPCMessageType, payload: [UInt8] = [], descriptors: [Int32] = []) async throws -> IPCFrame {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<IPCFrame, any Error>) in
            guard let id = pending.register(c) else { return }
            do throws(IPCError) {
                try send(IPCFrame(type: type, requestID: id, payload: payload, descriptors: descriptors))
            } catch {
                pending.fail(id: id, error)
            }
        }
    }

    /// Answers `request` with a payload.
    public func reply(to request: IPCFrame, type: IPCMessageType? = nil, payload: [UInt8] = [], descriptors: [Int32] = []) throws(IPCError) {
        try send(IPCFrame(type: type ?? request.type, flags: .reply, requestID: request.requestID, payload: payload, descriptors: descriptors))
    }

    /// Answers `request` with an error message.
    public func replyError(to request: IPCFrame, _ message: String) throws(IPCError) {
        var w = ByteWriter()
        w.write(message)
        try send(IPCFrame(type: request.type, flags: [.reply, .error], requestID: request.requestID, payload: w.bytes))
    }

    /// Stops the edge. The reader thread wakes from recvmsg and closes the descriptor.
    public func close() {
        let wasOpen = stateLock.withLock { () -> Bool in
            let was = !closed
            closed = true
            return was
        }
        guard wasOpen else { return }
        let wasStarted = stateLock.withLock { started }
        if wasStarted { Foundation.shutdown(fd, Int32(SHUT_RDWR)) } else { Foundation.close(fd) }
        pending.closeAll(.closed)
    }

    /// A connected pair of IPC sockets (close-on-exec).
    public static func socketPair() throws(IPCError) -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        guard mox_socketpair_stream(&fds) == 0 else { throw .system("socketpair", errno) }
        return (fds[0], fds[1])
    }
}
