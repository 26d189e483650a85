/// A Go-style duration as mox writes it: "15s", "1h30m", "72h", "0s".
public struct ConfigDuration: Codable, Equatable, Sendable, CustomStringConvertible {
    public let seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let s = Self.parse(text) else {
            let message = "expected a duration such as 15s, 1h30m or 72h, found \"\(text)\""
            if let d = decoder as? NodeDecoder { throw d.fail(message) }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
        }
        seconds = s
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode("\(seconds)s")
    }

    /// Units ns, us, µs, ms, s, m, h, each with an optional fraction.
    public static func parse(_ text: String) -> Double? {
        if text == "0" { return 0 }
        var rest = Substring(text)
        // Go's time.ParseDuration takes a sign.
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            sign = rest.first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            let factor: Double
            switch unit {
            case "ns": factor = 1e-9
            case "us", "µs": factor = 1e-6
            case "ms": factor = 1e-3
            case "s": factor = 1
            case "m": factor = 60
            case "h": factor = 3600
            default: return nil
            }
            total += value * factor
        }
        return sign * total
    }

    public var description: String { "\(seconds)s" }
}
