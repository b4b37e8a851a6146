package io.petrel.broker.internal.tls;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.petrel.broker.internal.tls.DerEncoder.bitString;
import static io.petrel.broker.internal.tls.DerEncoder.bool;
import static io.petrel.broker.internal.tls.DerEncoder.explicit;
import static io.petrel.broker.internal.tls.DerEncoder.ia5Content;
import static io.petrel.broker.internal.tls.DerEncoder.implicitPrimitive;
import static io.petrel.broker.internal.tls.DerEncoder.integer;
import static io.petrel.broker.internal.tls.DerEncoder.nullValue;
import static io.petrel.broker.internal.tls.DerEncoder.objectIdentifier;
import static io.petrel.broker.internal.tls.DerEncoder.octetString;
import static io.petrel.broker.internal.tls.DerEncoder.sequence;
import static io.petrel.broker.internal.tls.DerEncoder.time;

/**
 * Writes and signs an X.509 v3 certificate (RFC 5280 4.1) from a {@link CertificateTemplate}, with the
 * JDK's public {@code java.security} API only: the JDK parses certificates but has no public builder, so the
 * TBSCertificate is DER-encoded here, signed with {@link Signature}, and handed back to the JDK's
 * {@link CertificateFactory}, which is also the check that the encoding is well formed.
 *
 * <p>Extensions written: basic constraints (critical), key usage (critical), extended key usage for leaf
 * certificates, subject alternative names, subject and authority key identifiers (so path building finds
 * the issuer by key, not only by name).
 */
public final class X509CertificateEncoder {
    private static final String OID_SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String OID_SHA256_WITH_ECDSA = "1.2.840.10045.4.3.2";
    private static final String OID_BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String OID_KEY_USAGE = "2.5.29.15";
    private static final String OID_EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String OID_SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String OID_SUBJECT_KEY_ID = "2.5.29.14";
    private static final String OID_AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int V3 = 2;
    private static final int DNS_NAME_TAG = 2;
    private static final int IP_ADDRESS_TAG = 7;

    // Key usage bits, numbered from the most significant bit of the first byte (RFC 5280 4.2.1.3).
    private static final int DIGITAL_SIGNATURE = 0x80;
    private static final int KEY_ENCIPHERMENT = 0x20;
    private static final int KEY_CERT_SIGN = 0x04;
    private static final int CRL_SIGN = 0x02;

    private X509CertificateEncoder() {
    }

    /** The certificate {@code template} describes, signed with the issuer's {@code issuerPrivateKey}. */
    public static X509Certificate sign(CertificateTemplate template, PrivateKey issuerPrivateKey) {
        try {
            byte[] algorithm = signatureAlgorithm(issuerPrivateKey);
            byte[] tbs = tbsCertificate(template, algorithm);
            Signature signer = Signature.getInstance(signatureName(issuerPrivateKey));
            signer.initSign(issuerPrivateKey);
            signer.update(tbs);
            byte[] certificate = sequence(tbs, algorithm, bitString(signer.sign(), 0));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a certificate for " + template.subject().getName(), e);
        }
    }

    /** SHA-256 of the encoded SubjectPublicKeyInfo, cut to 160 bits (RFC 7093 section 2, method 1 style). */
    public static byte[] keyIdentifier(PublicKey key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 20);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] tbsCertificate(CertificateTemplate t, byte[] algorithm) {
        return sequence(
                explicit(0, integer(V3)),
                integer(t.serialNumber()),
                algorithm,
                t.issuer().getEncoded(),
                sequence(time(t.notBefore()), time(t.notAfter())),
                t.subject().getEncoded(),
                t.subjectKey().getEncoded(),
                explicit(3, sequence(extensions(t).toArray(byte[][]::new))));
    }

    private static List<byte[]> extensions(CertificateTemplate t) {
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(OID_BASIC_CONSTRAINTS, true,
                t.certificateAuthority() ? sequence(bool(true)) : sequence()));
        extensions.add(extension(OID_KEY_USAGE, true, keyUsage(t)));
        if (!t.certificateAuthority()) {
            List<byte[]> purposes = new ArrayList<>();
            if (t.serverAuth()) {
                purposes.add(objectIdentifier(OID_SERVER_AUTH));
            }
            if (t.clientAuth()) {
                purposes.add(objectIdentifier(OID_CLIENT_AUTH));
            }
            if (!purposes.isEmpty()) {
                extensions.add(extension(OID_EXTENDED_KEY_USAGE, false, sequence(purposes.toArray(byte[][]::new))));
            }
        }
        if (!t.dnsNames().isEmpty() || !t.ipAddresses().isEmpty()) {
            extensions.add(extension(OID_SUBJECT_ALT_NAME, false, subjectAltNames(t)));
        }
        extensions.add(extension(OID_SUBJECT_KEY_ID, false, octetString(keyIdentifier(t.subjectKey()))));
        extensions.add(extension(OID_AUTHORITY_KEY_ID, false,
                sequence(implicitPrimitive(0, keyIdentifier(t.issuerKey())))));
        return extensions;
    }

    private static byte[] keyUsage(CertificateTemplate t) {
        if (t.certificateAuthority()) {
            return bitString(new byte[] {(byte) (DIGITAL_SIGNATURE | KEY_CERT_SIGN | CRL_SIGN)}, 1);
        }
        if (t.subjectKey().getAlgorithm().equals("RSA")) {
            return bitString(new byte[] {(byte) (DIGITAL_SIGNATURE | KEY_ENCIPHERMENT)}, 5);
        }
        return bitString(new byte[] {(byte) DIGITAL_SIGNATURE}, 7);
    }

    private static byte[] subjectAltNames(CertificateTemplate t) {
        List<byte[]> names = new ArrayList<>();
        for (String dns : t.dnsNames()) {
            names.add(implicitPrimitive(DNS_NAME_TAG, ia5Content(dns)));
        }
        for (InetAddress ip : t.ipAddresses()) {
            names.add(implicitPrimitive(IP_ADDRESS_TAG, ip.getAddress()));
        }
        return sequence(names.toArray(byte[][]::new));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? sequence(objectIdentifier(oid), bool(true), octetString(value))
                : sequence(objectIdentifier(oid), octetString(value));
    }

    private static byte[] signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> sequence(objectIdentifier(OID_SHA256_WITH_RSA), nullValue());
            case "EC" -> sequence(objectIdentifier(OID_SHA256_WITH_ECDSA));
            default -> throw new IllegalArgumentException("Key algorithm " + key.getAlgorithm() + " is not RSA or EC");
        };
    }

    private static String signatureName(PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }
}
