/**
 * TLS for client connections with the JDK's engine: {@code TlsSettings} (Kafka's ssl.* keys, checked for the
 * combinations Kafka refuses), {@code StoreLoader} and {@code PemText} (JKS, PKCS12 and PEM key material,
 * encrypted PKCS#8 keys included), and {@code SslContextFactory} (one SSLContext per client, one SSLEngine per
 * connection with SNI and host name verification).
 */
package io.petrel.client.internal.security.tls;
