package io.petrel.broker.internal.tls;

import javax.security.auth.x500.X500Principal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What goes into one X.509 v3 certificate before it is signed.
 *
 * @param subject              the subject's distinguished name
 * @param subjectKey           the key the certificate binds to the subject
 * @param issuer               the issuer's distinguished name (the subject's own for a self-signed certificate)
 * @param issuerKey            the issuer's public key, for the authority key identifier
 * @param serialNumber         positive, unique per issuer
 * @param notBefore            first instant the certificate is valid
 * @param notAfter             last instant the certificate is valid
 * @param certificateAuthority whether it may sign other certificates (basic constraints cA)
 * @param dnsNames             subject alternative DNS names
 * @param ipAddresses          subject alternative IP addresses
 * @param serverAuth           extended key usage for a TLS server
 * @param clientAuth           extended key usage for a TLS client
 */
public record CertificateTemplate(X500Principal subject, PublicKey subjectKey, X500Principal issuer, PublicKey issuerKey,
                                  BigInteger serialNumber, Instant notBefore, Instant notAfter,
                                  boolean certificateAuthority, List<String> dnsNames, List<InetAddress> ipAddresses,
                                  boolean serverAuth, boolean clientAuth) {
    public CertificateTemplate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(issuerKey, "issuerKey");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        if (serialNumber.signum() <= 0) {
            throw new IllegalArgumentException("Serial number " + serialNumber + " must be positive");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
    }
}
