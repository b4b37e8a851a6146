package io.petrel.broker.internal.fault;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.FetchRequest;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;

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
                List<FaultPlan.PartitionError> hit = matchingPartitions(api, request, rule);
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
        Message served = partitionErrors.isEmpty() ? request : without(api, request, partitionErrors);
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

    /** Adds the failed partitions of {@code plan} to a response served without them. */
    public static Message merge(ApiKey api, Message response, FaultPlan plan) {
        for (FaultPlan.PartitionError e : plan.partitionErrors()) {
            if (api == ApiKey.PRODUCE) {
                Message topic = findOrAdd(response, ProduceResponse.RESPONSES, ProduceResponse.TopicProduceResponse.NAME,
                        ProduceResponse.TopicProduceResponse.TOPIC_ID, e,
                        () -> ErrorResponses.produceTopic(e.topic(), e.topicId(), new ArrayList<>()));
                mutable(topic, ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES)
                        .add(ErrorResponses.producePartition(e.partition(), e.error()));
            } else {
                Message topic = findOrAdd(response, FetchResponse.RESPONSES, FetchResponse.FetchableTopicResponse.TOPIC,
                        FetchResponse.FetchableTopicResponse.TOPIC_ID, e,
                        () -> ErrorResponses.fetchTopic(e.topic(), e.topicId(), new ArrayList<>()));
                mutable(topic, FetchResponse.FetchableTopicResponse.PARTITIONS)
                        .add(ErrorResponses.fetchPartition(e.partition(), e.error()));
            }
        }
        return response;
    }

    private List<FaultPlan.PartitionError> matchingPartitions(ApiKey api, Message request, FaultRule rule) {
        List<FaultPlan.PartitionError> hit = new ArrayList<>();
        for (Message topic : topics(api, request)) {
            String name = topicName(api, topic);
            UUID id = api == ApiKey.PRODUCE ? topic.get(ProduceRequest.TopicProduceData.TOPIC_ID)
                    : topic.get(FetchRequest.FetchTopic.TOPIC_ID);
            for (Message partition : partitions(api, topic)) {
                int index = partitionIndex(api, partition);
                if (name != null && rule.matchesPartition(name, index)) {
                    hit.add(new FaultPlan.PartitionError(name, id, index, rule.error()));
                }
            }
        }
        return hit;
    }

    private Message without(ApiKey api, Message request, List<FaultPlan.PartitionError> failed) {
        for (Message topic : topics(api, request)) {
            String name = topicName(api, topic);
            List<Message> kept = new ArrayList<>(partitions(api, topic));
            kept.removeIf(p -> failed.stream().anyMatch(e -> e.topic().equals(name) && e.partition() == partitionIndex(api, p)));
            if (api == ApiKey.PRODUCE) {
                topic.set(ProduceRequest.TopicProduceData.PARTITION_DATA, kept);
            } else {
                topic.set(FetchRequest.FetchTopic.PARTITIONS, kept);
            }
        }
        List<Message> topics = new ArrayList<>(topics(api, request));
        topics.removeIf(t -> partitions(api, t).isEmpty());
        return api == ApiKey.PRODUCE ? request.set(ProduceRequest.TOPIC_DATA, topics) : request.set(FetchRequest.TOPICS, topics);
    }

    private static List<Message> topics(ApiKey api, Message request) {
        return api == ApiKey.PRODUCE ? request.get(ProduceRequest.TOPIC_DATA) : request.get(FetchRequest.TOPICS);
    }

    private static List<Message> partitions(ApiKey api, Message topic) {
        return api == ApiKey.PRODUCE ? topic.get(ProduceRequest.TopicProduceData.PARTITION_DATA)
                : topic.get(FetchRequest.FetchTopic.PARTITIONS);
    }

    private static int partitionIndex(ApiKey api, Message partition) {
        return api == ApiKey.PRODUCE ? partition.get(ProduceRequest.PartitionProduceData.INDEX)
                : partition.get(FetchRequest.FetchPartition.PARTITION);
    }

    private String topicName(ApiKey api, Message topic) {
        String name = api == ApiKey.PRODUCE ? topic.get(ProduceRequest.TopicProduceData.NAME)
                : topic.get(FetchRequest.FetchTopic.TOPIC);
        UUID id = api == ApiKey.PRODUCE ? topic.get(ProduceRequest.TopicProduceData.TOPIC_ID)
                : topic.get(FetchRequest.FetchTopic.TOPIC_ID);
        return name != null && !name.isEmpty() ? name : topicNames.apply(id);
    }

    private static Message findOrAdd(Message response, io.petrel.protocol.Field<List<Message>> topicsField,
                                     io.petrel.protocol.Field<String> nameField, io.petrel.protocol.Field<UUID> idField,
                                     FaultPlan.PartitionError e, java.util.function.Supplier<Message> create) {
        List<Message> topics = mutable(response, topicsField);
        for (Message t : topics) {
            if (Objects.equals(t.get(nameField), e.topic()) || (isTopicId(e.topicId()) && e.topicId().equals(t.get(idField)))) {
                return t;
            }
        }
        Message added = create.get();
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
