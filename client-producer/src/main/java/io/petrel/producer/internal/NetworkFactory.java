package io.petrel.producer.internal;

import io.petrel.client.Time;
import io.petrel.client.internal.ClientNetwork;

/** Opens the connections a producer sends through; tests hand in a network of their own. */
@FunctionalInterface
public interface NetworkFactory {
    ClientNetwork open(ProducerSettings settings, Time time);
}
