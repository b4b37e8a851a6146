package io.petrel.interop.security;

import io.petrel.producer.ProducerContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Set;

/**
 * Petrel's producer contract over every {@link SecurityMode} on both secured brokers, as the super user: what the
 * producer meets over PLAINTEXT it meets over TLS and SASL, with kafka-clients reading back over the same mode. The
 * whole contract runs over {@link SecuredContractSubset#FULL_MODE}; over the other modes the {@link #CORE} tests
 * (500 records into 3 partitions, headers and nulls, close, Kafka-style properties), the rest reported as skipped.
 */
@ParameterizedClass(name = "{0} over {1}")
@MethodSource("io.petrel.interop.security.SecuredContractRuns#brokersAndModes")
@ExtendWith({SecuredBrokersExtension.class, SecuredContractSubset.class})
class SecuredProducerContractTest extends ProducerContract implements SecuredContractSubset.Run {
    /** What runs over every mode; the whole contract runs over {@link SecuredContractSubset#FULL_MODE}. */
    static final Set<String> CORE = Set.of(
            "fireAndForgetThenFlush",
            "headersNullKeysAndNullValuesReadBackWithKafkasConsumer",
            "closeSendsWhatIsHeldAndLaterSendsFail",
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
    protected Map<String, String> clientConfig() {
        return mode.clientConfig(User.ADMIN, brokers.tls());
    }
}
