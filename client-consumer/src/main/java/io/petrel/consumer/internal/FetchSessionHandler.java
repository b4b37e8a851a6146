package io.petrel.consumer.internal;

import io.petrel.client.TopicPartition;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The consumer's side of one broker's incremental fetch session (KIP-227), as kafka-clients keeps it: which
 * partitions the broker holds in the session and with what fetch parameters, the session id and the next epoch.
 *
 * <p>How it works: {@link #build} turns the partitions to fetch now into a request. The first is full (epoch 0) and
 * asks the broker to open a session; once one is open, requests are incremental and name only partitions added or
 * altered (offset, leader epoch, max bytes, topic id) and, as forgotten, those the session has but this fetch does
 * not want (unassigned, paused, or with enough data buffered). {@link #handleResponse} moves the epoch on, or, on a
 * session error or a response naming a partition the session lacks, falls back to a full fetch that closes the
 * session and opens another (FETCH_SESSION_ID_NOT_FOUND: one that opens a new session only). A failed request does
 * the same. {@link #close} closes the session (epoch -1) when the consumer closes; a fetch built after that (one
 * planned before the close whose body the network builds later) goes without a session, so it opens none that nothing
 * would close; a full fetch built before the close and answered after it leaves its new session's id for
 * {@link #closeRequest}, which the consumer sends once that answer is in. Building changes nothing:
 * what a request would make of the session is applied when its response arrives, so a request that never goes out
 * leaves the session as it was. Methods are synchronized: the network thread builds and handles, the application
 * thread closes.
 */
final class FetchSessionHandler {
    private static final Logger log = LoggerFactory.getLogger(FetchSessionHandler.class);
    static final int FIRST_SESSION_VERSION = 7;
    static final int FIRST_TOPIC_ID_VERSION = 13;
    static final int INITIAL_EPOCH = 0;
    static final int FINAL_EPOCH = -1;

    /** What one partition's fetch asks: the fields an incremental request repeats only when they change. */
    record PartitionFetch(TopicPartition tp, UUID topicId, long fetchOffset, int leaderEpoch, int maxBytes) {
    }

    /**
     * One request's session fields and partitions.
     *
     * @param sessionId the session id to send
     * @param epoch     the epoch to send (0: full, opening a session; -1: full without one, or closing)
     * @param toSend    partitions the request names (all of them in a full request)
     * @param forgotten partitions the request removes from the session (with the topic id they were added by)
     * @param next      what the session holds once the broker applied this request
     * @param byId      whether the request names topics by id (Fetch v13+)
     */
    record SessionRequest(int sessionId, int epoch, List<PartitionFetch> toSend, List<PartitionFetch> forgotten,
                          Map<TopicPartition, PartitionFetch> next, boolean byId) {
        boolean full() {
            return epoch == INITIAL_EPOCH || epoch == FINAL_EPOCH;
        }
    }

    private final int node;
    private int sessionId;
    private int nextEpoch = INITIAL_EPOCH;
    private boolean closed;
    private boolean byId;
    /** What the broker's session holds, in the order it was built. */
    private Map<TopicPartition, PartitionFetch> session = new LinkedHashMap<>();

    FetchSessionHandler(int node) {
        this.node = node;
    }

    /** The request fetching {@code wanted} (in order) at {@code version}. Changes nothing until its response. */
    synchronized SessionRequest build(List<PartitionFetch> wanted, short version) {
        Map<TopicPartition, PartitionFetch> next = new LinkedHashMap<>();
        for (PartitionFetch p : wanted) {
            next.put(p.tp(), p);
        }
        boolean requestById = version >= FIRST_TOPIC_ID_VERSION;
        if (version < FIRST_SESSION_VERSION || closed) {
            return new SessionRequest(0, FINAL_EPOCH, wanted, List.of(), next, requestById);
        }
        if (nextEpoch == INITIAL_EPOCH || requestById != byId) {
            // A full fetch; with a session id it also closes that session (a changed topic naming needs a new one).
            return new SessionRequest(sessionId, INITIAL_EPOCH, wanted, List.of(), next, requestById);
        }
        List<PartitionFetch> toSend = new ArrayList<>();
        List<PartitionFetch> forgotten = new ArrayList<>();
        for (PartitionFetch p : wanted) {
            PartitionFetch held = session.get(p.tp());
            if (held == null) {
                toSend.add(p);
            } else if (!Objects.equals(held.topicId(), p.topicId())) {
                // The topic was recreated under a new id: the old partition goes, the new one comes.
                forgotten.add(held);
                toSend.add(p);
            } else if (!held.equals(p)) {
                toSend.add(p);
            }
        }
        for (PartitionFetch held : session.values()) {
            if (!next.containsKey(held.tp())) {
                forgotten.add(held);
            }
        }
        return new SessionRequest(sessionId, nextEpoch, toSend, forgotten, next, requestById);
    }

    /**
     * Takes in the response to {@code sent}.
     *
     * @param error     the response's top-level error
     * @param sessionId the session id it carries
     * @param answered  the partitions it answers
     * @return whether its partitions are to be read; false after a session error
     */
    synchronized boolean handleResponse(SessionRequest sent, ErrorCode error, int sessionId,
                                        Collection<TopicPartition> answered) {
        if (error != ErrorCode.NONE) {
            if (error == ErrorCode.FETCH_SESSION_ID_NOT_FOUND) {
                log.debug("Node {} has no fetch session {}; the next fetch is full and opens a new one", node,
                        sent.sessionId());
                reset(0);
            } else {
                log.info("Node {} answered fetch session {} epoch {} with {}; the next fetch is full", node,
                        sent.sessionId(), sent.epoch(), error);
                reset(this.sessionId);
            }
            return false;
        }
        for (TopicPartition tp : answered) {
            if (!sent.next().containsKey(tp)) {
                log.info("Node {} answered fetch session {} with {}, which the fetch did not ask; the next fetch is "
                        + "full", node, sent.sessionId(), tp);
                reset(this.sessionId);
                return false;
            }
        }
        if (closed) {
            if (sent.epoch() == INITIAL_EPOCH && sessionId != 0) {
                // A full fetch built before the close opened this session after it: kept for closeRequest.
                this.sessionId = sessionId;
                this.byId = sent.byId();
            }
            return true;
        }
        if (sent.epoch() == FINAL_EPOCH) {
            return true;
        }
        if (sessionId == 0) {
            if (!sent.full()) {
                log.debug("Node {} closed fetch session {}", node, sent.sessionId());
            }
            reset(0);
            return true;
        }
        this.sessionId = sessionId;
        this.nextEpoch = sent.full() ? 1 : next(sent.epoch());
        this.byId = sent.byId();
        this.session = sent.next();
        return true;
    }

    /** The request failed (disconnected, timed out): the next fetch is full, closing the session if there is one. */
    synchronized void handleError() {
        reset(sessionId);
    }

    /**
     * Whether the next fetch built opens a session (it is full, at epoch 0): with one fetch in flight per node, also
     * what the one in flight was built as, so a closing consumer knows whether its answer may name a new session.
     */
    synchronized boolean opensASession() {
        return !closed && nextEpoch == INITIAL_EPOCH;
    }

    /**
     * The consumer closes: returns the request closing this node's session (null when there is none), and fetches
     * built from now on open no session. A session that a fetch built before opens later is left for
     * {@link #closeRequest} once that fetch's answer is in.
     */
    synchronized SessionRequest close() {
        closed = true;
        return closeRequest();
    }

    /** The request closing this node's session, or null when there is none. */
    synchronized SessionRequest closeRequest() {
        if (sessionId == 0) {
            return null;
        }
        SessionRequest close = new SessionRequest(sessionId, FINAL_EPOCH, List.of(), List.of(), Map.of(), byId);
        reset(0);
        return close;
    }

    /** The session id (0: none), for tests and logs. */
    synchronized int sessionId() {
        return sessionId;
    }

    /** The epoch the next request carries (0: full). */
    synchronized int nextEpoch() {
        return nextEpoch;
    }

    private void reset(int keptSessionId) {
        this.sessionId = keptSessionId;
        this.nextEpoch = INITIAL_EPOCH;
        this.session = new LinkedHashMap<>();
    }

    private static int next(int epoch) {
        return epoch == Integer.MAX_VALUE ? 1 : epoch + 1;
    }
}
