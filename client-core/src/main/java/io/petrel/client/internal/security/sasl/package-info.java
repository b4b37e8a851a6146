/**
 * The client side of Kafka's SASL mechanisms, as pure message logic: {@code PlainSaslClient},
 * {@code ScramSaslClient} (SCRAM-SHA-256/512, RFC 5802 and 7677) and {@code OAuthBearerSaslClient} (RFC 7628),
 * all behind {@code SaslMechanismClient}; {@code SaslSettings} reads sasl.mechanism and sasl.jaas.config, and
 * {@code SaslClientFactory} makes one client per exchange. The connection carries their bytes in
 * SaslAuthenticate requests.
 */
package io.petrel.client.internal.security.sasl;
