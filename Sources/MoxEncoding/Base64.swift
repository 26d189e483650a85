import Foundation

/// RFC 4648 base64 as SMTP AUTH (RFC 4954) and IMAP AUTHENTICATE (RFC 9051
/// §6.2.2) carry it: strict, no whitespace inside.
public enum Base64 {
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Data(base64Encoded: String(text)).map { Array($0) }
    }

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }
}
