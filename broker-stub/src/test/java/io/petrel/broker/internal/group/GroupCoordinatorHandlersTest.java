package io.petrel.broker.internal.group;

import io.petrel.broker.internal.handler.LazyHandlerChecks;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GroupCoordinatorHandlersTest {

    /** What ApiVersions advertises for a group handler not built yet is what the built one would have advertised. */
    @Test
    void everyLazyGroupHandlerAdvertisesWhatItsBuiltHandlerServes(@TempDir Path dir) throws Exception {
        try (GroupHarness harness = new GroupHarness(dir, Duration.ZERO, new OffsetCommitFetchTest.TwoTopics())) {
            int lazyOnes = LazyHandlerChecks.assertLazyOnesAdvertiseWhatTheyServe(
                    harness.coordinator().handlers(RequestAuthorizer.allowAll()));
            assertEquals(11, lazyOnes, "all group handlers but OffsetCommit and OffsetFetch are built on first use");
        }
    }
}
