import Crypto
import SwiftASN1
import X509

/// The SHA-256 of a SubjectPublicKeyInfo, in hex: how TLS client keys are
/// registered for SASL EXTERNAL (and what a network role sends keyd).
public enum TLSPublicKeyHash {
    public static func of(subjectPublicKeyInfo spki: [UInt8]) -> String {
        SHA256.hash(data: spki).map { String(format: "%02x", $0) }.joined()
    }

    /// From a PEM certificate or a PEM public key.
    public static func fromPEM(_ pem: String) -> String? {
        if let cert = try? Certificate(pemEncoded: pem) {
            var s = DER.Serializer()
            guard (try? s.serialize(cert.publicKey)) != nil else { return nil }
            return of(subjectPublicKeyInfo: s.serializedBytes)
        }
        if let doc = try? PEMDocument(pemString: pem), doc.discriminator == "PUBLIC KEY" {
            return of(subjectPublicKeyInfo: doc.derBytes)
        }
        return nil
    }
}
