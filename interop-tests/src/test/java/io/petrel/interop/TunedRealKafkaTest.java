package io.petrel.interop;

import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The run's second real Kafka has the settings its users rely on, and however many classes use it, starts once. */
@ExtendWith(TunedRealKafka.class)
class TunedRealKafkaTest {

    @Test
    void theBrokerRunsWithEverySettingAndStartedOnce(RealKafkaBroker kafka) {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Map<String, String> actual = new TreeMap<>();
        try (Admin admin = Interop.admin(kafka.bootstrapServers())) {
            Config config = Interop.get(admin.describeConfigs(List.of(broker)).all()).get(broker);
            TunedRealKafka.SETTINGS.keySet().forEach(key -> actual.put(key, config.get(key).value()));
        }
        assertEquals(new TreeMap<>(TunedRealKafka.SETTINGS), actual);
        assertEquals(1, TunedRealKafka.startsInThisJvm(), "one broker for every class using it");
    }
}
