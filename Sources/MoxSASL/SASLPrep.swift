import Foundation

/// Password preparation as SCRAM asks (RFC 5802 §2.2 Normalize(), RFC 4013
/// SASLprep). Implemented: the RFC 4013 §2.1 mappings (non-ASCII spaces to
/// SPACE, "commonly mapped to nothing" removed), NFKC (§2.2) and the
/// prohibited control and private-use characters (§2.3). Not implemented:
/// the bidi rule (§2.4). A password that fails preparation is used as its
/// UTF-8 bytes, as RFC 5802 allows for "stored strings" and as most clients do.
public enum SASLPrep {
    public static func prepare(_ s: String) -> [UInt8] {
        var mapped = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if isNonASCIISpace(u) {
                mapped.append(" ")
            } else if isMappedToNothing(u) {
                continue
            } else {
                mapped.append(u)
            }
        }
        let normalized = String(mapped).precomposedStringWithCompatibilityMapping
        for u in normalized.unicodeScalars where isProhibited(u) {
            return Array(s.utf8)
        }
        return Array(normalized.utf8)
    }

    // RFC 3454 table C.1.2.
    static func isNonASCIISpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00A0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    // RFC 3454 table B.1.
    static func isMappedToNothing(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00AD, 0x034F, 0x1806, 0x180B...0x180D, 0x200C, 0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF: return true
        default: return false
        }
    }

    // RFC 3454 tables C.2.1, C.2.2, C.3, C.4 (in part), C.5.
    static func isProhibited(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return true
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return true
        case 0xFDD0...0xFDEF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }
}
