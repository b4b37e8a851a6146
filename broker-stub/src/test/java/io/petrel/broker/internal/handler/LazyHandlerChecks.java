package io.petrel.broker.internal.handler;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks over a list of handlers of which some are built on their first request ({@link LazyRequestHandler}). */
public final class LazyHandlerChecks {
    private LazyHandlerChecks() {
    }

    /**
     * Builds each lazy handler in {@code handlers} and asserts it answers the same API and advertises the versions
     * the lazy one advertised before it was built (what ApiVersions lists).
     *
     * @return how many of {@code handlers} were lazy
     */
    public static int assertLazyOnesAdvertiseWhatTheyServe(List<RequestHandler> handlers) {
        int lazyOnes = 0;
        for (RequestHandler handler : handlers) {
            if (handler instanceof LazyRequestHandler lazy) {
                lazyOnes++;
                RequestHandler built = lazy.handler();
                assertEquals(lazy.api(), built.api());
                assertEquals(built.versions(), lazy.versions(), lazy.api().name());
            }
        }
        return lazyOnes;
    }
}
