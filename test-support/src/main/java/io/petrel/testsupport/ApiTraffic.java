package io.petrel.testsupport;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Bytes and frames a {@link FaultProxy} forwarded, per Kafka API key: requests from clients, and the responses
 * that answered them (matched by correlation id). Each frame's bytes include its 4-byte size prefix, so they are
 * what crossed the wire.
 */
public final class ApiTraffic {
    private static final int MAX_API_KEYS = 128;
    private static final int REQUESTS = 0;
    private static final int REQUEST_BYTES = 1;
    private static final int RESPONSES = 2;
    private static final int RESPONSE_BYTES = 3;

    private final AtomicLongArray counts = new AtomicLongArray(MAX_API_KEYS * 4);

    ApiTraffic() {
    }

    /**
     * What the proxy forwarded of one API so far.
     *
     * @param requests      requests forwarded to the broker
     * @param requestBytes  their bytes
     * @param responses     responses forwarded to clients
     * @param responseBytes their bytes
     */
    public record Totals(long requests, long requestBytes, long responses, long responseBytes) {
        /** What happened between {@code earlier} and this. */
        public Totals since(Totals earlier) {
            return new Totals(requests - earlier.requests, requestBytes - earlier.requestBytes,
                    responses - earlier.responses, responseBytes - earlier.responseBytes);
        }
    }

    /** The totals of API {@code apiKey} (Fetch is 1). */
    public Totals of(int apiKey) {
        int base = index(apiKey);
        return new Totals(counts.get(base + REQUESTS), counts.get(base + REQUEST_BYTES), counts.get(base + RESPONSES),
                counts.get(base + RESPONSE_BYTES));
    }

    void request(int apiKey, int bytes) {
        if (apiKey >= 0 && apiKey < MAX_API_KEYS) {
            counts.incrementAndGet(index(apiKey) + REQUESTS);
            counts.addAndGet(index(apiKey) + REQUEST_BYTES, bytes);
        }
    }

    void response(int apiKey, int bytes) {
        if (apiKey >= 0 && apiKey < MAX_API_KEYS) {
            counts.incrementAndGet(index(apiKey) + RESPONSES);
            counts.addAndGet(index(apiKey) + RESPONSE_BYTES, bytes);
        }
    }

    private static int index(int apiKey) {
        if (apiKey < 0 || apiKey >= MAX_API_KEYS) {
            throw new IllegalArgumentException("API key " + apiKey + " is not in 0.." + (MAX_API_KEYS - 1));
        }
        return apiKey * 4;
    }
}
