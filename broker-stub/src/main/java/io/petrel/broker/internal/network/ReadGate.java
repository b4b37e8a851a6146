package io.petrel.broker.internal.network;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one place that decides whether a connection is read: it is read while no {@link Reason} holds it back.
 * Several parts of the pipeline stop reading for reasons of their own (a long request backlog, full memory, a peer
 * that does not take its responses); each pauses and resumes only its own reason, so one never undoes another's
 * pause by turning Netty's auto-read back on. Event-loop confined, as the channel's handlers are.
 */
final class ReadGate {
    /** Why a connection is not being read. */
    enum Reason {
        /** Too many requests read and waiting to be served (ConnectionHandler's backlog). */
        REQUEST_BACKLOG,
        /** queued.max.request.bytes reached across the broker (RequestMemoryPool). */
        REQUEST_MEMORY,
        /** The peer does not take its responses: the channel is not writable. */
        UNSENT_RESPONSES,
        /** A quota throttled the last response (KIP-219): the connection is muted for the throttle time. */
        THROTTLED
    }

    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf(ReadGate.class, "readGate");

    private final Channel channel;
    private final EnumSet<Reason> paused = EnumSet.noneOf(Reason.class);

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** The gate of {@code channel}, made on first use. */
    static ReadGate of(Channel channel) {
        ReadGate gate = channel.attr(KEY).get();
        if (gate == null) {
            gate = new ReadGate(channel);
            channel.attr(KEY).set(gate);
        }
        return gate;
    }

    void pause(Reason reason) {
        if (paused.add(reason)) {
            channel.config().setAutoRead(false);
        }
    }

    void resume(Reason reason) {
        if (paused.remove(reason) && paused.isEmpty()) {
            channel.config().setAutoRead(true);
        }
    }

    boolean isPaused(Reason reason) {
        return paused.contains(reason);
    }

    /** Every reason holding the connection back now, a copy. */
    Set<Reason> pausedReasons() {
        return paused.isEmpty() ? Set.of() : Set.copyOf(paused);
    }
}
