/// IDNA label conversion (RFC 5890/5891) with Punycode (RFC 3492).
///
/// Limits, deliberately: ToASCII lowercases and Punycode-encodes; it does not
/// apply Unicode normalization (NFC), UTS #46 mapping beyond lowercasing, or
/// the bidi (RFC 5893) and contextual (RFC 5892) rules. Mail domains arrive
/// from SMTPUTF8 senders already in NFC in practice; a name that is not will
/// simply not be found, which is the safe failure.
public enum IDNA {
    static let base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700
    static let initialBias = 72, initialN = 128

    /// The A-label for one label ("bücher" → "xn--bcher-kva"); ASCII labels
    /// are returned lowercased. Nil when the label cannot be encoded.
    public static func toASCII(label: String) -> String? {
        let lowered = label.lowercased()
        if lowered.unicodeScalars.allSatisfy({ $0.isASCII }) { return lowered }
        guard let p = punycodeEncode(lowered) else { return nil }
        let a = "xn--" + p
        return a.utf8.count <= 63 ? a : nil
    }

    /// The U-label for an A-label, or nil if it is not a valid A-label.
    public static func toUnicode(label: String) -> String? {
        guard label.lowercased().hasPrefix("xn--") else { return label }
        return punycodeDecode(String(label.dropFirst(4)))
    }

    /// Converts every label of a dotted name; nil if one label fails.
    public static func toASCII(name: String) -> String? {
        var out: [String] = []
        for l in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard let a = toASCII(label: String(l)) else { return nil }
            out.append(a)
        }
        return out.joined(separator: ".")
    }

    static func adapt(_ delta: Int, _ numPoints: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tmin) * tmax) / 2 {
            delta /= base - tmin
            k += base
        }
        return k + (base - tmin + 1) * delta / (delta + skew)
    }

    static func digit(_ d: Int) -> Character {
        Character(Unicode.Scalar(UInt8(d < 26 ? d + 97 : d - 26 + 48)))
    }

    /// RFC 3492 §6.3.
    public static func punycodeEncode(_ input: String) -> String? {
        let cps = input.unicodeScalars.map { Int($0.value) }
        var out = String(cps.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) })
        let b = out.count
        var h = b
        if b > 0 { out.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while h < cps.count {
            guard let m = cps.filter({ $0 >= n }).min() else { return nil }
            let (mul, o1) = (m - n).multipliedReportingOverflow(by: h + 1)
            guard !o1 else { return nil }
            delta += mul
            n = m
            for c in cps {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias)
                        if q < t { break }
                        out.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    out.append(digit(q))
                    bias = adapt(delta, h + 1, h == b)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return out
    }

    /// RFC 3492 §6.2; nil on malformed input or overflow.
    public static func punycodeDecode(_ input: String) -> String? {
        let bytes = Array(input.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var output: [Int] = []
        var rest = bytes[...]
        if let dash = bytes.lastIndex(of: UInt8(ascii: "-")) {
            output = bytes[..<dash].map { Int($0) }
            rest = bytes[(dash + 1)...]
        }
        var n = initialN, i = 0, bias = initialBias
        var idx = rest.startIndex
        while idx < rest.endIndex {
            let oldi = i
            var w = 1
            var k = base
            while true {
                guard idx < rest.endIndex else { return nil }
                let c = rest[idx]; idx += 1
                let d: Int
                switch c {
                case 48...57: d = Int(c) - 48 + 26
                case 65...90: d = Int(c) - 65
                case 97...122: d = Int(c) - 97
                default: return nil
                }
                let (dw, o1) = d.multipliedReportingOverflow(by: w)
                guard !o1, i <= Int.max - dw else { return nil }
                i += dw
                let t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias)
                if d < t { break }
                let (nw, o2) = w.multipliedReportingOverflow(by: base - t)
                guard !o2 else { return nil }
                w = nw
                k += base
            }
            bias = adapt(i - oldi, output.count + 1, oldi == 0)
            guard n <= 0x10FFFF - i / (output.count + 1) else { return nil }
            n += i / (output.count + 1)
            i %= output.count + 1
            guard output.count < 1000 else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        var s = String.UnicodeScalarView()
        for c in output {
            guard let u = Unicode.Scalar(UInt32(c)) else { return nil }
            s.append(u)
        }
        return String(s)
    }
}
