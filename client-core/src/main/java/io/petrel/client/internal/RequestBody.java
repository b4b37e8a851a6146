package io.petrel.client.internal;

import io.petrel.protocol.Message;

/**
 * Builds a request body once the version to send is known: a body's fields depend on the version
 * (topic ids from Produce v13 on, say), and the version depends on what the broker speaks.
 */
@FunctionalInterface
public interface RequestBody {
    Message build(short version);
}
