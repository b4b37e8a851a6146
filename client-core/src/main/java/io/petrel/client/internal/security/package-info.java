/**
 * How a client secures its connections, read from Kafka's settings: {@code SecuritySettings} (security.protocol
 * with the TLS and SASL settings it needs; sasl.jaas.config is read by protocol's {@code JaasConfig}).
 * The layers themselves live in the subpackages: {@code tls} (key material and the JDK SSLEngine),
 * {@code sasl} (the mechanisms' client side, without I/O) and {@code oauth} (where OAUTHBEARER tokens come
 * from). The network package drives them on each connection. Secrets are {@link io.petrel.client.Password}s
 * throughout and appear in no message.
 */
package io.petrel.client.internal.security;
