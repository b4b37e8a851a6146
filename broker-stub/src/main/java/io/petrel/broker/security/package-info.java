/**
 * How a broker-stub broker is secured, with Kafka's concepts and names: {@link io.petrel.broker.security.Listener}s
 * ({@code listeners=NAME://host:port}) each speaking a {@link io.petrel.broker.security.SecurityProtocol};
 * {@link io.petrel.broker.security.SslSettings} (Kafka's {@code ssl.*} keys, {@code ssl.client.auth} for mutual TLS);
 * the {@link io.petrel.broker.security.SaslMechanism}s PLAIN, SCRAM-SHA-256/512 and OAUTHBEARER, with
 * {@link io.petrel.broker.security.SaslUser}s held as salted {@link io.petrel.broker.security.ScramCredential}s and
 * OAUTHBEARER tokens checked by an {@link io.petrel.broker.security.OAuthBearerValidator} (Kafka's unsecured-JWS rules,
 * {@link io.petrel.broker.security.UnsecuredJwsValidator}, by default); and the
 * {@link io.petrel.broker.security.AuthorizerSettings} that turn ACLs on. {@link io.petrel.broker.security.SecurityConfig}
 * holds them for a {@link io.petrel.broker.BrokerConfig}; most tests need only
 * {@code BrokerConfig.builder().secured(SaslMechanism.SCRAM_SHA_512).user("alice", "alice-secret")}.
 */
package io.petrel.broker.security;
