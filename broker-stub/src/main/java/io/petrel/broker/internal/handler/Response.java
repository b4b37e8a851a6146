package io.petrel.broker.internal.handler;

import io.petrel.protocol.Message;

/**
 * A handler's answer: a body to send, or nothing at all (Produce with acks=0 sends no response).
 * A body's RECORDS fields may hold {@link io.petrel.protocol.SplicedRecords} that the network layer
 * sends straight from files.
 */
public sealed interface Response {

    static Response of(Message body) {
        return new Body(body, false);
    }

    /** A body after which the connection is closed (a failed SASL authentication, as Kafka does it). */
    static Response ofThenClose(Message body) {
        return new Body(body, true);
    }

    static Response none() {
        return None.INSTANCE;
    }

    /**
     * A response body of the request's API, at the request's version.
     *
     * @param closeAfter whether the connection closes once the body is sent
     */
    record Body(Message body, boolean closeAfter) implements Response {
    }

    /** No response is sent. */
    enum None implements Response { INSTANCE }
}
