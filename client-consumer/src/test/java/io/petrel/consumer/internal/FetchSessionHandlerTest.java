package io.petrel.consumer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.consumer.internal.FetchSessionHandler.PartitionFetch;
import io.petrel.consumer.internal.FetchSessionHandler.SessionRequest;
import io.petrel.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer's side of a fetch session: full then incremental requests, and the fall back to full ones. */
class FetchSessionHandlerTest {
    private static final short V = 17;
    private static final UUID ID = new UUID(1, 2);
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    private final FetchSessionHandler handler = new FetchSessionHandler(1);

    private static PartitionFetch at(TopicPartition tp, long offset) {
        return new PartitionFetch(tp, ID, offset, 5, 1 << 20);
    }

    /** Builds, and answers with {@code sessionId} and no partitions. */
    private SessionRequest roundTrip(int sessionId, PartitionFetch... wanted) {
        SessionRequest sent = handler.build(List.of(wanted), V);
        assertTrue(handler.handleResponse(sent, ErrorCode.NONE, sessionId, Set.of()));
        return sent;
    }

    @Test
    void aFullFetchOpensTheSessionAndLaterOnesNameOnlyChanges() {
        SessionRequest first = roundTrip(42, at(P0, 0), at(P1, 0));
        assertEquals(0, first.sessionId());
        assertEquals(0, first.epoch());
        assertEquals(List.of(at(P0, 0), at(P1, 0)), first.toSend());

        SessionRequest same = roundTrip(42, at(P0, 0), at(P1, 0));
        assertEquals(42, same.sessionId());
        assertEquals(1, same.epoch());
        assertEquals(List.of(), same.toSend(), "nothing changed: no partition named");
        assertEquals(List.of(), same.forgotten());

        SessionRequest moved = roundTrip(42, at(P0, 10), at(P2, 0));
        assertEquals(2, moved.epoch());
        assertEquals(List.of(at(P0, 10), at(P2, 0)), moved.toSend(), "an altered offset and an added partition");
        assertEquals(List.of(at(P1, 0)), moved.forgotten(), "a partition not wanted this time is forgotten");

        PartitionFetch recreated = new PartitionFetch(P2, new UUID(9, 9), 0, 5, 1 << 20);
        SessionRequest replaced = roundTrip(42, at(P0, 10), recreated);
        assertEquals(List.of(recreated), replaced.toSend());
        assertEquals(List.of(at(P2, 0)), replaced.forgotten(), "a recreated topic's old id is forgotten");
        assertEquals(4, handler.nextEpoch());
    }

    @Test
    void anUnknownSessionStartsOverWithANewOne() {
        roundTrip(42, at(P0, 0));
        SessionRequest incremental = handler.build(List.of(at(P0, 0)), V);
        assertFalse(handler.handleResponse(incremental, ErrorCode.FETCH_SESSION_ID_NOT_FOUND, 0, Set.of()));
        SessionRequest next = handler.build(List.of(at(P0, 0)), V);
        assertEquals(0, next.sessionId());
        assertEquals(0, next.epoch());
        assertEquals(List.of(at(P0, 0)), next.toSend());
    }

    @Test
    void otherSessionErrorsAndFailuresCloseTheSessionWithTheNextFullFetch() {
        roundTrip(42, at(P0, 0));
        SessionRequest incremental = handler.build(List.of(at(P0, 0)), V);
        assertFalse(handler.handleResponse(incremental, ErrorCode.INVALID_FETCH_SESSION_EPOCH, 0, Set.of()));
        SessionRequest full = handler.build(List.of(at(P0, 0)), V);
        assertEquals(42, full.sessionId(), "the full fetch names the session it replaces");
        assertEquals(0, full.epoch());

        assertTrue(handler.handleResponse(full, ErrorCode.NONE, 43, Set.of(P0)));
        handler.build(List.of(at(P0, 0)), V);
        handler.handleError();
        assertEquals(43, handler.build(List.of(at(P0, 0)), V).sessionId());
        assertEquals(0, handler.nextEpoch());
    }

    @Test
    void aResponseNamingAPartitionTheFetchDidNotAskIsRejected() {
        roundTrip(42, at(P0, 0));
        SessionRequest incremental = handler.build(List.of(at(P0, 0)), V);
        assertFalse(handler.handleResponse(incremental, ErrorCode.NONE, 42, Set.of(P1)));
        assertEquals(0, handler.nextEpoch());
    }

    @Test
    void aBrokerWithoutSlotsKeepsEveryFetchFull() {
        roundTrip(0, at(P0, 0));
        SessionRequest again = handler.build(List.of(at(P0, 0)), V);
        assertEquals(0, again.epoch());
        assertEquals(List.of(at(P0, 0)), again.toSend());
    }

    @Test
    void oldVersionsFetchWithoutSessionsAndAChangeOfTopicNamingStartsOver() {
        SessionRequest v6 = handler.build(List.of(at(P0, 0)), (short) 6);
        assertEquals(-1, v6.epoch());
        roundTrip(42, at(P0, 0));
        SessionRequest byName = handler.build(List.of(at(P0, 0)), (short) 12);
        assertEquals(0, byName.epoch(), "a session opened by topic id cannot go on by name");
        assertEquals(42, byName.sessionId());
    }

    @Test
    void closingSendsTheFinalEpochOnce() {
        assertNull(handler.closeRequest(), "no session, nothing to close");
        roundTrip(42, at(P0, 0));
        SessionRequest close = handler.closeRequest();
        assertEquals(42, close.sessionId());
        assertEquals(-1, close.epoch());
        assertEquals(List.of(), close.toSend());
        assertNull(handler.closeRequest());
    }

    @Test
    void aFetchBuiltAfterTheCloseOpensNoSession() {
        roundTrip(42, at(P0, 0));
        assertEquals(42, handler.close().sessionId());
        // A fetch planned before the close, whose body the network builds only now.
        SessionRequest late = handler.build(List.of(at(P0, 0), at(P1, 0)), V);
        assertEquals(0, late.sessionId());
        assertEquals(-1, late.epoch(), "without a session: epoch 0 would open one that nothing closes");
        assertEquals(List.of(at(P0, 0), at(P1, 0)), late.toSend());
        assertTrue(handler.handleResponse(late, ErrorCode.NONE, 0, Set.of(P0)));
        assertNull(handler.close(), "nothing left to close");
    }

    @Test
    void aSessionThatAFullFetchInFlightOpensAfterTheCloseIsLeftToClose() {
        SessionRequest opening = handler.build(List.of(at(P0, 0)), V);
        assertTrue(handler.opensASession(), "the fetch in flight may open a session");
        assertNull(handler.close(), "no session yet");
        assertFalse(handler.opensASession(), "closed: no fetch opens one now");
        assertTrue(handler.handleResponse(opening, ErrorCode.NONE, 77, Set.of(P0)));
        SessionRequest close = handler.closeRequest();
        assertEquals(77, close.sessionId(), "the session the broker opened for the fetch built before the close");
        assertEquals(-1, close.epoch());
        assertNull(handler.closeRequest());
    }

    @Test
    void anOpenSessionFetchesIncrementallySoNoFetchInFlightOpensAnother() {
        roundTrip(42, at(P0, 0));
        assertFalse(handler.opensASession());
        SessionRequest incremental = handler.build(List.of(at(P0, 0)), V);
        assertEquals(42, handler.close().sessionId());
        assertTrue(handler.handleResponse(incremental, ErrorCode.NONE, 42, Set.of()));
        assertNull(handler.closeRequest(), "the session was closed once already");
    }
}
