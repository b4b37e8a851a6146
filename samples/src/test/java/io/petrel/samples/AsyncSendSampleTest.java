package io.petrel.samples;

import io.petrel.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncSendSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void paidIsWrittenAfterCreatedAndEveryItemIsAcknowledged() throws Exception {
        SampleRun run = new SampleRun();

        AsyncSendSample.Result result = AsyncSendSample.run(broker, run.out);

        assertEquals(result.created().partition(), result.paid().partition(), "one order key, one partition");
        assertTrue(result.paid().offset() > result.created().offset(), result.toString());
        assertEquals(AsyncSendSample.ITEMS, result.items().size());
        Set<String> places = new HashSet<>();
        places.add(result.created().partition() + "@" + result.created().offset());
        places.add(result.paid().partition() + "@" + result.paid().offset());
        for (RecordMetadata item : result.items()) {
            assertTrue(places.add(item.partition() + "@" + item.offset()), "each record has its own offset: " + result);
        }
        String output = run.output();
        assertTrue(output.contains("order created -> " + MetadataText.of(result.created())), output);
        assertTrue(output.contains("order paid    -> " + MetadataText.of(result.paid())), output);
        assertTrue(output.contains("all 5 acknowledged"), output);
    }
}
