package io.petrel.client.internal.network;

import io.petrel.client.SslAuthenticationException;

import javax.net.ssl.SSLException;

/**
 * Turns what the JDK's TLS engine reports into an {@link SslAuthenticationException} a user can act on: the
 * broker, the engine's reason, and what that reason usually means (an untrusted authority, a certificate
 * for another host name, a client certificate missing for mutual TLS, a plaintext listener).
 */
final class TlsFailure {
    private TlsFailure() {
    }

    /** A failed TLS handshake with {@code broker}. */
    static SslAuthenticationException handshakeFailed(String broker, Throwable cause) {
        String reason = reason(cause);
        return new SslAuthenticationException("TLS handshake with " + broker + " failed: " + reason + hint(reason), cause);
    }

    /** A broker that answered a plaintext client with TLS. */
    static SslAuthenticationException tlsAnswer(String broker) {
        return new SslAuthenticationException(broker + " answered with TLS where a Kafka response was expected: it is"
                + " a TLS listener; set security.protocol=SSL or SASL_SSL (and ssl.truststore.* if its certificate is"
                + " not signed by a public authority)");
    }

    /** Whether {@code cause} comes from the TLS layer. */
    static boolean isTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The TLS layer's own message (a handshake exception's message names the check that failed and its cause),
     * or the exception's type when it has none (a channel closed mid-handshake).
     */
    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return cause.getClass().getSimpleName();
    }

    private static String hint(String reason) {
        String r = reason.toLowerCase(java.util.Locale.ROOT);
        if (r.contains("certification path") || r.contains("pkix") || r.contains("trust anchor")) {
            return " (the broker's certificate is not signed by an authority in ssl.truststore.location or "
                    + "ssl.truststore.certificates)";
        }
        if (r.contains("no subject alternative") || r.contains("no name matching")) {
            return " (the broker's certificate does not name the host connected to; with "
                    + "ssl.endpoint.identification.algorithm=https it must)";
        }
        if (r.contains("bad_certificate") || r.contains("certificate_required") || r.contains("unknown_ca")) {
            return " (the broker refused the client's certificate: mutual TLS needs ssl.keystore.* with a certificate"
                    + " the broker trusts)";
        }
        if (r.contains("closed") || r.contains("unrecognized ssl message") || r.contains("unexpected")) {
            return " (is it a plaintext listener? security.protocol=SSL and SASL_SSL need a TLS listener)";
        }
        return "";
    }
}
