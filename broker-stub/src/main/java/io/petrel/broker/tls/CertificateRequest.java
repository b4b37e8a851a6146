package io.petrel.broker.tls;

import javax.security.auth.x500.X500Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TestCertificateAuthority} should issue: a leaf certificate for a TLS server, a TLS client, or
 * both. Start from {@link #server} or {@link #client} and adjust with the {@code with...} methods.
 *
 * @param subject    the subject's distinguished name, e.g. {@code CN=alice,O=Petrel}
 * @param hostNames  subject alternative names: IP literals become IP address entries, anything else a DNS name
 * @param serverAuth whether the certificate may identify a TLS server
 * @param clientAuth whether the certificate may identify a TLS client (mutual TLS)
 * @param notBefore  start of validity; null means the authority's default (an hour before now, for clock skew)
 * @param notAfter   end of validity; null means the authority's default
 * @param keyAlgorithm the leaf's key pair; null means the authority's own algorithm
 */
public record CertificateRequest(String subject, List<String> hostNames, boolean serverAuth, boolean clientAuth,
                                 Instant notBefore, Instant notAfter, KeyAlgorithm keyAlgorithm) {
    public CertificateRequest {
        Objects.requireNonNull(subject, "subject");
        new X500Principal(subject); // fails early, naming the bad name, if it is not a distinguished name
        hostNames = List.copyOf(hostNames);
        if (!serverAuth && !clientAuth) {
            throw new IllegalArgumentException("A certificate for " + subject + " must allow server or client authentication");
        }
    }

    /** A server certificate with subject {@code CN=commonName} valid for {@code hostNames} (server and client auth, as Kafka brokers are also clients). */
    public static CertificateRequest server(String commonName, List<String> hostNames) {
        return new CertificateRequest("CN=" + commonName, hostNames, true, true, null, null, null);
    }

    /** A client certificate with subject {@code CN=commonName}: Kafka's default principal for it is {@code User:CN=commonName}. */
    public static CertificateRequest client(String commonName) {
        return new CertificateRequest("CN=" + commonName, List.of(), false, true, null, null, null);
    }

    /** The same request with a full distinguished name, e.g. {@code CN=alice,OU=payments,O=Example}. */
    public CertificateRequest withSubject(String distinguishedName) {
        return new CertificateRequest(distinguishedName, hostNames, serverAuth, clientAuth, notBefore, notAfter, keyAlgorithm);
    }

    /** The same request valid only from {@code from} to {@code to}: e.g. an expired certificate for a failure test. */
    public CertificateRequest withValidity(Instant from, Instant to) {
        return new CertificateRequest(subject, hostNames, serverAuth, clientAuth, from, to, keyAlgorithm);
    }

    public CertificateRequest withKeyAlgorithm(KeyAlgorithm algorithm) {
        return new CertificateRequest(subject, hostNames, serverAuth, clientAuth, notBefore, notAfter, algorithm);
    }
}
