package io.petrel.broker.internal.quota;

import io.petrel.broker.QuotaWindow;
import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.protocol.ApiKey;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The broker's client quotas: the store, the two quota APIs, and enforcement of {@code producer_byte_rate} on Produce,
 * {@code consumer_byte_rate} on Fetch and {@code request_percentage} on every API but ApiVersions and the SASL ones,
 * measured as Kafka measures them (over {@code quota.window.num} samples of {@code quota.window.size.seconds}, by
 * default 11 of 1 s) on the broker's monotonic clock.
 *
 * <p>Approximations, against Kafka: the bytes counted are the record batches of a Produce request and of a Fetch
 * response (Kafka counts the whole request and response); request time is the handler's call only (see
 * {@link ThrottledRequestHandler}); {@code controller_mutation_rate} and {@code connection_creation_rate} are stored,
 * validated and described but not enforced; a throttled acks=0
 * Produce does not mute its connection; older Produce and Fetch versions (before KIP-219) are throttled the same way
 * as newer ones (Kafka delays their response instead).
 */
public final class ClientQuotas {
    private final ClientQuotaStore store;
    private final RateQuotas produce;
    private final RateQuotas fetch;
    private final RateQuotas requestTime;
    private final LongSupplier nanoTime;

    private ClientQuotas(ClientQuotaStore store, LongSupplier nanoTime, QuotaWindow window) {
        MonotonicClock clock = new MonotonicClock(nanoTime);
        int samples = window.samples();
        long sampleMs = window.sampleSize().toMillis();
        this.store = store;
        this.nanoTime = nanoTime;
        this.produce = new RateQuotas(QuotaKey.PRODUCER_BYTE_RATE, store, clock, samples, sampleMs);
        this.fetch = new RateQuotas(QuotaKey.CONSUMER_BYTE_RATE, store, clock, samples, sampleMs);
        this.requestTime = new RateQuotas(QuotaKey.REQUEST_PERCENTAGE, store, clock, samples, sampleMs);
    }

    /**
     * The quotas stored in {@code dataDir}, measured on a monotonic nanosecond source.
     *
     * @param nanoTime the broker's monotonic source ({@code System::nanoTime}; tests pass a manual clock's)
     * @param window   how rates are measured ({@code quota.window.*})
     */
    public static ClientQuotas open(Path dataDir, LongSupplier nanoTime, QuotaWindow window) throws IOException {
        return new ClientQuotas(ClientQuotaStore.open(dataDir), nanoTime, window);
    }

    /** The DescribeClientQuotas and AlterClientQuotas handlers. */
    public List<RequestHandler> handlers(RequestAuthorizer access) {
        return List.of(new DescribeClientQuotasHandler(store, access), new AlterClientQuotasHandler(store, access));
    }

    /**
     * Replaces the handlers in {@code handlers} by ones that enforce the quotas: byte rates on Produce and Fetch,
     * request time on all but ApiVersions and the SASL APIs (served before a client is known, as Kafka exempts them).
     */
    public void enforceOn(List<RequestHandler> handlers) {
        handlers.replaceAll(this::enforcing);
    }

    private RequestHandler enforcing(RequestHandler handler) {
        RequestHandler byteRate = handler.api() == ApiKey.PRODUCE ? new ThrottledProduceHandler(handler, produce)
                : handler.api() == ApiKey.FETCH ? new ThrottledFetchHandler(handler, fetch)
                : handler;
        return switch (handler.api()) {
            case API_VERSIONS, SASL_HANDSHAKE, SASL_AUTHENTICATE -> byteRate;
            default -> new ThrottledRequestHandler(byteRate, requestTime, nanoTime);
        };
    }

    /** The quota user of a request: its principal's name ({@code ANONYMOUS} when nothing authenticated it). */
    static String user(RequestContext context) {
        return context.principal().name();
    }

    /** The quota client-id of a request: the header's, {@code ""} when null. */
    static String clientId(RequestContext context) {
        return context.clientId() == null ? "" : context.clientId();
    }

    static int asInt(long throttleMs) {
        return (int) Math.min(Integer.MAX_VALUE, throttleMs);
    }
}
