package io.petrel.admin;

import io.petrel.broker.PetrelBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

/**
 * The Admin contract against Petrel's broker-stub, in-process. broker-stub does not serve DeleteRecords,
 * DeleteGroups, OffsetDelete and IncrementalAlterConfigs yet (they come with the compaction branch, issue #14):
 * the contract's calls of those are skipped here by assumptions naming the API, and run against real Kafka.
 */
class AdminOnBrokerStubTest extends AdminContract {
    @RegisterExtension
    static final PetrelBrokerExtension BROKER = new PetrelBrokerExtension();

    @Override
    protected String bootstrapServers() {
        return BROKER.broker().bootstrapServers();
    }

    @Override
    protected Set<String> apisNotServed() {
        return Set.of("DeleteRecords", "DeleteGroups", "OffsetDelete", "IncrementalAlterConfigs");
    }
}
