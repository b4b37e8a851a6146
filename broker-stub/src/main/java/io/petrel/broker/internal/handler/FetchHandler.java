package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
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
import io.petrel.protocol.schemas.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers Fetch (v4-18): reads each requested partition from its offset, and long-polls when there is
 * less than min_bytes to return.
 *
 * <p>Fetch sessions (KIP-227): this broker never creates one. A full fetch (session epoch 0 or -1) is
 * answered in full with session id 0, which tells the client no session exists, so its next fetch is
 * full again; kafka-clients handle that. An incremental fetch (any other epoch) names a session this
 * broker does not have and gets FETCH_SESSION_ID_NOT_FOUND, after which the client starts over with a
 * full fetch. Forgotten topics only concern sessions and are ignored.
 *
 * <p>Long poll: when the first read has fewer than min_bytes and max_wait_ms is positive, the fetch is
 * parked as a {@link DelayedFetch} on the partitions it reads, woken by appends through
 * {@link FetchWaiters} and ended by a timer on the scheduler. read_committed reads the same as
 * read_uncommitted: without transactions every record is committed.
 */
public final class FetchHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);
    private static final byte READ_COMMITTED = 1;

    private final TopicRegistry topics;
    private final FetchWaiters waiters;
    private final ScheduledExecutorService scheduler;
    private final RequestAuthorizer access;
    private final TopicTraffic traffic;

    public FetchHandler(TopicRegistry topics, FetchWaiters waiters, ScheduledExecutorService scheduler,
                        RequestAuthorizer access) {
        this(topics, waiters, scheduler, access, TopicTraffic.NONE);
    }

    /** @param traffic told of the record bytes of each topic in each answered fetch, for BytesOutPerSec */
    public FetchHandler(TopicRegistry topics, FetchWaiters waiters, ScheduledExecutorService scheduler,
                        RequestAuthorizer access, TopicTraffic traffic) {
        this.traffic = traffic;
        this.topics = topics;
        this.waiters = waiters;
        this.scheduler = scheduler;
        this.access = access;
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
        return ApiKey.FETCH.requestSchema().validVersions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        try {
            return fetch(context, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Response> fetch(RequestContext context, Message request) {
        short version = context.apiVersion();
        int sessionEpoch = request.get(FetchRequest.SESSION_EPOCH);
        if (sessionEpoch != 0 && sessionEpoch != -1) {
            log.debug("Incremental fetch for session {} epoch {}: this broker keeps no fetch sessions",
                    request.get(FetchRequest.SESSION_ID), sessionEpoch);
            Message body = FetchResponse.SCHEMA.newMessage()
                    .set(FetchResponse.THROTTLE_TIME_MS, 0)
                    .set(FetchResponse.ERROR_CODE, ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code());
            return CompletableFuture.completedFuture(Response.of(body));
        }
        List<FetchReader.TopicPlan> plan = plan(context, request);
        boolean readCommitted = version >= 4 && request.get(FetchRequest.ISOLATION_LEVEL) == READ_COMMITTED;
        FetchReader reader = new FetchReader(topics, plan, version, request.get(FetchRequest.MAX_BYTES),
                readCommitted);
        FetchReader.Result first = reader.read();
        int maxWaitMs = request.get(FetchRequest.MAX_WAIT_MS);
        int minBytes = request.get(FetchRequest.MIN_BYTES);
        List<TopicPartition> readable = reader.readablePartitions();
        if (maxWaitMs <= 0 || first.bytes() >= minBytes || first.readError() || readable.isEmpty()) {
            return CompletableFuture.completedFuture(Response.of(answered(plan, first).body()));
        }
        // A parked fetch may read several times; only the read that answers it is what went out.
        AtomicReference<FetchReader.Result> last = new AtomicReference<>(first);
        DelayedFetch delayed = new DelayedFetch(() -> {
            FetchReader.Result r = reader.read();
            last.set(r);
            return r;
        }, minBytes, readable, waiters);
        delayed.future().whenComplete((response, error) -> {
            if (error == null) {
                answered(plan, last.get());
            }
        });
        delayed.park();
        try {
            delayed.timeout(scheduler.schedule(delayed::onTimeout, maxWaitMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("Scheduler refused the fetch timer (broker shutting down); answering at once", e);
            delayed.onTimeout();
        }
        return delayed.future();
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

    /**
     * Resolves the requested topics (by name up to v12, by id from v13) and partitions. A topic the client may not
     * READ is TOPIC_AUTHORIZATION_FAILED, by name whether or not it exists (Kafka does not disclose that).
     */
    private List<FetchReader.TopicPlan> plan(RequestContext context, Message request) {
        short version = context.apiVersion();
        List<FetchReader.TopicPlan> plan = new ArrayList<>();
        for (Message t : request.get(FetchRequest.TOPICS)) {
            Optional<Topic> topic;
            ErrorCode unknown;
            if (version >= 13) {
                topic = topics.topic(t.get(FetchTopic.TOPIC_ID));
                unknown = ErrorCode.UNKNOWN_TOPIC_ID;
            } else {
                topic = topics.topic(t.get(FetchTopic.TOPIC));
                unknown = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            }
            String checkedName = topic.map(Topic::name).orElse(version >= 13 ? null : t.get(FetchTopic.TOPIC));
            boolean authorized = checkedName == null || access.allowedOnTopic(context, AclOperation.READ, checkedName);
            List<FetchReader.PartitionPlan> partitions = new ArrayList<>();
            for (Message p : t.get(FetchTopic.PARTITIONS)) {
                int index = p.get(FetchPartition.PARTITION);
                ErrorCode error = null;
                if (!authorized) {
                    error = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
                } else if (topic.isEmpty()) {
                    error = unknown;
                } else if (!topic.get().hasPartition(index)) {
                    error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (version >= 9) {
                    error = LeaderEpochCheck.check(LeaderEpochCheck.epoch(topics, topic.get().name(), index),
                            p.get(FetchPartition.CURRENT_LEADER_EPOCH));
                }
                partitions.add(new FetchReader.PartitionPlan(index, p.get(FetchPartition.FETCH_OFFSET),
                        p.get(FetchPartition.PARTITION_MAX_BYTES), error));
            }
            plan.add(new FetchReader.TopicPlan(checkedName, t.get(FetchTopic.TOPIC_ID), partitions));
        }
        return plan;
    }
}
