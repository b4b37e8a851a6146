package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LazyRequestHandlerTest {

    @Test
    void advertisesItsApiAndVersionsWithoutBuildingTheHandler() {
        AtomicInteger built = new AtomicInteger();
        LazyRequestHandler lazy = new LazyRequestHandler(ApiKey.DESCRIBE_ACLS, api -> {
            built.incrementAndGet();
            return new DescribeAclsHandler(RequestAuthorizer.allowAll());
        });

        assertEquals(ApiKey.DESCRIBE_ACLS, lazy.api());
        assertEquals(ApiKey.DESCRIBE_ACLS.versions(), lazy.versions());
        assertEquals(0, built.get(), "ApiVersions reads api() and versions() only: nothing is built for it");
    }

    @Test
    void buildsTheHandlerOnceWhenFirstRequestsRace() throws Exception {
        AtomicInteger built = new AtomicInteger();
        LazyRequestHandler lazy = new LazyRequestHandler(ApiKey.DESCRIBE_ACLS, api -> {
            built.incrementAndGet();
            return new DescribeAclsHandler(RequestAuthorizer.allowAll());
        });
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<RequestHandler>> handlers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                handlers.add(pool.submit(() -> {
                    go.await();
                    return lazy.handler();
                }));
            }
            go.countDown();
            RequestHandler first = handlers.get(0).get();
            for (Future<RequestHandler> handler : handlers) {
                assertSame(first, handler.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, built.get());
    }

    @Test
    void refusesAHandlerOfAnotherApi() {
        LazyRequestHandler lazy = new LazyRequestHandler(ApiKey.DESCRIBE_ACLS,
                api -> new CreateAclsHandler(RequestAuthorizer.allowAll()));

        IllegalStateException e = assertThrows(IllegalStateException.class, lazy::handler);
        assertTrue(e.getMessage().contains("CREATE_ACLS") && e.getMessage().contains("DESCRIBE_ACLS"), e.getMessage());
    }

    /** What ApiVersions advertises for a handler not built yet is what the built one would have advertised. */
    @Test
    void everyLazyDataPlaneHandlerAdvertisesWhatItsBuiltHandlerServes(@TempDir Path dir) throws Exception {
        try (HandlerFixture fx = new HandlerFixture(dir)) {
            int lazyOnes = LazyHandlerChecks.assertLazyOnesAdvertiseWhatTheyServe(fx.handlers);
            assertEquals(27, lazyOnes, "the data-plane and transaction handlers built on first use");
        }
    }
}
