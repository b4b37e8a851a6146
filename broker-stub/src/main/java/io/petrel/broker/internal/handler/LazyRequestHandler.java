package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A handler built on the first request of its API, not when the broker starts.
 *
 * <p>Why: a broker's first start in a fresh JVM is mostly class loading, and a first client asks for a few APIs
 * (ApiVersions, Metadata, Produce...) out of the ~70 the broker serves. Building every handler at start loaded each
 * handler's class and the classes its constructor touches before the first answer. Only handlers whose constructor
 * just keeps its arguments are built this way: building one cannot fail, so no start-up error moves to a first
 * request. The versions advertised in ApiVersions are the API's range in {@link ApiKey}, as the built handler's
 * are ({@code LazyRequestHandlerTest} checks each one).
 *
 * <p>Thread-safe: requests of one API may arrive on several event loops at once; the handler is built once.
 */
public final class LazyRequestHandler implements RequestHandler {

    /** Builds the handler of an API; called at most once per {@link LazyRequestHandler}. */
    @FunctionalInterface
    public interface Factory {
        RequestHandler build(ApiKey api);
    }

    private final ApiKey api;
    private final Factory factory;
    private volatile RequestHandler built;

    public LazyRequestHandler(ApiKey api, Factory factory) {
        this.api = Objects.requireNonNull(api, "api");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** One lazy handler for each of {@code apis}, all built by {@code factory}. */
    public static List<RequestHandler> each(Factory factory, List<ApiKey> apis) {
        // A loop, not a stream: this runs in every broker's start, where a stream's classes are one more thing a
        // fresh JVM loads before the first answer.
        List<RequestHandler> handlers = new ArrayList<>(apis.size());
        for (ApiKey api : apis) {
            handlers.add(new LazyRequestHandler(api, factory));
        }
        return List.copyOf(handlers);
    }

    @Override
    public ApiKey api() {
        return api;
    }

    @Override
    public Versions versions() {
        return api.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return handler().handle(context, request);
    }

    /** The built handler, building it if no request has yet. */
    public RequestHandler handler() {
        RequestHandler handler = built;
        if (handler != null) {
            return handler;
        }
        synchronized (this) {
            if (built == null) {
                RequestHandler made = factory.build(api);
                if (made.api() != api) {
                    throw new IllegalStateException("The factory built a handler of " + made.api() + " for " + api);
                }
                built = made;
            }
            return built;
        }
    }
}
