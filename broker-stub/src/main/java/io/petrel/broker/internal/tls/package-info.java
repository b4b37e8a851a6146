/**
 * The machinery behind {@link io.petrel.broker.tls}: {@code DerEncoder} writes ASN.1 DER values,
 * {@code X509CertificateEncoder} builds and signs an X.509 v3 certificate from a {@code CertificateTemplate}
 * with the JDK's public {@code java.security} API (no BouncyCastle, no {@code sun.security}),
 * {@code PemEncoder} writes PEM text and {@code StoreFiles} writes keystores and truststores.
 */
package io.petrel.broker.internal.tls;
