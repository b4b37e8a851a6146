package io.petrel.broker.internal.group;

import io.petrel.broker.internal.handler.LazyRequestHandler;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestHandler;
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
            int lazyOnes = 0;
            for (RequestHandler handler : harness.coordinator().handlers(RequestAuthorizer.allowAll())) {
                if (handler instanceof LazyRequestHandler lazy) {
                    lazyOnes++;
                    RequestHandler built = lazy.handler();
                    assertEquals(lazy.api(), built.api());
                    assertEquals(built.versions(), lazy.versions(), lazy.api().name());
                }
            }
            assertEquals(11, lazyOnes, "all group handlers but OffsetCommit and OffsetFetch are built on first use");
        }
    }
}
