import Foundation

/// Turns bytes in a named charset (RFC 2047 encoded words, RFC 2231 parameters,
/// text parts) into a String. Unknown charsets fall back to UTF-8 with
/// replacement characters: a display string beats an error for mail.
public enum Charset {
    public static func decode<C: Collection>(_ bytes: C, charset: String) -> String where C.Element == UInt8 {
        let name = charset.lowercased().trimmingCharacters(in: .whitespaces)
        switch name {
        case "utf-8", "utf8", "us-ascii", "ascii", "":
            return String(decoding: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1", "iso8859-1", "l1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            break
        }
        let encoding: String.Encoding?
        switch name {
        case "windows-1252", "cp1252": encoding = .windowsCP1252
        case "windows-1250", "cp1250": encoding = .windowsCP1250
        case "windows-1251", "cp1251": encoding = .windowsCP1251
        case "iso-8859-2", "latin2": encoding = .isoLatin2
        case "shift_jis", "shift-jis", "sjis": encoding = .shiftJIS
        case "euc-jp": encoding = .japaneseEUC
        case "iso-2022-jp": encoding = .iso2022JP
        case "utf-16": encoding = .utf16
        case "utf-16be": encoding = .utf16BigEndian
        case "utf-16le": encoding = .utf16LittleEndian
        default: encoding = nil
        }
        if let encoding, let s = String(data: Data(bytes), encoding: encoding) { return s }
        return String(decoding: bytes, as: UTF8.self)
    }
}
