package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.BrokerStartupBenchmark;
import io.petrel.benchmarks.producer.BrokerProcess;
import io.petrel.benchmarks.producer.BrokerProcess.Kind;
import io.petrel.benchmarks.producer.Payloads;
import io.petrel.benchmarks.producer.ProducerClients;
import io.petrel.benchmarks.producer.RunMeasurement;
import io.petrel.benchmarks.suite.SuiteResults.BrokerStart;
import io.petrel.benchmarks.suite.SuiteResults.InProcessStart;
import io.petrel.benchmarks.suite.SuiteResults.LauncherStart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The startup part. Per launch of each broker JVM (same JVM options for both, interleaved, repeated): the
 * time from the process launch to the first acknowledged record ({@link FirstAckProbe}), the RSS
 * ({@code VmRSS}) after {@link #IDLE_MS} idle, then the RSS right after {@code brokerLoadRecords} records of
 * 100 B from kafka-clients' producer, and the peak RSS ({@code VmHWM}). One unmeasured launch of each comes
 * first, so neither pays for this JVM loading the probe's classes or the disk cache being cold.
 *
 * <p>In-process broker-stub start is {@link BrokerStartupBenchmark}'s measurement, reused: from
 * {@code Broker.start()} to the first ApiVersions answered, in a fresh JVM each (cold) and repeated in one
 * JVM (warm).
 *
 * <p>Last, {@code ./petrel broker} as a user starts it ({@link LauncherFirstAck}): from the script's launch to the
 * first acknowledged record, without and with the launcher's class-data-sharing archive, interleaved.
 */
final class BrokerFootprint {
    static final long IDLE_MS = 2000;

    private final SuiteOptions options;
    private final SuiteResults results;

    BrokerFootprint(SuiteOptions options, SuiteResults results) {
        this.options = options;
        this.results = results;
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "%nstartup: launch to first acknowledged record, RSS%n");
        List<Kind> kinds = List.of(Kind.STUB, Kind.KAFKA);
        for (Kind kind : kinds) {
            print("warm-up", launch(kind, -1));
        }
        for (int r = 0; r < options.brokerStarts(); r++) {
            for (Kind kind : Interleaving.order(kinds, r)) {
                BrokerStart start = launch(kind, r);
                results.brokerStarts.add(start);
                print("run " + (r + 1), start);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < options.coldStarts(); i++) {
            cold.add(BrokerStartupBenchmark.coldStartInFreshJvm(java, List.of())[0]);
        }
        BrokerStartupBenchmark.inProcessStart(); // the first in this JVM is neither cold nor warm
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < options.warmStarts(); i++) {
            warm.add(BrokerStartupBenchmark.inProcessStart() / 1e6);
        }
        results.inProcessStart = new InProcessStart(cold, warm);
        System.out.printf(Locale.ROOT, "  in-process broker-stub start: cold %s ms, warm %s ms%n", cold, warm);
        LauncherFirstAck launcher = new LauncherFirstAck(LauncherFirstAck.checkoutRoot());
        if (!launcher.available()) {
            results.warnings.add("startup: no built ./petrel in " + LauncherFirstAck.checkoutRoot() + ", so `./petrel broker` was not"
                    + " measured (run-suite.sh builds it)");
            return;
        }
        for (LauncherStart s : launcher.measure(options.coldStarts())) {
            results.launcherStarts.add(s);
            System.out.printf(Locale.ROOT, "  ./petrel broker, CDS %-3s first ack %.3f s, JVM CPU %.2f s%n",
                    s.cds() ? "on" : "off", s.firstAckSeconds(), s.cpuSeconds());
        }
    }

    private BrokerStart launch(Kind kind, int repeat) throws Exception {
        System.gc();
        try (BrokerProcess broker = BrokerProcess.start(kind, options.brokerJvmOptions(), new FirstAckProbe())) {
            double firstAck = broker.startSeconds();
            Thread.sleep(IDLE_MS); // the figure asked for is the RSS of a broker sitting idle after its start
            double idle = broker.rssMiB();
            String topic = "load";
            broker.createTopic(topic, 1);
            int n = options.brokerLoadRecords();
            RunMeasurement m = new RunMeasurement(n, broker::cpuSeconds, RunMeasurement.Hooks.NONE);
            ProducerClients.KAFKA.run(topic, ProducerMatrix.settings(broker.bootstrapServers(),
                    new SuiteResults.ProducerCell(100, "1", "none")), new Payloads(100, 3), n, m);
            return new BrokerStart(kind, repeat, firstAck, idle, broker.rssMiB(), broker.peakRssMiB());
        }
    }

    private static void print(String what, BrokerStart s) {
        System.out.printf(Locale.ROOT, "  %-8s %-11s first ack %.2f s, RSS idle %.0f MiB, loaded %.0f MiB, peak %.0f MiB%n",
                what, SuiteResults.shortName(s.broker()), s.firstAckSeconds(), s.idleRssMiB(), s.loadedRssMiB(),
                s.peakRssMiB());
    }
}
