package io.petrel.benchmarks.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The consumers the suite compares. Petrel's is looked up by class name: the benchmarks pom leaves
 * {@link PetrelConsumerClient} out of the build while the consumer module has no implementation yet, and the
 * suite then runs kafka-clients' alone and says so in the report.
 */
public final class ConsumerClients {
    private static final String PETREL_CLASS = "io.petrel.benchmarks.suite.PetrelConsumerClient";

    private ConsumerClients() {
    }

    /** Petrel's consumer, when this build has it. */
    public static Optional<ConsumerClient> petrel() {
        try {
            return Optional.of((ConsumerClient) Class.forName(PETREL_CLASS).getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException | NoClassDefFoundError absent) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + PETREL_CLASS, e);
        }
    }

    /** Petrel's (when built) then kafka-clients'. */
    public static List<ConsumerClient> all() {
        List<ConsumerClient> clients = new ArrayList<>();
        petrel().ifPresent(clients::add);
        clients.add(new KafkaConsumerClient());
        return clients;
    }
}
