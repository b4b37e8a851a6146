package io.petrel.architecture;

import com.tngtech.archunit.core.domain.JavaClass;

import java.util.List;

/**
 * One allowed use of another module's {@code internal} code by main code: the using module's top package,
 * the internal package or class it may use, and why that is right.
 *
 * <p>The list is short on purpose. What sits here is Petrel-internal, shared between Petrel's own modules,
 * and may change with them in one commit; nothing here may be used by an application. A use that a user
 * would need too belongs in the owning module's public package instead, with Javadoc.
 *
 * @param from   the using module's top package, e.g. {@code io.petrel.producer}
 * @param target an internal package (exactly that package, not its subpackages) or one class in one
 * @param why    the reason, in a sentence
 */
record InternalUse(String from, String target, String why) {

    /**
     * client-core is the engine the clients share: the producer, the consumer, the Admin client and the tools' admin requests run
     * on its network, metadata and config parsing. Those types stay internal because they are built for
     * Petrel's clients (raw protocol messages, versions chosen per request), not as an application API.
     */
    static final List<InternalUse> ALLOWED = List.of(
            new InternalUse("io.petrel.producer", "io.petrel.client.internal",
                    "the producer sends through client-core's ClientNetwork and reads its ClusterMetadata"),
            new InternalUse("io.petrel.producer", "io.petrel.client.internal.config",
                    "the producer declares its settings with client-core's ConfigSpec and shares the common keys"),
            new InternalUse("io.petrel.consumer", "io.petrel.client.internal",
                    "the consumer fetches through client-core's ClientNetwork and reads its ClusterMetadata"),
            new InternalUse("io.petrel.consumer", "io.petrel.client.internal.config",
                    "the consumer declares its settings with client-core's ConfigSpec and shares the common keys"),
            new InternalUse("io.petrel.producer", "io.petrel.client.internal.metrics",
                    "the producer records its Kafka-named metrics in client-core's windowed MetricRegistry (JMX, reporters)"),
            new InternalUse("io.petrel.consumer", "io.petrel.client.internal.metrics",
                    "the consumer records its Kafka-named metrics in client-core's windowed MetricRegistry (JMX, reporters)"),
            new InternalUse("io.petrel.admin", "io.petrel.client.internal",
                    "the Admin client sends through client-core's ClientNetwork and finds coordinators with its"
                            + " CoordinatorLookup"),
            new InternalUse("io.petrel.admin", "io.petrel.client.internal.config",
                    "the Admin client declares its settings with client-core's ConfigSpec and shares the common keys"),
            new InternalUse("io.petrel.admin", "io.petrel.client.internal.network.ConnectFailedException",
                    "the Admin client reports a connection that could not be opened at once instead of retrying it"),
            new InternalUse("io.petrel.tools", "io.petrel.client.internal.network.ConnectFailedException",
                    "the tools name the address and the reason when no connection could be opened (refused, unknown"
                            + " host, not a Kafka port), in one line"));

    boolean allows(String fromTop, JavaClass used) {
        return from.equals(fromTop) && (target.equals(used.getPackageName()) || target.equals(used.getName()));
    }
}
