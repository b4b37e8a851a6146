/**
 * Petrel's clients, CLI and broker-stub held to a real, secured Apache Kafka 4.3.1: the secured brokers
 * ({@link io.petrel.interop.security.SecuredBrokers}: one real Kafka with every listener, one broker-stub), the
 * modes a client connects in ({@link io.petrel.interop.security.SecurityMode}), the users both brokers know
 * ({@link io.petrel.interop.security.User}), and the tests that run the same contracts and failure cases on both.
 */
package io.petrel.interop.security;
