package io.petrel.broker.internal.security;

import io.petrel.broker.internal.security.sasl.SaslAuthenticator;
import io.petrel.broker.security.SecurityProtocol;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * What one connection has proved about itself: the listener it came in on and its principal, from SASL on a
 * SASL listener, else from the client certificate of mutual TLS ({@code User:<subject DN>}, Kafka's default
 * mapping), else {@code User:ANONYMOUS}. Used from the connection's event loop only; request handlers get the
 * principal as it was when their request arrived.
 */
public final class ConnectionSession {
    private final String listenerName;
    private final SecurityProtocol protocol;
    private final SaslAuthenticator sasl;
    private KafkaPrincipal tlsPrincipal = KafkaPrincipal.ANONYMOUS;

    ConnectionSession(String listenerName, SecurityProtocol protocol, SaslAuthenticator sasl) {
        this.listenerName = listenerName;
        this.protocol = protocol;
        this.sasl = sasl;
    }

    /** A session of a plaintext connection with no listener security, for handlers driven without a network. */
    public static ConnectionSession anonymous(String listenerName) {
        return new ConnectionSession(listenerName, SecurityProtocol.PLAINTEXT, null);
    }

    public String listenerName() {
        return listenerName;
    }

    public SecurityProtocol protocol() {
        return protocol;
    }

    /** The SASL state of a SASL listener's connection; null on other listeners. */
    public SaslAuthenticator sasl() {
        return sasl;
    }

    /** Who the connection acts as now. */
    public KafkaPrincipal principal() {
        return sasl != null ? sasl.principal() : tlsPrincipal;
    }

    /** Records the TLS peer once the handshake is done: {@code User:<subject>} when it showed a certificate. */
    public void tlsHandshakeCompleted(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                tlsPrincipal = KafkaPrincipal.user(certificate.getSubjectX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate (ssl.client.auth none or requested): the connection stays anonymous.
            tlsPrincipal = KafkaPrincipal.ANONYMOUS;
        }
    }
}
