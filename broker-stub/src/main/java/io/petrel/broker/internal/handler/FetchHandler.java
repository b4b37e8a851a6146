package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.fetchsession.CachedPartition;
import io.petrel.broker.internal.fetchsession.FetchSession;
import io.petrel.broker.internal.fetchsession.FetchSessionCache;
import io.petrel.broker.internal.fetchsession.PartitionRequest;
import io.petrel.broker.internal.fetchsession.SessionPartition;
import io.petrel.broker.internal.metrics.TopicTraffic;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicPartition;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchRequest.FetchPartition;
import io.petrel.protocol.schemas.FetchRequest.FetchTopic;
import io.petrel.protocol.schemas.FetchRequest.ForgottenTopic;
import io.petrel.protocol.schemas.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Answers Fetch (v4-18): reads each requested partition from its offset, and long-polls when there is
 * less than min_bytes to return.
 *
 * <p>Fetch sessions (KIP-227, Fetch v7+), kept in a {@link FetchSessionCache}: a full fetch (epoch 0 or -1) closes
 * the session it names, if any; with epoch 0 it is answered in full and creates a session from what it asked and
 * was told (session id 0 in the response when no slot could be had), with -1 it is answered without one. An
 * incremental fetch (epoch above 0) names only the partitions it adds or alters and forgets others; the handler
 * reads all of the session's partitions and answers only those with records, an error or metadata the client was
 * not told yet (high watermark, last stable offset, log start offset). Session errors are answered at the top with
 * no partitions: FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH, FETCH_SESSION_TOPIC_ID_ERROR (Fetch v13+
 * names topics by id; a session keeps the naming of the fetch that created it). The session's record of what the
 * client was told is only written once a response is final; {@link #withheld} takes it back when the quota empties
 * a response.
 *
 * <p>Long poll: when the first read has fewer than min_bytes and max_wait_ms is positive, the fetch is
 * parked as a {@link DelayedFetch} on the partitions it reads, woken by appends through
 * {@link FetchWaiters} and ended by a timer on the scheduler. read_committed reads the same as
 * read_uncommitted: without transactions every record is committed.
 */
public final class FetchHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);
    private static final byte READ_COMMITTED = 1;
    private static final short FIRST_SESSION_VERSION = 7;
    private static final short FIRST_TOPIC_ID_VERSION = 13;

    private final TopicRegistry topics;
    private final FetchWaiters waiters;
    private final ScheduledExecutorService scheduler;
    private final RequestAuthorizer access;
    private final TopicTraffic traffic;
    private final FetchSessionCache sessions;

    /**
     * @param traffic  told of the record bytes of each topic in each answered fetch, for BytesOutPerSec
     * @param sessions the broker's fetch sessions
     */
    public FetchHandler(TopicRegistry topics, FetchWaiters waiters, ScheduledExecutorService scheduler,
                        RequestAuthorizer access, TopicTraffic traffic, FetchSessionCache sessions) {
        this.traffic = traffic;
        this.topics = topics;
        this.waiters = waiters;
        this.scheduler = scheduler;
        this.access = access;
        this.sessions = sessions;
    }

    /** The waiters this handler parks fetches with (for tests). */
    FetchWaiters waiters() {
        return waiters;
    }

    @Override
    public ApiKey api() {
        return ApiKey.FETCH;
    }

    @Override
    public Versions versions() {
        return ApiKey.FETCH.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        try {
            return fetch(context, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The response to send instead of {@code answered} when the quota withholds it: no partitions, the throttle time,
     * and the session id it carried unless that response created its session (then closed: Kafka creates no session
     * for a throttled fetch). What the session thought the client was told is taken back.
     */
    public Message withheld(Message answered, int throttleTimeMs) {
        int sessionId = answered.get(FetchResponse.SESSION_ID);
        return FetchResponse.SCHEMA.newMessage()
                .set(FetchResponse.THROTTLE_TIME_MS, throttleTimeMs)
                .set(FetchResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(FetchResponse.SESSION_ID, sessionId == 0 ? 0 : sessions.withheld(sessionId))
                .set(FetchResponse.RESPONSES, List.of());
    }

    private CompletableFuture<Response> fetch(RequestContext context, Message request) {
        short version = context.apiVersion();
        boolean byId = version >= FIRST_TOPIC_ID_VERSION;
        int sessionId = version >= FIRST_SESSION_VERSION ? request.get(FetchRequest.SESSION_ID) : 0;
        int epoch = version >= FIRST_SESSION_VERSION ? request.get(FetchRequest.SESSION_EPOCH)
                : FetchSession.FINAL_EPOCH;
        List<PartitionRequest> requested = requested(request, byId);
        if (epoch == FetchSession.INITIAL_EPOCH || epoch == FetchSession.FINAL_EPOCH) {
            if (sessionId != 0 && sessions.remove(sessionId)) {
                log.debug("Full fetch closed fetch session {}", sessionId);
            }
            UnaryOperator<Message> finish = epoch == FetchSession.INITIAL_EPOCH
                    ? body -> body.set(FetchResponse.SESSION_ID,
                            sessions.create(byId, requested, SessionAnswers.of(body)))
                    : body -> body.set(FetchResponse.SESSION_ID, 0);
            return read(context, request, requested, finish);
        }
        FetchSessionCache.Incremental found = sessions.incremental(sessionId, epoch, byId, requested,
                forgotten(request, byId));
        if (found.error() != ErrorCode.NONE) {
            log.debug("Incremental fetch for session {} epoch {}: {}", sessionId, epoch, found.error());
            return CompletableFuture.completedFuture(Response.of(FetchResponse.SCHEMA.newMessage()
                    .set(FetchResponse.THROTTLE_TIME_MS, 0)
                    .set(FetchResponse.ERROR_CODE, found.error().code())
                    .set(FetchResponse.SESSION_ID, 0)
                    .set(FetchResponse.RESPONSES, List.of())));
        }
        if (found.session() == null) {
            // The fetch removed every partition: the session is gone and this one is answered without it.
            return read(context, request, requested, body -> body.set(FetchResponse.SESSION_ID, 0));
        }
        FetchSession session = found.session();
        List<CachedPartition> read = session.partitions();
        List<PartitionRequest> asked = new ArrayList<>(read.size());
        read.forEach(p -> asked.add(p.request()));
        return read(context, request, asked, body -> {
            SessionAnswers.keep(body, session.answer(read, SessionAnswers.of(body)));
            return body.set(FetchResponse.SESSION_ID, session.id());
        });
    }

    /**
     * Reads {@code asked} at once, or parks the fetch until min_bytes or max_wait_ms; {@code finish} turns the read
     * that answers into the response (session id, partitions carried).
     */
    private CompletableFuture<Response> read(RequestContext context, Message request, List<PartitionRequest> asked,
                                             UnaryOperator<Message> finish) {
        short version = context.apiVersion();
        List<FetchReader.TopicPlan> plan = plan(context, asked);
        boolean readCommitted = version >= 4 && request.get(FetchRequest.ISOLATION_LEVEL) == READ_COMMITTED;
        FetchReader reader = new FetchReader(topics, plan, version, request.get(FetchRequest.MAX_BYTES),
                readCommitted);
        FetchReader.Result first = reader.read();
        int maxWaitMs = request.get(FetchRequest.MAX_WAIT_MS);
        int minBytes = request.get(FetchRequest.MIN_BYTES);
        List<TopicPartition> readable = reader.readablePartitions();
        if (maxWaitMs <= 0 || first.bytes() >= minBytes || first.readError() || readable.isEmpty()) {
            return CompletableFuture.completedFuture(Response.of(finish.apply(answered(plan, first).body())));
        }
        // A parked fetch may read several times; only the read that answers it is what went out.
        AtomicReference<FetchReader.Result> last = new AtomicReference<>(first);
        DelayedFetch delayed = new DelayedFetch(() -> {
            FetchReader.Result r = reader.read();
            last.set(r);
            return r;
        }, minBytes, readable, waiters);
        CompletableFuture<Response> answered = delayed.future()
                .thenApply(response -> Response.of(finish.apply(answered(plan, last.get()).body())));
        delayed.park();
        try {
            delayed.timeout(scheduler.schedule(delayed::onTimeout, maxWaitMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("Scheduler refused the fetch timer (broker shutting down); answering at once", e);
            delayed.onTimeout();
        }
        return answered;
    }

    private FetchReader.Result answered(List<FetchReader.TopicPlan> plan, FetchReader.Result result) {
        long[] bytes = result.topicBytes();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] > 0) {
                traffic.fetched(plan.get(i).name(), bytes[i]);
            }
        }
        return result;
    }

    /** The partitions a request names, in its order, as a session keys them (topic id from v13, else name). */
    private static List<PartitionRequest> requested(Message request, boolean byId) {
        List<PartitionRequest> requested = new ArrayList<>();
        for (Message t : request.get(FetchRequest.TOPICS)) {
            UUID id = t.get(FetchTopic.TOPIC_ID);
            String name = t.get(FetchTopic.TOPIC);
            for (Message p : t.get(FetchTopic.PARTITIONS)) {
                int index = p.get(FetchPartition.PARTITION);
                requested.add(new PartitionRequest(byId ? SessionPartition.byId(id, index)
                        : SessionPartition.byName(name, index), p.get(FetchPartition.FETCH_OFFSET),
                        p.get(FetchPartition.PARTITION_MAX_BYTES), p.get(FetchPartition.CURRENT_LEADER_EPOCH)));
            }
        }
        return requested;
    }

    private static List<SessionPartition> forgotten(Message request, boolean byId) {
        List<SessionPartition> forgotten = new ArrayList<>();
        for (Message t : request.get(FetchRequest.FORGOTTEN_TOPICS_DATA)) {
            for (int index : t.get(ForgottenTopic.PARTITIONS)) {
                forgotten.add(byId ? SessionPartition.byId(t.get(ForgottenTopic.TOPIC_ID), index)
                        : SessionPartition.byName(t.get(ForgottenTopic.TOPIC), index));
            }
        }
        return forgotten;
    }

    /**
     * Resolves the asked partitions (topics by name up to v12, by id from v13), grouping consecutive partitions of
     * one topic. A topic the client may not READ is TOPIC_AUTHORIZATION_FAILED, by name whether or not it exists
     * (Kafka does not disclose that).
     */
    private List<FetchReader.TopicPlan> plan(RequestContext context, List<PartitionRequest> asked) {
        short version = context.apiVersion();
        List<FetchReader.TopicPlan> plan = new ArrayList<>();
        int i = 0;
        while (i < asked.size()) {
            SessionPartition first = asked.get(i).partition();
            Optional<Topic> topic;
            ErrorCode unknown;
            if (version >= FIRST_TOPIC_ID_VERSION) {
                topic = topics.topic(first.topicId());
                unknown = ErrorCode.UNKNOWN_TOPIC_ID;
            } else {
                topic = topics.topic(first.topicName());
                unknown = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            }
            String checkedName = topic.map(Topic::name)
                    .orElse(version >= FIRST_TOPIC_ID_VERSION ? null : first.topicName());
            boolean authorized = checkedName == null || access.allowedOnTopic(context, AclOperation.READ, checkedName);
            List<FetchReader.PartitionPlan> partitions = new ArrayList<>();
            for (; i < asked.size() && asked.get(i).partition().sameTopic(first); i++) {
                PartitionRequest p = asked.get(i);
                int index = p.partition().partition();
                ErrorCode error = null;
                if (!authorized) {
                    error = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
                } else if (topic.isEmpty()) {
                    error = unknown;
                } else if (!topic.get().hasPartition(index)) {
                    error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (version >= 9) {
                    error = LeaderEpochCheck.check(LeaderEpochCheck.epoch(topics, topic.get().name(), index),
                            p.leaderEpoch());
                }
                partitions.add(new FetchReader.PartitionPlan(index, p.fetchOffset(), p.maxBytes(), error));
            }
            plan.add(new FetchReader.TopicPlan(checkedName, first.topicId(), partitions));
        }
        return plan;
    }
}
