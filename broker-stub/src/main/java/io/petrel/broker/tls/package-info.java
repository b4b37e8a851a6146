/**
 * Throwaway TLS material for tests, made with the JDK alone: {@link io.petrel.broker.tls.TestCertificateAuthority}
 * (a self-signed CA issuing server and client certificates), {@link io.petrel.broker.tls.IssuedCertificate},
 * and the files Kafka's {@code ssl.*} settings point at ({@link io.petrel.broker.tls.TrustStoreFiles},
 * {@link io.petrel.broker.tls.KeyStoreFiles}, in PKCS12, JKS and PEM). {@link io.petrel.broker.tls.TestCertificates}
 * writes a complete set into one directory. A secured {@link io.petrel.broker.Broker} uses them, and so can a
 * test that starts a real Kafka broker with TLS.
 */
package io.petrel.broker.tls;
