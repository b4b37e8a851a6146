package io.petrel.benchmarks.suite;

import java.util.List;

/** The consumers the suite compares, Petrel's first. */
public final class ConsumerClients {

    private ConsumerClients() {
    }

    /** Petrel's then kafka-clients'. */
    public static List<ConsumerClient> all() {
        return List.of(new PetrelConsumerClient(), new KafkaConsumerClient());
    }
}
