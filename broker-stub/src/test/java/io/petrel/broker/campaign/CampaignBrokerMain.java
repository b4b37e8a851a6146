package io.petrel.broker.campaign;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.ConnectionLimits;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;

/**
 * broker-stub in a JVM of its own for a campaign: the fuzzer or the resource-limit campaign talks to it over sockets, reads
 * its log, and sees it die should it die. Prints its port once, then its heap in use every 200 ms (after the last
 * collection and now), so the test can report and bound it.
 *
 * <p>Arguments: data directory, connections.max.idle.ms, queued.max.request.bytes.
 */
public final class CampaignBrokerMain {
    static final String PORT_LINE = "campaign-broker-port ";
    static final String HEAP_LINE = "campaign-broker-heap ";

    private CampaignBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Broker broker = Broker.start(BrokerConfig.builder()
                .dataDir(Path.of(args[0]))
                .idleConnectionTimeout(Duration.ofMillis(Long.parseLong(args[1])))
                .connectionLimits(ConnectionLimits.defaults().withQueuedMaxRequestBytes(Long.parseLong(args[2])))
                .build());
        System.out.println(PORT_LINE + broker.port());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        while (true) {
            System.out.println(HEAP_LINE + memory.getHeapMemoryUsage().getUsed());
            Thread.sleep(200);  // a sampling period, not a synchronisation
        }
    }
}
