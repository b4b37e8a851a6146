package io.petrel.samples;

import io.petrel.producer.Murmur2;
import io.petrel.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomPartitionerSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void vipKeysLandOnPartitionZeroAndTheOthersWhereTheirHashSays() throws Exception {
        SampleRun run = new SampleRun();

        List<RecordMetadata> written = CustomPartitionerSample.run(broker, run.out);

        assertEquals(CustomPartitionerSample.KEYS.size(), written.size());
        int others = SampleBroker.EMBEDDED_PARTITIONS - 1;
        for (int i = 0; i < written.size(); i++) {
            String key = CustomPartitionerSample.KEYS.get(i);
            int expected = key.startsWith("vip-") ? 0
                    : 1 + Murmur2.partition(key.getBytes(StandardCharsets.UTF_8), others);
            assertEquals(expected, written.get(i).partition(), key + " -> " + written.get(i));
            assertTrue(run.output().contains(MetadataText.of(written.get(i))), run.output());
        }
        assertEquals(Set.of(0, 1, 2), written.stream().map(RecordMetadata::partition).collect(Collectors.toSet()),
                "the sample's keys show every partition in use: " + written);
        assertTrue(run.output().contains("key vip-alice (VIP: partition 0)        -> partition 0, offset 0"), run.output());
    }
}
