package io.petrel.broker.internal.fault;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The broker's injected faults, and how they apply to a request: {@link #plan} decides before the
 * request is served, {@link #merge} adds failed partitions to the served response.
 *
 * <p>With no rules, planning is one empty-list check, so an unfaulted broker pays nothing. Fetch sessions
 * (KIP-227): while a Fetch rule that fails requests or partitions is active, an incremental fetch is answered FETCH_SESSION_ID_NOT_FOUND so
 * the client fetches in full, naming every partition; a fetch with failed partitions opens no session.
 */
public final class FaultRules {
    private static final short FIRST_SESSION_VERSION = 7;
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final Function<UUID, String> topicNames;

    /** @param topicNames resolves topic ids (Produce v13+, Fetch v13+) to names; null when unknown */
    public FaultRules(Function<UUID, String> topicNames) {
        this.topicNames = topicNames;
    }

    public void add(FaultRule rule) {
        rules.add(rule);
    }

    public void clear() {
        rules.forEach(FaultRule::cancel);
        rules.clear();
    }

    /** What the rules do to a request of {@code api} at {@code version}; spends one firing of each rule that acts. */
    public FaultPlan plan(ApiKey api, short version, Message request) {
        if (rules.isEmpty()) {
            return FaultPlan.none(request);
        }
        if (api == ApiKey.FETCH && isIncrementalFetch(version, request) && failingRuleActive(api)) {
            // An incremental fetch names only what changed, so a failing rule could miss the partitions it targets
            // and a session could lose those it fails: the client is sent back to a full fetch, where it applies.
            return new FaultPlan(false, sessionNotFound(), request, List.of(), Duration.ZERO);
        }
        Duration delay = Duration.ZERO;
        List<FaultPlan.PartitionError> partitionErrors = new ArrayList<>();
        for (FaultRule rule : rules) {
            if (rule.api() != api || rule.exhausted()) {
                continue;
            }
            if (rule.targetsPartitions()) {
                List<FaultPlan.PartitionError> hit = matchingPartitions(PartitionedApi.of(api).orElseThrow(), request,
                        rule);
                if (!hit.isEmpty() && rule.claim()) {
                    partitionErrors.addAll(hit);
                }
                continue;
            }
            if (!rule.claim()) {
                continue;
            }
            switch (rule.action()) {
                case DROP_CONNECTION -> {
                    return new FaultPlan(true, null, request, List.of(), Duration.ZERO);
                }
                case FAIL -> {
                    return new FaultPlan(false, ErrorResponses.forRequest(api, version, request, rule.error()), request, List.of(), delay);
                }
                case DELAY -> delay = delay.plus(rule.delay());
            }
        }
        Message served = partitionErrors.isEmpty() ? request
                : without(PartitionedApi.of(api).orElseThrow(), request, partitionErrors);
        if (api == ApiKey.FETCH && !partitionErrors.isEmpty() && version >= FIRST_SESSION_VERSION) {
            // Served without its failed partitions, the fetch must not open a session lacking them.
            served.set(FetchRequest.SESSION_EPOCH, -1);
        }
        return new FaultPlan(false, null, served, partitionErrors, delay);
    }

    private static boolean isIncrementalFetch(short version, Message request) {
        return version >= FIRST_SESSION_VERSION && request.get(FetchRequest.SESSION_EPOCH) > 0;
    }

    private boolean failingRuleActive(ApiKey api) {
        for (FaultRule rule : rules) {
            if (rule.api() == api && !rule.exhausted()
                    && (rule.targetsPartitions() || rule.action() == FaultRule.Action.FAIL)) {
                return true;
            }
        }
        return false;
    }

    private static Message sessionNotFound() {
        return FetchResponse.SCHEMA.newMessage()
                .set(FetchResponse.THROTTLE_TIME_MS, 0)
                .set(FetchResponse.ERROR_CODE, ErrorCode.FETCH_SESSION_ID_NOT_FOUND.code())
                .set(FetchResponse.SESSION_ID, 0)
                .set(FetchResponse.RESPONSES, List.of());
    }

    /** Whether a partition fault can target {@code api}'s requests: the APIs {@link PartitionedApi} knows the shape of. */
    public static boolean appliesToPartitions(ApiKey api) {
        return PartitionedApi.of(api).isPresent();
    }

    /** Adds the failed partitions of {@code plan} to a response served without them. */
    public static Message merge(ApiKey api, Message response, FaultPlan plan) {
        PartitionedApi shape = PartitionedApi.of(api).orElseThrow();
        for (FaultPlan.PartitionError e : plan.partitionErrors()) {
            Message topic = findOrAdd(response, shape, e);
            mutable(topic, shape.responsePartitions).add(shape.errorPartition(e.partition(), e.error()));
        }
        return response;
    }

    private List<FaultPlan.PartitionError> matchingPartitions(PartitionedApi shape, Message request, FaultRule rule) {
        List<FaultPlan.PartitionError> hit = new ArrayList<>();
        for (Message topic : request.get(shape.requestTopics)) {
            String name = topicName(shape, topic);
            UUID id = shape.topicId(topic);
            for (Message partition : topic.get(shape.requestPartitions)) {
                int index = shape.partitionIndex(partition);
                if (name != null && rule.matchesPartition(name, index)) {
                    hit.add(new FaultPlan.PartitionError(name, id, index, rule.error()));
                }
            }
        }
        return hit;
    }

    private Message without(PartitionedApi shape, Message request, List<FaultPlan.PartitionError> failed) {
        for (Message topic : request.get(shape.requestTopics)) {
            String name = topicName(shape, topic);
            List<Message> kept = new ArrayList<>(topic.get(shape.requestPartitions));
            kept.removeIf(p -> failed.stream().anyMatch(e -> e.topic().equals(name)
                    && e.partition() == shape.partitionIndex(p)));
            topic.set(shape.requestPartitions, kept);
        }
        List<Message> topics = new ArrayList<>(request.get(shape.requestTopics));
        topics.removeIf(t -> t.get(shape.requestPartitions).isEmpty());
        return request.set(shape.requestTopics, topics);
    }

    private String topicName(PartitionedApi shape, Message topic) {
        String name = shape.topicName(topic);
        UUID id = shape.topicId(topic);
        return (name != null && !name.isEmpty()) || id == null ? name : topicNames.apply(id);
    }

    private static Message findOrAdd(Message response, PartitionedApi shape, FaultPlan.PartitionError e) {
        List<Message> topics = mutable(response, shape.responseTopics);
        for (Message t : topics) {
            if (Objects.equals(t.get(shape.responseTopicName), e.topic())
                    || (isTopicId(e.topicId()) && e.topicId().equals(t.get(shape.responseTopicId)))) {
                return t;
            }
        }
        Message added = shape.errorTopic(e.topic(), e.topicId(), new ArrayList<>());
        topics.add(added);
        return added;
    }

    /** Versions before topic ids leave the field at the all-zero default, which names no topic. */
    private static boolean isTopicId(UUID id) {
        return id != null && (id.getMostSignificantBits() != 0 || id.getLeastSignificantBits() != 0);
    }

    private static List<Message> mutable(Message message, io.petrel.protocol.Field<List<Message>> field) {
        List<Message> list = new ArrayList<>(message.get(field));
        message.set(field, list);
        return list;
    }
}
