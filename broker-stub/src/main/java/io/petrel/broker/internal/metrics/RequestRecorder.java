package io.petrel.broker.internal.metrics;

import io.petrel.protocol.ApiKey;

/** Told when a request has been answered, with the time from reading it to writing its response. */
@FunctionalInterface
public interface RequestRecorder {
    /** Records nothing: for a server built without metrics. */
    RequestRecorder NONE = (api, version, nanos) -> { };

    /** Called on the connection's event loop; must not block. */
    void served(ApiKey api, short version, long nanos);
}
