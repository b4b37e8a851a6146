package io.petrel.interop.security;

import io.petrel.consumer.ConsumerContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Set;

/**
 * Petrel's consumer contract over every {@link SecurityMode} on both secured brokers, as the super user: what the
 * consumer meets over PLAINTEXT (groups included) it meets over TLS and SASL, reading what kafka-clients wrote over
 * the same mode. The big-volume test reads {@link #recordsPerCodec} records per codec, not a million: volume runs
 * over PLAINTEXT ({@code ConsumerOnRealKafkaTest}). The whole contract runs over
 * {@link SecuredContractSubset#FULL_MODE}; over the other modes the {@link #CORE} tests (2,000 records of every
 * codec, keys, headers and timestamps, a group's committed offsets across a restart and its rebalance listener,
 * Kafka-style properties), the rest reported as skipped.
 */
@ParameterizedClass(name = "{0} over {1}")
@MethodSource("io.petrel.interop.security.SecuredContractRuns#brokersAndModes")
@ExtendWith({SecuredBrokersExtension.class, SecuredContractSubset.class})
class SecuredConsumerContractTest extends ConsumerContract implements SecuredContractSubset.Run {
    /** What runs over every mode; the whole contract runs over {@link SecuredContractSubset#FULL_MODE}. */
    static final Set<String> CORE = Set.of(
            "aMillionRecordsInEveryCodecComeBackOnceEachAndInOrder",
            "keysValuesHeadersAndTimestampsAreAsKafkaWroteThem",
            "committedOffsetsResumeAfterARestart",
            "aSoleMemberGetsEveryPartitionThroughItsListenerAndGivesThemBackOnUnsubscribe",
            "buildsFromKafkaStyleProperties");
    private static SecuredBrokers brokers;

    @Parameter(0)
    BrokerKind kind;
    @Parameter(1)
    SecurityMode mode;

    @BeforeAll
    static void securedBrokers(SecuredBrokers shared) {
        brokers = shared;
    }

    @Override
    public SecurityMode mode() {
        return mode;
    }

    @Override
    public Set<String> coreTests() {
        return CORE;
    }

    @Override
    protected String bootstrapServers() {
        return brokers.get(kind).bootstrapServers(mode);
    }

    @Override
    protected int recordsPerCodec() {
        return 400;
    }

    @Override
    protected Map<String, String> clientConfig() {
        return mode.clientConfig(User.ADMIN, brokers.tls());
    }
}
