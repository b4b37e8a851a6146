/**
 * SASL on the broker side: {@code SaslAuthenticator} is one connection's state machine (handshake, authenticate,
 * session lifetime, KIP-368 re-authentication), driving a {@code SaslServerMechanism} per exchange:
 * {@code PlainServer} (RFC 4616), {@code ScramServer} (RFC 5802/7677, over protocol's {@code ScramFunctions}) and
 * {@code OAuthBearerServer} (RFC 7628), made by {@code SaslMechanisms}. SCRAM checks the
 * {@code ScramCredentialStore}: the configured users with the run-time changes AlterUserScramCredentials made. Failures are {@code SaslFailure}s that say
 * whether their message may reach the client; none carries a secret.
 */
package io.petrel.broker.internal.security.sasl;
