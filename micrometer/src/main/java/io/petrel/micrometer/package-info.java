/**
 * Optional: Petrel's client metrics in Micrometer. {@link io.petrel.micrometer.PetrelClientMetrics} is a
 * MeterBinder for a producer's or consumer's {@code allMetrics()}, naming meters as Micrometer's
 * KafkaClientMetrics names kafka-clients' ({@code kafka.producer.record.send.rate},
 * {@code kafka.consumer.fetch.manager.records.lag}, tags {@code client.id}, {@code topic}, ...), so dashboards
 * built on Micrometer's Kafka binder read Petrel's clients too. Nothing else in Petrel depends on Micrometer.
 */
package io.petrel.micrometer;
