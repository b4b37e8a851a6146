package io.petrel.client.internal;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.testsupport.Await;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ClientNetwork} that unit tests of the producer and the consumer script by hand, in the client-core
 * test jar so that both share it: no socket, no broker.
 *
 * <p>Each API the code under test may call is registered with the version it is "negotiated" at (a body that caps
 * its version, {@link RequestBody#maxVersion}, goes at that cap when lower, as on the real network), and either
 * {@linkplain #handle answered by a handler} or {@linkplain #hold held} until the test takes it ({@link #takeHeld}) and answers it. Every request,
 * including one-way ones, is recorded as an {@link Exchange} ({@link #sent()}), in the order sent. A request for
 * an API not registered fails with an IllegalStateException naming it. Its metadata is a {@link ScriptedMetadata}
 * the test fills in.
 *
 * <p>Threading: {@link #inline()} builds bodies and answers on the calling thread, so a test that drives a
 * sender loop by hand sees each answer before the call returns; {@link #onIoThread()} does both on one "I/O"
 * thread, as the real network completes futures. Either way the exchange is recorded before the call returns.
 * {@link #ioThread()} lends that one thread, so a client that runs its loop there sees the answers of an
 * {@code onIoThread()} network on its own thread, as with the real one.
 * A handler that returns null leaves the request waiting as a long-polling fetch does: it is asked again 20 ms
 * later, on the I/O thread, and an empty response goes back if it returns null again.
 */
public final class ScriptedNetwork implements ClientNetwork {
    /** What the scripted brokers report in ApiVersions; none unless a test sets it. */
    public volatile FinalizedFeatures features = FinalizedFeatures.NONE;
    /** How long a request whose handler returned null waits before it is asked again. */
    private static final long HELD_ANSWER_MILLIS = 20;

    /** Answers one request: the node it went to and its body; null holds it briefly (an empty long poll). */
    @FunctionalInterface
    public interface Handler {
        Message answer(int node, Message request);
    }

    /**
     * One request the code under test made.
     *
     * @param node     the node (or dedicated connection id) it went to
     * @param api      its API
     * @param version  the version its body was built at
     * @param request  its body
     * @param response what the code under test waits on; completed with null for a one-way request
     */
    public record Exchange(int node, ApiKey api, short version, Message request, CompletableFuture<Response> response) {
        /** Completes the request with {@code body} as the broker's answer. */
        public void answer(Message body) {
            response.complete(new Response(node, version, body));
        }

        public boolean answered() {
            return response.isDone();
        }
    }

    private final boolean inline;
    private final Map<ApiKey, Short> versions = new ConcurrentHashMap<>();
    private final Map<ApiKey, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Exchange> sent = new CopyOnWriteArrayList<>();
    private final List<Exchange> held = new CopyOnWriteArrayList<>();
    /** The held requests {@link #takeHeld} returned, by identity (two requests may be equal). */
    private final Set<Exchange> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ScriptedMetadata metadata = new ScriptedMetadata();
    private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scripted-io");
        t.setDaemon(true);
        return t;
    });

    private ScriptedNetwork(boolean inline) {
        this.inline = inline;
    }

    /** A network that builds bodies and answers on the thread that sends. */
    public static ScriptedNetwork inline() {
        return new ScriptedNetwork(true);
    }

    /** A network that builds bodies and answers on one I/O thread of its own, as the real one does. */
    public static ScriptedNetwork onIoThread() {
        return new ScriptedNetwork(false);
    }

    /** Requests for {@code api} are built at {@code version} and answered by {@code handler}. */
    public ScriptedNetwork handle(ApiKey api, short version, Handler handler) {
        versions.put(api, version);
        handlers.put(api, handler);
        return this;
    }

    /** Requests for {@code api} are built at {@code version} and wait until the test answers them ({@link #takeHeld}). */
    public ScriptedNetwork hold(ApiKey api, short version) {
        versions.put(api, version);
        handlers.remove(api);
        return this;
    }

    /** Every request made so far, in order. */
    public List<Exchange> sent() {
        return List.copyOf(sent);
    }

    /** The requests for {@code api} made so far, in order. */
    public List<Exchange> sent(ApiKey api) {
        return sent.stream().filter(e -> e.api() == api).toList();
    }

    /**
     * The oldest held request for {@code api} the test has not taken yet, if any, now taken: a test takes each
     * request once, whether it answers it at once, later or never.
     */
    public synchronized Optional<Exchange> takeHeld(ApiKey api) {
        for (Exchange e : held) {
            if (e.api() == api && taken.add(e)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits (up to {@link Await#DEFAULT_LIMIT}) for a held request for {@code api} the test has not taken yet, and
     * takes it: for requests the code under test sends from a thread of its own.
     */
    public Exchange awaitHeld(ApiKey api) {
        AtomicReference<Exchange> taken = new AtomicReference<>();
        Await.until(() -> "a held " + api + " request", () -> {
            takeHeld(api).ifPresent(taken::set);
            return taken.get() != null;
        });
        return taken.get();
    }

    @Override
    public CompletableFuture<Response> send(int nodeId, ApiKey api, RequestBody body, Duration timeout) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        if (inline) {
            exchange(nodeId, api, body, response);
        } else {
            io.execute(() -> exchange(nodeId, api, body, response));
        }
        return response;
    }

    @Override
    public CompletableFuture<Void> sendOneWay(int nodeId, ApiKey api, RequestBody body) {
        CompletableFuture<Response> written = new CompletableFuture<>();
        Short registered = versions.get(api);
        if (registered == null) {
            return CompletableFuture.failedFuture(notScripted(api));
        }
        short version = (short) Math.min(registered, body.maxVersion());
        sent.add(new Exchange(nodeId, api, version, body.build(version), written));
        written.complete(null);
        return CompletableFuture.completedFuture(null);
    }

    /** Sends to node 0, the scripted cluster's first node. */
    @Override
    public CompletableFuture<Response> sendToAny(ApiKey api, RequestBody body, Duration timeout) {
        return send(0, api, body, timeout);
    }

    @Override
    public int inFlight(int nodeId) {
        return (int) sent.stream().filter(e -> e.node() == nodeId && !e.answered()).count();
    }

    @Override
    public FinalizedFeatures finalizedFeatures() {
        return features;
    }

    /** Its one "I/O" thread, the one {@link #onIoThread()} answers on, lent as the real network lends its own. */
    @Override
    public ScheduledExecutorService ioThread() {
        return io;
    }

    @Override
    public ScriptedMetadata metadata() {
        return metadata;
    }

    @Override
    public void close() {
        io.shutdownNow();
    }

    private void exchange(int nodeId, ApiKey api, RequestBody body, CompletableFuture<Response> response) {
        Short registered = versions.get(api);
        if (registered == null) {
            response.completeExceptionally(notScripted(api));
            return;
        }
        short version = (short) Math.min(registered, body.maxVersion());
        Message request;
        try {
            request = body.build(version);
        } catch (RuntimeException e) {
            response.completeExceptionally(e);
            return;
        }
        Exchange exchange = new Exchange(nodeId, api, version, request, response);
        sent.add(exchange);
        Handler handler = handlers.get(api);
        if (handler == null) {
            held.add(exchange); // The test takes and answers it.
            return;
        }
        Message answer = handler.answer(nodeId, request);
        if (answer != null) {
            exchange.answer(answer);
            return;
        }
        io.schedule(() -> {
            Message later = handler.answer(nodeId, request);
            exchange.answer(later != null ? later : api.responseSchema().newMessage());
        }, HELD_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static IllegalStateException notScripted(ApiKey api) {
        return new IllegalStateException("No handler for " + api + ": the test registers each API it expects with "
                + "handle or hold");
    }
}
