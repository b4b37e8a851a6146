package io.petrel.interop.security;

import io.petrel.producer.ProducerContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

/**
 * Petrel's producer contract over every {@link SecurityMode} on both secured brokers, as the super user: what the
 * producer meets over PLAINTEXT it meets over TLS and SASL, with kafka-clients reading back over the same mode.
 */
@Disabled("Waits for Petrel's client security (branch sec-client): today Petrel refuses any security.protocol but PLAINTEXT")
@ParameterizedClass(name = "{0} over {1}")
@MethodSource("io.petrel.interop.security.SecuredContractRuns#brokersAndModes")
@ExtendWith(SecuredBrokersExtension.class)
class SecuredProducerContractTest extends ProducerContract {
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
    protected Map<String, String> clientConfig() {
        return mode.clientConfig(User.ADMIN, brokers.tls());
    }
}
