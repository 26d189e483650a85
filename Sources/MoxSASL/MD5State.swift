/// The MD5 chaining state (RFC 1321 §3.3), exposed so CRAM-MD5 can keep
/// HMAC-MD5's inner and outer states after the key block, as Dovecot's
/// CRAM-MD5 scheme does, instead of the password. swift-crypto's MD5 does not
/// expose its state, hence this small implementation; it is tested against
/// swift-crypto's HMAC<Insecure.MD5>.
struct MD5State: Equatable {
    var a: UInt32 = 0x6745_2301
    var b: UInt32 = 0xefcd_ab89
    var c: UInt32 = 0x98ba_dcfe
    var d: UInt32 = 0x1032_5476

    init() {}

    /// From 16 bytes as `bytes` gives them (little-endian words, RFC 1321 §3.5).
    init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        func word(_ i: Int) -> UInt32 {
            UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
        }
        a = word(0); b = word(4); c = word(8); d = word(12)
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for w in [a, b, c, d] {
            out += [UInt8(w & 0xff), UInt8((w >> 8) & 0xff), UInt8((w >> 16) & 0xff), UInt8(w >> 24)]
        }
        return out
    }

    private static let shifts: [UInt32] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
    private static let k: [UInt32] = [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ]

    /// RFC 1321 §3.4 on one 64-byte block.
    mutating func compress(_ block: ArraySlice<UInt8>) {
        precondition(block.count == 64)
        var m = [UInt32](repeating: 0, count: 16)
        let base = block.startIndex
        for i in 0..<16 {
            let o = base + i * 4
            m[i] = UInt32(block[o]) | UInt32(block[o + 1]) << 8 | UInt32(block[o + 2]) << 16 | UInt32(block[o + 3]) << 24
        }
        var (aa, bb, cc, dd) = (a, b, c, d)
        for i in 0..<64 {
            var f: UInt32
            var g: Int
            switch i / 16 {
            case 0: f = (bb & cc) | (~bb & dd); g = i
            case 1: f = (dd & bb) | (~dd & cc); g = (5 * i + 1) % 16
            case 2: f = bb ^ cc ^ dd; g = (3 * i + 5) % 16
            default: f = cc ^ (bb | ~dd); g = (7 * i) % 16
            }
            f = f &+ aa &+ MD5State.k[i] &+ m[g]
            let s = MD5State.shifts[(i / 16) * 4 + i % 4]
            aa = dd; dd = cc; cc = bb
            bb = bb &+ ((f << s) | (f >> (32 - s)))
        }
        a = a &+ aa; b = b &+ bb; c = c &+ cc; d = d &+ dd
    }

    /// Hashes `data` as the rest of a message of which `processed` bytes
    /// (a multiple of 64) already went into this state; returns the digest.
    func finish(_ data: [UInt8], processed: Int) -> [UInt8] {
        var st = self
        var msg = data
        let bitLength = UInt64(processed + data.count) &* 8
        msg.append(0x80)
        while msg.count % 64 != 56 { msg.append(0) }
        for i in 0..<8 { msg.append(UInt8((bitLength >> (8 * UInt64(i))) & 0xff)) }
        var o = 0
        while o < msg.count {
            st.compress(msg[o..<o + 64])
            o += 64
        }
        return st.bytes
    }
}
