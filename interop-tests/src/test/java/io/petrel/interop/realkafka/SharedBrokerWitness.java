package io.petrel.interop.realkafka;

import io.petrel.testsupport.RealKafkaBroker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the test classes using {@link RealKafkaExtension} saw: one broker, however many classes. */
final class SharedBrokerWitness {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private SharedBrokerWitness() {
    }

    static void saw(RealKafkaBroker kafka) {
        SEEN.add("pid " + kafka.pid() + " at " + kafka.bootstrapServers());
        assertEquals(1, SEEN.size(), "test classes saw different brokers: " + SEEN);
        assertEquals(1, RealKafkaExtension.startsInThisJvm(), "the extension started more than one broker");
    }
}
