/**
 * What Kafka's SASL exchanges are made of, shared by Petrel's clients and broker-stub so that both sides compute
 * them one way: {@code ScramFunctions} (SCRAM's Hi, HMAC and H for SHA-256 and SHA-512, RFC 5802),
 * {@code JaasConfig} (the JAAS syntax of {@code sasl.jaas.config}, with which Kafka configures a client's
 * credentials and a broker's users), and {@code JsonReader} (the JSON of OAUTHBEARER tokens and token endpoints).
 * Pure functions of their input, like the rest of this module: no I/O.
 */
package io.petrel.protocol.sasl;
