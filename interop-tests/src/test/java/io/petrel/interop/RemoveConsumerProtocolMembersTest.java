package io.petrel.interop;

import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.consumer.Consumer;
import io.petrel.consumer.KafkaTopics;
import io.petrel.serializers.StringDeserializer;
import io.petrel.testsupport.Await;
import io.petrel.testsupport.RealKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Petrel's Admin removes members of a consumer-protocol group (KIP-848) as kafka-clients 4.3.1's Admin does:
 * LeaveGroup naming static members by instance id and dynamic ones by member id, which Kafka 4 applies to a
 * consumer group by fencing those members. Two groups alike (two static and a dynamic Petrel consumer speaking
 * group.protocol=consumer, no longer polling, so a removed member does not join again) are emptied step by step,
 * one by each Admin: an unknown instance id fails with UNKNOWN_MEMBER_ID, a static member goes, then every
 * member; each step's outcome, and the group kafka-clients' Admin then describes, are the same for both.
 *
 * <p>Both brokers run with {@link FastConsumerGroups}' 500 ms heartbeats: a consumer-protocol group settles its
 * assignment over several heartbeats, which at Kafka's default 5 s interval took most of this class's 35 s.
 */
@ExtendWith(TunedRealKafka.class)
class RemoveConsumerProtocolMembersTest {
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PetrelBrokerExtension STUB = FastConsumerGroups.stub();

    private static RealKafkaBroker realKafka;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void useSharedKafka(RealKafkaBroker broker) {
        realKafka = broker;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    /** One Admin's way of removing members: the instance ids, or every member when none is given. */
    private interface Remover {
        /** The outcome per instance id (or "all"): "ok" or the error's simple class name. */
        Map<String, String> remove(String group, List<String> instanceIds);
    }

    @Test
    void onKafkaPetrelsAdminRemovesConsumerProtocolMembersAsKafkaClientsAdminDoes() throws Exception {
        removeMembersWithBothAdmins(realKafka.bootstrapServers());
    }

    @Test
    void onBrokerStubPetrelsAdminRemovesConsumerProtocolMembersAsKafkaClientsAdminDoes() throws Exception {
        removeMembersWithBothAdmins(STUB.broker().bootstrapServers());
    }

    private void removeMembersWithBothAdmins(String bootstrap) throws Exception {
        try (io.petrel.admin.Admin petrel = io.petrel.admin.Admin.create(Map.of("bootstrap.servers", bootstrap,
                "default.api.timeout.ms", "30000"));
             Admin kafka = Interop.admin(bootstrap)) {
            Remover byPetrel = (group, ids) -> {
                io.petrel.admin.ResourceResults<String, Void> results = petrel.removeMembersFromConsumerGroup(group, ids);
                return outcomes(ids.isEmpty() ? Map.of("all", results.all()) : results.values());
            };
            Remover byKafka = (group, ids) -> {
                RemoveMembersFromConsumerGroupResult result = kafka.removeMembersFromConsumerGroup(group, ids.isEmpty()
                        ? new RemoveMembersFromConsumerGroupOptions()
                        : new RemoveMembersFromConsumerGroupOptions(ids.stream().map(MemberToRemove::new).toList()));
                Map<String, CompletableFuture<Void>> futures = new TreeMap<>();
                if (ids.isEmpty()) {
                    futures.put("all", result.all().toCompletionStage().toCompletableFuture());
                } else {
                    ids.forEach(id -> futures.put(id, result.memberResult(new MemberToRemove(id))
                            .toCompletionStage().toCompletableFuture()));
                }
                return outcomes(futures);
            };
            List<String> kafkaSteps = emptyGroupStepByStep(bootstrap, kafka, byKafka);
            List<String> petrelSteps = emptyGroupStepByStep(bootstrap, kafka, byPetrel);
            assertEquals(List.of(
                    "unknown instance: {nobody=UnknownMemberIdException}", "members [dynamic, first, second]",
                    "first by instance id: {first-instance=ok}", "members [dynamic, second]",
                    "every member: {all=ok}", "Empty members []"), kafkaSteps, "kafka-clients' Admin, the reference");
            assertEquals(kafkaSteps, petrelSteps, "Petrel's Admin, step by step");
        }
    }

    /** A fresh two-member consumer-protocol group emptied by {@code remover}; each step's outcome and the group after it. */
    private List<String> emptyGroupStepByStep(String bootstrap, Admin observer, Remover remover) throws Exception {
        String topic = "remove-members-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTopics topics = new KafkaTopics(bootstrap)) {
            topics.create(topic, PARTITIONS);
        }
        String group = "group-" + topic;
        List<Consumer<String, String>> members = List.of(open(consumer(bootstrap, group, "dynamic", null)),
                open(consumer(bootstrap, group, "first", "first-instance")),
                open(consumer(bootstrap, group, "second", "second-instance")));
        members.forEach(m -> m.subscribe(List.of(topic)));
        Await.until(WAIT, () -> "every member assigned: " + members.stream().map(Consumer::assignment).toList(), () -> {
            int assigned = 0;
            boolean everyOne = true;
            for (Consumer<String, String> m : members) {
                m.poll(Duration.ofMillis(50));
                assigned += m.assignment().size();
                everyOne &= !m.assignment().isEmpty();
            }
            return everyOne && assigned == PARTITIONS;
        });
        // From here on none polls: a removed member stays out (fenced) instead of joining again.
        List<String> steps = new ArrayList<>();
        steps.add("unknown instance: " + remover.remove(group, List.of("nobody")));
        steps.add(describe(observer, group, 3));
        steps.add("first by instance id: " + remover.remove(group, List.of("first-instance")));
        steps.add(describe(observer, group, 2));
        // A static member (second) and a dynamic one: kafka-clients names the first by instance id only.
        steps.add("every member: " + remover.remove(group, List.of()));
        steps.add(describe(observer, group, 0));
        return steps;
    }

    /** The group's members by client id (and its state once empty), as kafka-clients' Admin describes it. */
    private static String describe(Admin admin, String group, int members) {
        ConsumerGroupDescription[] last = new ConsumerGroupDescription[1];
        Await.until(WAIT, () -> group + " with " + members + " members, is " + last[0], () -> {
            last[0] = Interop.get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
            return last[0].members().size() == members;
        });
        TreeSet<String> clients = new TreeSet<>();
        for (MemberDescription m : last[0].members()) {
            clients.add(m.clientId());
        }
        return (members == 0 ? last[0].groupState() + " " : "") + "members " + clients;
    }

    private static Map<String, String> outcomes(Map<String, ? extends CompletableFuture<?>> futures) {
        Map<String, String> out = new TreeMap<>();
        futures.forEach((key, future) -> {
            try {
                future.get();
                out.put(key, "ok");
            } catch (ExecutionException e) {
                out.put(key, e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        return out;
    }

    private static Consumer<String, String> consumer(String bootstrap, String group, String clientId, String instanceId) {
        Map<String, Object> settings = new HashMap<>(Map.of("bootstrap.servers", bootstrap, "group.id", group,
                "group.protocol", "consumer", "client.id", clientId, "auto.offset.reset", "earliest",
                "enable.auto.commit", "false"));
        if (instanceId != null) {
            settings.put("group.instance.id", instanceId);
        }
        return Consumer.create(settings, new StringDeserializer(), new StringDeserializer());
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(0, closeable);
        return closeable;
    }
}
