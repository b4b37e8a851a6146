package io.petrel.broker.internal.handler;

import io.petrel.protocol.Message;

/**
 * A handler's answer: a body to send, or nothing at all (Produce with acks=0 sends no response).
 * A body's RECORDS fields may hold {@link io.petrel.protocol.SplicedRecords} that the network layer
 * sends straight from files.
 */
public sealed interface Response {

    static Response of(Message body) {
        return new Body(body);
    }

    static Response none() {
        return None.INSTANCE;
    }

    /** A response body of the request's API, at the request's version. */
    record Body(Message body) implements Response {
    }

    /** No response is sent. */
    enum None implements Response { INSTANCE }
}
