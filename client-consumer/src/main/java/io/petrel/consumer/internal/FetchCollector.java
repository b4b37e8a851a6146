package io.petrel.consumer.internal;

import io.petrel.client.ClientException;
import io.petrel.client.TopicAuthorizationException;
import io.petrel.client.TopicPartition;
import io.petrel.consumer.AutoOffsetReset;
import io.petrel.consumer.ConsumerRecord;
import io.petrel.consumer.ConsumerRecords;
import io.petrel.consumer.OffsetOutOfRangeException;
import io.petrel.consumer.RecordDeserializationException;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.record.RecordCursor;
import io.petrel.protocol.record.RecordHeader;
import io.petrel.serializers.Deserializer;
import io.petrel.serializers.Header;
import io.petrel.serializers.Headers;
import io.petrel.serializers.RecordHeaders;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns buffered fetch data into the {@link ConsumerRecords} of one poll, on the application thread.
 *
 * <p>How it works: under the subscription lock it takes, per fetchable partition in rotating order, the
 * buffered fetches and the position; with the lock released it decodes up to max.poll.records records
 * (keys and values handed to the deserializers as slices of the fetched bytes, records with no headers
 * sharing one read-only empty Headers, so a record costs its ConsumerRecord, key and value); then under
 * the lock again it moves positions and drops what was read, unless a seek or reassignment made that
 * partition's data stale meanwhile. A deserialization failure stops the poll at that record: records
 * before it are returned, the position stays on it, and the next poll throws
 * {@link RecordDeserializationException} for it (the record is pushed back into its fetch).
 */
final class FetchCollector<K, V> {
    private static final RecordHeaders NO_HEADERS = emptyHeaders();

    private final SubscriptionState subscriptions;
    private final DeserializerCall<K> keyDeserializer;
    private final DeserializerCall<V> valueDeserializer;
    /**
     * Whether the records returned hold no slice of the fetched bytes (both deserializers are handed copies;
     * header values are copied anyway), so a fetch read to its end lets its response frame be reused.
     */
    private final boolean recordsCopyBytes;
    private final int maxPollRecords;
    private final ConsumerMetrics metrics;

    FetchCollector(SubscriptionState subscriptions, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer,
                   int maxPollRecords, ConsumerMetrics metrics) {
        this.subscriptions = subscriptions;
        this.keyDeserializer = new DeserializerCall<>(keyDeserializer);
        this.valueDeserializer = new DeserializerCall<>(valueDeserializer);
        this.recordsCopyBytes = this.keyDeserializer.copiesBytes() && this.valueDeserializer.copiesBytes();
        this.maxPollRecords = maxPollRecords;
        this.metrics = metrics;
    }

    private static RecordHeaders emptyHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.setReadOnly();
        return headers;
    }

    /** A partition's buffered fetches and position as taken under the lock. */
    private record Work(PartitionState state, int generation, long position, List<CompletedFetch> fetches) {
    }

    /** What reading one partition did, applied under the lock. */
    private record Outcome(Work work, long position, Optional<Integer> epoch, int fetchesDone, int records,
                           boolean outOfRange) {
    }

    /**
     * The records available now, at most max.poll.records; empty when none are buffered.
     *
     * @throws RecordDeserializationException when the first record to return cannot be deserialized
     * @throws OffsetOutOfRangeException      when a position is out of range and auto.offset.reset is none
     */
    ConsumerRecords<K, V> collect() {
        List<Work> work = takeWork();
        if (work.isEmpty()) {
            return ConsumerRecords.empty();
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>(work.size());
        int budget = maxPollRecords;
        RuntimeException failure = null;
        for (Work w : work) {
            if (budget == 0) {
                break;
            }
            PartitionRead read = new PartitionRead(w, budget, out.isEmpty());
            try {
                read.run();
            } catch (RuntimeException e) {
                failure = e;
            }
            outcomes.add(read.outcome());
            if (!read.records.isEmpty()) {
                out.put(w.state().tp, read.records);
                budget -= read.records.size();
            }
            if (failure != null) {
                break;
            }
        }
        apply(outcomes);
        if (failure != null && out.isEmpty()) {
            throw failure;
        }
        out.forEach((tp, records) -> metrics.recordsConsumed(tp.topic(), records.size()));
        return out.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(out);
    }

    private List<Work> takeWork() {
        List<Work> work = new ArrayList<>();
        subscriptions.lock();
        try {
            for (PartitionState s : subscriptions.rotatedStates()) {
                if (s.isFetchable() && !s.buffered.isEmpty()) {
                    work.add(new Work(s, s.generation, s.position, new ArrayList<>(s.buffered)));
                }
            }
        } finally {
            subscriptions.unlock();
        }
        return work;
    }

    private void apply(List<Outcome> outcomes) {
        List<TopicPartition> toReset = new ArrayList<>();
        subscriptions.lock();
        try {
            for (Outcome o : outcomes) {
                PartitionState s = o.work().state();
                if (s.generation != o.work().generation() || subscriptions.state(s.tp) != s) {
                    continue;
                }
                if (o.outOfRange()) {
                    toReset.add(s.tp);
                    continue;
                }
                s.position = o.position();
                s.recordLag(metrics);
                if (o.epoch().isPresent()) {
                    s.lastEpoch = o.epoch();
                }
                for (int i = 0; i < o.fetchesDone(); i++) {
                    CompletedFetch done = s.buffered.poll();
                    if (done != null) {
                        s.bufferedRecords -= done.recordCount;
                    }
                }
                if (s.buffered.isEmpty()) {
                    s.bufferedRecords = 0;
                    s.fetchOffset = Math.max(s.fetchOffset, s.position);
                }
            }
            if (!toReset.isEmpty()) {
                subscriptions.requestReset(toReset, subscriptions.defaultReset());
            }
        } finally {
            subscriptions.unlock();
        }
    }

    /** Reads one partition's buffered fetches, in order, within a record budget. */
    private final class PartitionRead {
        final Work work;
        final int budget;
        /** Whether no earlier partition returned records in this poll, so an error thrown here reaches it. */
        final boolean firstWithRecords;
        final List<ConsumerRecord<K, V>> records;
        long position;
        Optional<Integer> epoch = Optional.empty();
        int fetchesDone;
        boolean outOfRange;

        PartitionRead(Work work, int budget, boolean firstWithRecords) {
            this.work = work;
            this.budget = budget;
            this.firstWithRecords = firstWithRecords;
            this.position = work.position();
            this.records = new ArrayList<>(expectedRecords(work, budget));
        }

        Outcome outcome() {
            return new Outcome(work, position, epoch, fetchesDone, records.size(), outOfRange);
        }

        void run() {
            for (CompletedFetch fetch : work.fetches()) {
                if (fetch.error != null) {
                    handleError(fetch);
                    return;
                }
                if (!read(fetch)) {
                    return;
                }
                fetchesDone++;
                if (recordsCopyBytes) {
                    fetch.readToEnd();
                }
                position = fetch.endPosition(position);
                metrics.bytesConsumed(work.state().tp.topic(), fetch.sizeInBytes);
            }
        }

        /** Reads the fetch; returns whether it was finished (else the budget ran out). */
        private boolean read(CompletedFetch fetch) {
            TopicPartition tp = work.state().tp;
            String topic = tp.topic();
            while (records.size() < budget) {
                RecordCursor r;
                try {
                    r = fetch.next(position);
                } catch (ProtocolException e) {
                    throw new ClientException("Fetched data of partition " + tp + " at offset " + position
                            + " is corrupt: " + e.getMessage(), e);
                }
                if (r == null) {
                    return true;
                }
                records.add(toConsumerRecord(fetch, r, topic, tp));
                position = r.offset() + 1;
                epoch = fetch.batchEpoch();
            }
            return false;
        }

        /** The ConsumerRecord of the record {@code r} stands on, built straight from the cursor's fields. */
        private ConsumerRecord<K, V> toConsumerRecord(CompletedFetch fetch, RecordCursor r, String topic,
                                                      TopicPartition tp) {
            Headers headers = r.headerCount() == 0 ? NO_HEADERS : headers(r.headers());
            K key;
            V value;
            try {
                key = keyDeserializer.deserialize(topic, headers, r, true);
            } catch (RuntimeException e) {
                fetch.pushBack();
                throw new RecordDeserializationException(tp, r.offset(), RecordDeserializationException.Part.KEY, e);
            }
            try {
                value = valueDeserializer.deserialize(topic, headers, r, false);
            } catch (RuntimeException e) {
                fetch.pushBack();
                throw new RecordDeserializationException(tp, r.offset(), RecordDeserializationException.Part.VALUE, e);
            }
            return new ConsumerRecord<>(topic, tp.partition(), r.offset(), r.timestamp(), fetch.batchTimestampType(),
                    key, value, headers, r.keySize(), r.valueSize(), fetch.batchEpoch());
        }

        private void handleError(CompletedFetch fetch) {
            if (fetch.error == ErrorCode.TOPIC_AUTHORIZATION_FAILED) {
                if (!firstWithRecords || !records.isEmpty()) {
                    return; // the records come first; the next poll throws
                }
                fetchesDone++; // consumed: the partition is fetched again, and refused again until the ACL changes
                throw new TopicAuthorizationException(Set.of(work.state().tp.topic()), "Fetch of partition "
                        + work.state().tp);
            }
            if (fetch.error != ErrorCode.OFFSET_OUT_OF_RANGE || fetch.fetchOffset != position) {
                fetchesDone++;
                return;
            }
            if (subscriptions.defaultReset() == AutoOffsetReset.NONE) {
                throw new OffsetOutOfRangeException(Map.of(work.state().tp, position));
            }
            outOfRange = true;
        }
    }

    /** How many records reading {@code work} will likely return, so its list is sized once rather than grown. */
    private static int expectedRecords(Work work, int budget) {
        long buffered = 0;
        for (CompletedFetch f : work.fetches()) {
            buffered += f.recordCount;
        }
        return (int) Math.min(budget, buffered);
    }

    private static Headers headers(List<RecordHeader> list) {
        RecordHeaders headers = new RecordHeaders();
        for (RecordHeader h : list) {
            headers.add(new Header(h.key(), h.value()));
        }
        return headers;
    }
}
