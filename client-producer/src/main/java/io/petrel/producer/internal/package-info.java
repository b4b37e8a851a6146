/**
 * The producer's pipeline stages; see {@code PetrelProducer} for the wiring and
 * {@link io.petrel.producer} for the order. Not API: may change without notice.
 */
package io.petrel.producer.internal;
