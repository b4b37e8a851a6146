package io.petrel.broker.internal.handler;

import io.petrel.protocol.ApiKey;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The handler for each API this broker serves; what ApiVersions advertises is read from here. */
public final class HandlerRegistry {
    private final Map<ApiKey, RequestHandler> handlers = new EnumMap<>(ApiKey.class);

    public HandlerRegistry(List<RequestHandler> all) {
        for (RequestHandler handler : all) {
            RequestHandler previous = handlers.put(handler.api(), handler);
            if (previous != null) {
                throw new IllegalArgumentException("Two handlers for " + handler.api() + ": "
                        + previous.getClass().getSimpleName() + " and " + handler.getClass().getSimpleName());
            }
        }
    }

    public Optional<RequestHandler> handler(ApiKey api) {
        return Optional.ofNullable(handlers.get(api));
    }

    public Collection<RequestHandler> all() {
        return Collections.unmodifiableCollection(handlers.values());
    }
}
