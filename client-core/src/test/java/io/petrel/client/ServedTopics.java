package io.petrel.client;

import io.petrel.testsupport.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates topics with kafka-clients' Admin and returns once every partition's leader serves it, not only once the
 * topic exists.
 *
 * <p>Why: a real Kafka (4.3.1, KRaft) answers CreateTopics, and names the new partitions' leader in Metadata, before
 * that broker has made itself their leader: it creates the partitions' logs one after another (5-20 ms each here when
 * idle, longer under load), and a Produce for a partition not yet made gets NOT_LEADER_OR_FOLLOWER. An idempotent
 * producer with two batches of one partition in flight (kafka-clients' default allows five) can have the first
 * refused in that gap and the second, which the broker reads after the partition is made, accepted at offset 0: the
 * broker takes any first sequence from a producer it has no state for. The first batch is then refused with
 * OUT_OF_ORDER_SEQUENCE_NUMBER on every retry until {@code delivery.timeout.ms} (120 s) expires it: "Expiring N
 * record(s) for topic-p: 120001 ms has passed since batch creation". ListOffsets is answered only by a partition's
 * leader, so once it answers for every partition the gap is closed. Works against broker-stub too, which has no gap.
 */
public final class ServedTopics {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private ServedTopics() {
    }

    /** Creates {@code topic} with {@code partitions} partitions (replication factor 1), waits until all are served. */
    public static void create(Admin admin, String topic, int partitions) {
        create(admin, new NewTopic(topic, partitions, (short) 1));
    }

    /** Creates {@code topic}, which must name its partition count, and waits until every partition is served. */
    public static void create(Admin admin, NewTopic topic) {
        if (topic.numPartitions() < 1) {
            throw new IllegalArgumentException("a topic to create and await must name its partition count, "
                    + topic.name() + " has " + topic.numPartitions());
        }
        try {
            admin.createTopics(List.of(topic)).all().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("creating " + topic.name() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating " + topic.name() + ": no answer within " + LIMIT.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic.name(), e);
        }
        awaitLeaders(admin, topic.name(), topic.numPartitions());
    }

    /**
     * Waits until the leader of each of {@code topic}'s first {@code partitions} partitions answers ListOffsets for
     * it. Admin retries a leader's NOT_LEADER_OR_FOLLOWER itself, but not a topic the broker's metadata does not show
     * yet; that is retried here.
     */
    public static void awaitLeaders(Admin admin, String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        AtomicReference<Throwable> last = new AtomicReference<>();
        Await.until(LIMIT, () -> "the leader of every partition of " + topic + " to answer ListOffsets, last error "
                + last.get(), () -> answered(admin.listOffsets(latest).all(), last));
    }

    private static boolean answered(KafkaFuture<?> future, AtomicReference<Throwable> last) {
        try {
            future.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RetriableException)) {
                throw new IllegalStateException("ListOffsets failed: " + e.getCause(), e.getCause());
            }
            last.set(e.getCause());
            return false;
        } catch (TimeoutException e) {
            last.set(e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting ListOffsets", e);
        }
    }
}
