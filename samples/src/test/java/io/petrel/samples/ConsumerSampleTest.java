package io.petrel.samples;

import io.petrel.consumer.ConsumerRecord;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void receivesEveryRecordSentCommitsAndTheNextRunStartsAfterIt() throws Exception {
        List<RecordMetadata> sentBefore = SyncSendSample.run(broker, new SampleRun().out);
        SampleRun run = new SampleRun();

        ConsumerSample.Result first = ConsumerSample.run(broker, run.out);

        List<RecordMetadata> sent = new ArrayList<>(sentBefore);
        sent.addAll(first.sent());
        assertEquals(places(sent), receivedPlaces(first.received()), "every record sent, each once");
        assertEquals(sent.size(), first.received().size());
        for (ConsumerRecord<String, String> r : first.received()) {
            assertEquals(SampleBroker.TOPIC, r.topic());
            assertTrue(run.output().contains("partition " + r.partition() + ", offset " + r.offset() + ", key "
                    + r.key() + ", value " + r.value()), run.output());
        }
        assertTrue(first.received().stream().anyMatch(r -> r.value().equals("sync deposit 1")), first.toString());
        // A fresh topic starts at offset 0, so the committed offsets add up to the records read.
        assertEquals(sent.size(), committedTotal(first.committed()), first.committed().toString());
        assertTrue(run.output().contains("received " + sent.size() + " records; group " + ConsumerSample.GROUP), run.output());

        ConsumerSample.Result second = ConsumerSample.run(broker, new SampleRun().out);

        assertEquals(places(second.sent()), receivedPlaces(second.received()),
                "the group goes on from its committed offsets: only the records sent since");
        assertEquals(sent.size() + ConsumerSample.RECORDS, committedTotal(second.committed()));
    }

    private static Set<String> places(List<RecordMetadata> sent) {
        return sent.stream().map(md -> md.partition() + "@" + md.offset()).collect(Collectors.toSet());
    }

    private static Set<String> receivedPlaces(List<ConsumerRecord<String, String>> received) {
        return received.stream().map(r -> r.partition() + "@" + r.offset()).collect(Collectors.toSet());
    }

    private static long committedTotal(Map<?, OffsetAndMetadata> committed) {
        return committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }
}
