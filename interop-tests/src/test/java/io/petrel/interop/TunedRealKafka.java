package io.petrel.interop;

import io.petrel.interop.security.PerJvmResource;
import io.petrel.interop.security.SecuredRealKafka;
import io.petrel.testsupport.RealKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run's second real Apache Kafka 4.3.1, for the classes that need broker-wide settings the first one
 * ({@link io.petrel.interop.realkafka.RealKafkaExtension}, Kafka's defaults plus the secured listeners) must not
 * have. Each Kafka start costs 10-20 s of CI time, so these classes share one broker with all their settings
 * rather than start one each; no setting below changes what another of them sees:
 * <ul>
 *   <li>consumer-protocol groups with 500 ms heartbeats and 6 s sessions ({@link FastConsumerGroups}), so a death
 *       is noticed in seconds and an assignment settles in a few heartbeats: {@code ConsumerProtocolGroupTest},
 *       {@code MixedConsumerProtocolGroupTest}, {@code OnlineUpgradeGroupTest},
 *       {@code RemoveConsumerProtocolMembersTest}, {@code PetrelAdminDescribesGroupsTest};</li>
 *   <li>{@code auto.create.topics.enable=false}, for {@code PetrelCliWithoutAutoCreateOnRealKafkaTest}; the other
 *       classes create their topics before they use them;</li>
 *   <li>a log cleaner that looks for work every 100 ms rather than 15 s, for {@code CompactionInteropTest};</li>
 *   <li>transactions past their timeout aborted within 500 ms of it rather than 10 s (Kafka looks for them every
 *       {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}), for {@code TransactionsOnRealKafkaTest},
 *       whose broker-side abort otherwise waits out that interval; a transaction within its timeout is untouched.</li>
 * </ul>
 * Two classes change its finalized features and put them back, which the others never see since each test JVM
 * starts its own tuned broker and runs its classes one after another: {@code FeaturesOnRealKafkaTest}
 * (transaction.version and group.version, put back after each test) and
 * {@code TransactionalProducerOnKafkaTransactionsV1Test} (transaction.version 1 for the whole class).
 *
 * <p>Resolves a {@link RealKafkaBroker} parameter (test, {@code @BeforeAll} and other lifecycle methods) to that
 * broker, started on first use and closed when the test JVM exits ({@link PerJvmResource}). The classes
 * share its state: unique topic and group names, and a class that changes something broker-wide puts it back.
 */
final class TunedRealKafka implements ParameterResolver {
    static final Map<String, String> SETTINGS = Map.of(
            "group.consumer.heartbeat.interval.ms", Integer.toString(FastConsumerGroups.HEARTBEAT_INTERVAL_MS),
            "group.consumer.min.heartbeat.interval.ms", Integer.toString(FastConsumerGroups.HEARTBEAT_INTERVAL_MS),
            "group.consumer.session.timeout.ms", Integer.toString(FastConsumerGroups.SESSION_TIMEOUT_MS),
            "group.consumer.min.session.timeout.ms", Integer.toString(FastConsumerGroups.SESSION_TIMEOUT_MS),
            "auto.create.topics.enable", "false",
            "log.cleaner.backoff.ms", "100",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");
    private static final PerJvmResource<RealKafkaBroker> BROKER = new PerJvmResource<>("the tuned Kafka",
            TunedRealKafka::start);
    private static final AtomicInteger STARTS = new AtomicInteger();

    /** How many brokers this resolver started in this JVM: 1 after any class using it, whatever their count. */
    static int startsInThisJvm() {
        return STARTS.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return BROKER.get();
    }

    private static RealKafkaBroker start() {
        STARTS.incrementAndGet();
        return RealKafkaBroker.builder().properties(SETTINGS)
                .startTimeout(SecuredRealKafka.SHARED_START_TIMEOUT).start();
    }
}
