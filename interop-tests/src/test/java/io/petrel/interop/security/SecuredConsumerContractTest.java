package io.petrel.interop.security;

import io.petrel.consumer.ConsumerContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

/**
 * Petrel's consumer contract over every {@link SecurityMode} on both secured brokers, as the super user: what the
 * consumer meets over PLAINTEXT (groups included) it meets over TLS and SASL, reading what kafka-clients wrote over
 * the same mode. The big-volume test reads {@link #recordsPerCodec} records per codec, not a million: volume runs
 * over PLAINTEXT ({@code ConsumerOnRealKafkaTest}).
 */
@Disabled("Waits for Petrel's client security (branch sec-client): today Petrel refuses any security.protocol but PLAINTEXT")
@ParameterizedClass(name = "{0} over {1}")
@MethodSource("io.petrel.interop.security.SecuredContractRuns#brokersAndModes")
@ExtendWith(SecuredBrokersExtension.class)
class SecuredConsumerContractTest extends ConsumerContract {
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
