import Foundation

/// Reads a whole file with POSIX calls (no Foundation Data round trip).
struct FileHandleReader {
    let fd: Int32
    let path: String

    init?(path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        self.path = path
        if fd < 0 { return nil }
    }

    func readAll() throws -> [UInt8] {
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StoreError.file("stat \(path): \(errnoText())") }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var off = 0
        while off < out.count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            off += n
        }
        return Array(out[0..<off])
    }
}
