/**
 * Connection security inside the broker: {@code ListenerSecurities} resolves each listener's settings into a
 * {@code ListenerSecurity} (Netty TLS context from {@code TlsContexts}, SASL mechanisms), which gives every accepted
 * connection a {@code ConnectionSession} holding its {@code KafkaPrincipal} (from SASL, from the client certificate,
 * or anonymous). {@code StoredTestCertificates} keeps the generated test certificates of a broker given no key
 * material in its data directory. (The JSON of OAUTHBEARER tokens is read by protocol's {@code JsonReader}.)
 */
package io.petrel.broker.internal.security;
