package io.petrel.samples;

import io.petrel.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackSendSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void eachCallbackIsToldWhereItsRecordWentOrWhyItFailed() {
        SampleRun run = new SampleRun();

        CallbackSendSample.Result result = CallbackSendSample.run(broker, run.out);

        assertEquals(CallbackSendSample.RECORDS, result.written().size(), result.toString());
        Set<String> places = new HashSet<>();
        for (RecordMetadata md : result.written()) {
            assertTrue(md.partition() >= 0 && md.partition() < SampleBroker.EMBEDDED_PARTITIONS, md.toString());
            assertTrue(places.add(md.partition() + "@" + md.offset()), "each record has its own offset: " + result);
            assertTrue(run.output().contains(MetadataText.of(md)), run.output());
        }
        assertEquals(1, result.failed().size(), result.toString());
        String error = result.failed().get(0).getMessage();
        assertTrue(error.contains(Integer.toString(CallbackSendSample.MISSING_PARTITION)), error);
        assertTrue(run.output().contains("key click-lost failed: " + error), run.output());
    }
}
