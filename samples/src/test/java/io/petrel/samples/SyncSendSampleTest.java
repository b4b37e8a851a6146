package io.petrel.samples;

import io.petrel.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncSendSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void oneKeyLandsOnOnePartitionAtConsecutiveOffsetsStampedWithTheSendTime() throws Exception {
        SampleRun run = new SampleRun();
        long before = System.currentTimeMillis();

        List<RecordMetadata> written = SyncSendSample.run(broker, run.out);

        long after = System.currentTimeMillis();
        assertEquals(SyncSendSample.RECORDS, written.size());
        int partition = written.get(0).partition();
        for (int i = 0; i < written.size(); i++) {
            RecordMetadata md = written.get(i);
            assertEquals(SampleBroker.TOPIC, md.topic());
            assertEquals(partition, md.partition(), "one key, one partition: " + written);
            assertEquals(i, md.offset(), "a fresh topic's offsets count from 0: " + written);
            assertTrue(md.timestamp() >= before && md.timestamp() <= after, md.toString());
            assertTrue(run.output().contains("key account-42 -> " + MetadataText.of(md)), run.output());
        }
    }
}
