package io.petrel.samples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FireAndForgetSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void everyRecordIsAcknowledgedByTheTimeFlushReturns() {
        SampleRun run = new SampleRun();

        FireAndForgetSample.Result result = FireAndForgetSample.run(broker, run.out);

        assertEquals(new FireAndForgetSample.Result(5, 5, 0), result);
        String output = run.output();
        for (int i = 1; i <= 5; i++) {
            assertTrue(output.contains("key sensor-" + i), output);
        }
        assertTrue(output.contains("flushed: 5 acknowledged, 0 failed"), output);
    }
}
