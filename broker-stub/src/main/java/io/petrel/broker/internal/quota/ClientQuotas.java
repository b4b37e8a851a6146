package io.petrel.broker.internal.quota;

import io.petrel.broker.internal.MonotonicClock;
import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.protocol.ApiKey;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The broker's client quotas: the store, the two quota APIs, and enforcement of {@code producer_byte_rate} on Produce
 * and {@code consumer_byte_rate} on Fetch, measured as Kafka measures them ({@code quota.window.num} 11 samples of
 * {@code quota.window.size.seconds} 1 s) on the broker's monotonic clock.
 *
 * <p>Approximations, against Kafka: the bytes counted are the record batches of a Produce request and of a Fetch
 * response (Kafka counts the whole request and response); {@code request_percentage}, {@code controller_mutation_rate}
 * and {@code connection_creation_rate} are stored, validated and described but not enforced; a throttled acks=0
 * Produce does not mute its connection; older Produce and Fetch versions (before KIP-219) are throttled the same way
 * as newer ones (Kafka delays their response instead).
 */
public final class ClientQuotas {
    /** Kafka's {@code quota.window.num} default. */
    public static final int WINDOW_NUM = 11;
    /** Kafka's {@code quota.window.size.seconds} default, in ms. */
    public static final long WINDOW_SIZE_MS = 1000;

    private final ClientQuotaStore store;
    private final RateQuotas produce;
    private final RateQuotas fetch;

    private ClientQuotas(ClientQuotaStore store, MonotonicClock clock) {
        this.store = store;
        this.produce = new RateQuotas(QuotaKey.PRODUCER_BYTE_RATE, store, clock, WINDOW_NUM, WINDOW_SIZE_MS);
        this.fetch = new RateQuotas(QuotaKey.CONSUMER_BYTE_RATE, store, clock, WINDOW_NUM, WINDOW_SIZE_MS);
    }

    /** The quotas stored in {@code dataDir}, measured on {@code clock}. */
    public static ClientQuotas open(Path dataDir, MonotonicClock clock) throws IOException {
        return new ClientQuotas(ClientQuotaStore.open(dataDir), clock);
    }

    /** The DescribeClientQuotas and AlterClientQuotas handlers. */
    public List<RequestHandler> handlers(RequestAuthorizer access) {
        return List.of(new DescribeClientQuotasHandler(store, access), new AlterClientQuotasHandler(store, access));
    }

    /** Replaces the Produce and Fetch handlers in {@code handlers} by ones that enforce the byte-rate quotas. */
    public void enforceOn(List<RequestHandler> handlers) {
        handlers.replaceAll(handler -> handler.api() == ApiKey.PRODUCE ? new ThrottledProduceHandler(handler, produce)
                : handler.api() == ApiKey.FETCH ? new ThrottledFetchHandler(handler, fetch)
                : handler);
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
