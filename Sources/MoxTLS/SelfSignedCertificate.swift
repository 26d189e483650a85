import Crypto
import Foundation
import SwiftASN1
import X509

/// The certificate `mox localserve` makes on first start: ECDSA P-256, valid
/// for the names and IPs clients will check (mbsync checks the name).
public enum SelfSignedCertificate {
    public static func generate(dnsNames: [String], ipv4: [String], validDays: Int = 3650) throws -> (certificatePEM: String, privateKeyPEM: String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(dnsNames.first ?? "localhost") }
        var sans: [GeneralName] = dnsNames.map { .dnsName($0) }
        for ip in ipv4 {
            let octets = ip.split(separator: ".").compactMap { UInt8($0) }
            if octets.count == 4 { sans.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets)))) }
        }
        // Shaped like `openssl req -x509`: its own CA, so clients that are
        // given the file as a trust anchor accept it (BoringSSL and OpenSSL
        // want keyCertSign on an anchor that signed the leaf).
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(sans)
        }
        let now = Date()
        let cert = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(Double(validDays) * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: .init(key)
        )
        return (try cert.serializeAsPEM().pemString + "\n", key.pemRepresentation + "\n")
    }
}
