package io.petrel.producer.internal;

import io.petrel.client.Time;
import io.petrel.client.internal.ClientNetwork;

/** Opens the connections a producer sends through; tests hand in a network of their own. */
@FunctionalInterface
public interface NetworkFactory {
    ClientNetwork open(ProducerSettings settings, Time time);

    /** Opens a network that tells {@code observer} of its traffic (the connection metrics); tests' networks need not. */
    default ClientNetwork open(ProducerSettings settings, Time time, io.petrel.client.internal.NetworkObserver observer) {
        return open(settings, time);
    }
}
