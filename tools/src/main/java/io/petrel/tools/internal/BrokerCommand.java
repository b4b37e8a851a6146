package io.petrel.tools.internal;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code petrel broker}: runs broker-stub in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka-compatible broker until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BrokerCommand.class);
    static final String DEFAULT_PORT = "9092";
    static final String DEFAULT_HOST = "127.0.0.1";

    @Option(names = "--port", description = "Port to listen on when the config file declares no listeners (default: ${DEFAULT-VALUE}).", defaultValue = DEFAULT_PORT)
    int port;

    @Option(names = "--host", description = "Address to bind, also for listeners declared without a host (default: ${DEFAULT-VALUE}).", defaultValue = DEFAULT_HOST)
    String host;

    @Option(names = "--advertised-host", description = "Host clients are told to connect to (default: the bind address).")
    String advertisedHost;

    @Option(names = "--advertised-port", description = "Port clients are told to connect to (default: the bound port).")
    int advertisedPort;

    @Option(names = "--data-dir", description = "Where the log lives; omitted, a temporary directory deleted on exit.")
    Path dataDir;

    @Option(names = "--config", description = "A Kafka-style server.properties file; keys the broker does not know are reported and ignored.")
    Path configFile;

    @Option(names = "--no-jmx", description = "Publish no JMX MBeans (the broker starts quicker without the platform MBeanServer).")
    boolean noJmx;

    @Override
    public Integer call() throws Exception {
        BrokerConfig.Builder builder = configFile == null ? BrokerConfig.builder() : BrokerPropertiesFile.read(configFile);
        builder.host(host).port(port).advertisedHost(advertisedHost).advertisedPort(advertisedPort);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (noJmx) {
            builder.jmx(false);
        }
        Broker broker = Broker.start(builder.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            if (ClassArchiveTraining.archiving()) {
                trainClassArchive();
                ClassArchiveVerdict.keep();
            }
            stopped.countDown();
        }, "petrel-broker-shutdown"));
        stopped.await();
        return 0;
    }

    /** The launcher's first run: see {@link ClassArchiveTraining}; a failure only leaves the archive smaller. */
    private static void trainClassArchive() {
        log.info("Serving one record on a throwaway broker for the class-data archive (once per build: later "
                + "starts are quicker)");
        try {
            ClassArchiveTraining.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not serve a record for the class-data archive (later starts load those classes from the "
                    + "jars instead): {}", String.valueOf(e), e);
        }
    }
}
