/**
 * Client settings as Kafka's clients take them, parsed strictly. A {@code ConfigSpec} is a set of
 * {@code ConfigKey}s (name, {@code ConfigType}, default, {@code ConfigValidator}); parsing a Map or Properties
 * gives {@code ConfigValues}, read through the typed keys, and fails on an unknown key (suggesting the closest
 * known one, by {@code EditDistance}), a bad value or a missing required one, naming key, value and what is
 * accepted. {@code CommonClientConfigs} declares the keys the producer and consumer share, with kafka-clients 4.x
 * defaults; {@code HostPort} parses bootstrap.servers entries; {@code ConfiguredInstance} turns a class-valued
 * setting into the instance the client uses. Not API: may change without notice.
 */
package io.petrel.client.internal.config;
