package io.petrel.samples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicrometerPrometheusSampleTest {
    private final SampleBroker broker = SampleBroker.embedded();

    @AfterEach
    void stop() {
        broker.close();
    }

    private static double value(String scrape, String meter, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(meter) + "\\{[^}]*" + Pattern.quote(label)
                + "[^}]*\\} (\\S+)$").matcher(scrape);
        assertTrue(m.find(), () -> meter + " with " + label + " not in the scrape:\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void thePrometheusScrapeHasBothClientsMetricsUnderMicrometersKafkaNames() {
        SampleRun run = new SampleRun();

        String scrape = MicrometerPrometheusSample.run(broker, run.out);

        assertTrue(run.output().contains("sent 50 records, read 50"), run.output());
        assertEquals(50.0, value(scrape, "kafka_producer_record_send_total", "client_id=\"metrics-sample-producer\""));
        assertEquals(50.0, value(scrape, "kafka_consumer_fetch_manager_records_consumed_total",
                "topic=\"metrics-sample\""));
        assertTrue(value(scrape, "kafka_producer_request_latency_max", "client_id=\"metrics-sample-producer\"") > 0);
        assertTrue(value(scrape, "kafka_consumer_fetch_manager_records_lag", "partition=\"0\"") >= 0);
        for (String shown : MicrometerPrometheusSample.SHOWN) {
            assertTrue(run.output().contains(shown), () -> shown + " printed: " + run.output());
        }
    }
}
