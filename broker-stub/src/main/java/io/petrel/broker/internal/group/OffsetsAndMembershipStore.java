package io.petrel.broker.internal.group;

import io.petrel.broker.FlushPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Committed offsets per group, which groups exist, and each group's membership as of when it last
 * settled, kept in memory and made durable in an {@link OffsetsAndMembershipJournal} (with the deletions of
 * topics whose offsets are gone): every change is appended before it is applied, so what a client was
 * told is stored survives a restart. The journal is rewritten as a snapshot once it has grown well past
 * the live data. The flush policy of the
 * broker's logs decides when appends are forced to the device. Not thread-safe: the coordinator's lock
 * guards it.
 */
final class OffsetsAndMembershipStore implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(OffsetsAndMembershipStore.class);

    /** The journal's file name in the data directory. */
    static final String FILE_NAME = "consumer-offsets.journal";
    static final long DEFAULT_COMPACTION_BYTES = 16L * 1024 * 1024;
    private static final int SNAPSHOT_PARTITIONS_PER_ENTRY = 1000;

    private final Map<String, SortedMap<PartitionKey, CommittedOffset>> offsets = new HashMap<>();
    private final Map<String, String> groupTypes = new LinkedHashMap<>();
    private final Map<String, GroupSnapshot> memberships = new LinkedHashMap<>();
    private final Map<String, ConsumerGroupSnapshot> consumerGroups = new LinkedHashMap<>();
    private final OffsetsAndMembershipJournal journal;
    private final FlushPolicy flushPolicy;
    private final long baseCompactionBytes;
    private long compactionBytes;
    private boolean dirty;
    /** When the journal was last forced, on the coordinator's monotonic deadline clock. */
    private long lastFlushMs;

    private OffsetsAndMembershipStore(Path file, FlushPolicy flushPolicy, long compactionBytes, long nowMs)
            throws IOException {
        this.flushPolicy = flushPolicy;
        this.baseCompactionBytes = compactionBytes;
        this.lastFlushMs = nowMs;
        this.journal = OffsetsAndMembershipJournal.open(file, new OffsetsAndMembershipJournal.Replay() {
            @Override
            public void commit(String group, Map<PartitionKey, CommittedOffset> committed) {
                applyCommit(group, committed);
            }

            @Override
            public void group(String group, String protocolType) {
                groupTypes.put(group, protocolType);
            }

            @Override
            public void deleteTopic(String topic) {
                applyTopicDeletion(topic);
            }

            @Override
            public void members(GroupSnapshot snapshot) {
                memberships.put(snapshot.groupId(), snapshot);
            }

            @Override
            public void deleteGroup(String group) {
                applyGroupDeletion(group);
            }

            @Override
            public void deleteOffsets(String group, List<PartitionKey> partitions) {
                applyOffsetDeletion(group, partitions);
            }

            @Override
            public void consumerGroup(ConsumerGroupSnapshot snapshot) {
                consumerGroups.put(snapshot.groupId(), snapshot);
            }

            @Override
            public void deleteConsumerGroup(String group) {
                consumerGroups.remove(group);
            }
        });
        this.compactionBytes = Math.max(baseCompactionBytes, 2 * journal.size());
        log.info("Loaded committed offsets of {} groups and the membership of {} from {}", offsets.size(),
                memberships.size(), file);
    }

    static OffsetsAndMembershipStore open(Path dataDir, FlushPolicy flushPolicy, long nowMs) throws IOException {
        return open(dataDir, flushPolicy, DEFAULT_COMPACTION_BYTES, nowMs);
    }

    /** As {@link #open(Path, FlushPolicy, long)}, rewriting the journal once it passes {@code compactionBytes}. */
    static OffsetsAndMembershipStore open(Path dataDir, FlushPolicy flushPolicy, long compactionBytes, long nowMs)
            throws IOException {
        return new OffsetsAndMembershipStore(dataDir.resolve(FILE_NAME), flushPolicy, compactionBytes, nowMs);
    }

    /** Stores one OffsetCommit's offsets, all or none. */
    void commit(String group, Map<PartitionKey, CommittedOffset> committed) throws IOException {
        if (committed.isEmpty()) {
            return;
        }
        append(OffsetsAndMembershipJournal.commitEntry(group, committed));
        applyCommit(group, committed);
        maybeCompact();
    }

    /** Records that a group exists with this protocol type ("" or null for none). */
    void recordGroup(String group, String protocolType) throws IOException {
        String type = protocolType == null ? "" : protocolType;
        if (type.equals(groupTypes.get(group))) {
            return;
        }
        append(OffsetsAndMembershipJournal.groupEntry(group, type));
        groupTypes.put(group, type);
        maybeCompact();
    }

    /** Records a group's membership as it settled: Stable with members, or Empty without. */
    void recordMembership(GroupSnapshot snapshot) throws IOException {
        append(OffsetsAndMembershipJournal.membersEntry(snapshot));
        memberships.put(snapshot.groupId(), snapshot);
        maybeCompact();
    }

    /** Records a consumer-protocol group as it is now (its latest record is the one replayed). */
    void recordConsumerGroup(ConsumerGroupSnapshot snapshot) throws IOException {
        if (snapshot.equals(consumerGroups.get(snapshot.groupId()))) {
            return;
        }
        append(OffsetsAndMembershipJournal.consumerGroupEntry(snapshot));
        consumerGroups.put(snapshot.groupId(), snapshot);
        maybeCompact();
    }

    /** Forgets a consumer-protocol group as such (it became a classic group); its offsets stay. */
    void deleteConsumerGroup(String group) throws IOException {
        if (!consumerGroups.containsKey(group)) {
            return;
        }
        append(OffsetsAndMembershipJournal.deleteConsumerGroupEntry(group));
        consumerGroups.remove(group);
        maybeCompact();
    }

    /** The latest record of each consumer-protocol group. */
    Collection<ConsumerGroupSnapshot> consumerGroups() {
        return Collections.unmodifiableCollection(consumerGroups.values());
    }

    /** The latest membership snapshot of each group that has one. */
    Collection<GroupSnapshot> memberships() {
        return Collections.unmodifiableCollection(memberships.values());
    }

    /** Drops every group's offsets for the topic. */
    void deleteTopic(String topic) throws IOException {
        boolean any = false;
        for (SortedMap<PartitionKey, CommittedOffset> byPartition : offsets.values()) {
            for (PartitionKey key : byPartition.keySet()) {
                if (key.topic().equals(topic)) {
                    any = true;
                    break;
                }
            }
        }
        if (!any) {
            return;
        }
        try {
            append(OffsetsAndMembershipJournal.deleteTopicEntry(topic));
        } finally {
            applyTopicDeletion(topic);
        }
        maybeCompact();
    }

    /** Forgets a group: its offsets, protocol type and membership (DeleteGroups, expiry). */
    void deleteGroup(String group) throws IOException {
        append(OffsetsAndMembershipJournal.deleteGroupEntry(group));
        applyGroupDeletion(group);
        maybeCompact();
    }

    /** Drops a group's committed offsets for these partitions (OffsetDelete, expiry). */
    void deleteOffsets(String group, List<PartitionKey> partitions) throws IOException {
        if (partitions.isEmpty()) {
            return;
        }
        append(OffsetsAndMembershipJournal.deleteOffsetsEntry(group, partitions));
        applyOffsetDeletion(group, partitions);
        maybeCompact();
    }

    /** The group's committed offsets by partition, in topic and partition order; empty if none. */
    SortedMap<PartitionKey, CommittedOffset> offsets(String group) {
        SortedMap<PartitionKey, CommittedOffset> m = offsets.get(group);
        return m == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(m);
    }

    CommittedOffset offset(String group, String topic, int partition) {
        SortedMap<PartitionKey, CommittedOffset> m = offsets.get(group);
        return m == null ? null : m.get(new PartitionKey(topic, partition));
    }

    /**
     * Classic groups known from the journal (with offsets or a recorded protocol type) and their protocol types;
     * consumer-protocol groups ({@link #consumerGroups()}) are not among them.
     */
    Map<String, String> knownGroups() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String group : offsets.keySet()) {
            result.put(group, "");
        }
        result.putAll(groupTypes);
        result.keySet().removeAll(consumerGroups.keySet());
        return result;
    }

    /** Forces appended data to the device if the flush policy's interval has passed. */
    void maybeFlush(long nowMs) {
        if (dirty && flushPolicy instanceof FlushPolicy.Interval interval
                && nowMs - lastFlushMs >= interval.interval().toMillis()) {
            try {
                journal.force();
                dirty = false;
                lastFlushMs = nowMs;
            } catch (IOException e) {
                log.error("Could not flush the group coordinator journal {}", journal.file(), e);
            }
        }
    }

    long journalBytes() {
        return journal.size();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }

    private void append(ByteBuffer payload) throws IOException {
        journal.append(payload);
        if (flushPolicy instanceof FlushPolicy.EveryAppend) {
            journal.force();
        } else {
            dirty = true;
        }
    }

    private void applyCommit(String group, Map<PartitionKey, CommittedOffset> committed) {
        offsets.computeIfAbsent(group, g -> new TreeMap<>()).putAll(committed);
    }

    private void applyGroupDeletion(String group) {
        offsets.remove(group);
        groupTypes.remove(group);
        memberships.remove(group);
        consumerGroups.remove(group);
    }

    private void applyOffsetDeletion(String group, List<PartitionKey> partitions) {
        SortedMap<PartitionKey, CommittedOffset> byPartition = offsets.get(group);
        if (byPartition != null) {
            partitions.forEach(byPartition::remove);
            if (byPartition.isEmpty()) {
                offsets.remove(group);
            }
        }
    }

    private void applyTopicDeletion(String topic) {
        Iterator<Map.Entry<String, SortedMap<PartitionKey, CommittedOffset>>> groups = offsets.entrySet().iterator();
        while (groups.hasNext()) {
            SortedMap<PartitionKey, CommittedOffset> byPartition = groups.next().getValue();
            byPartition.keySet().removeIf(k -> k.topic().equals(topic));
            if (byPartition.isEmpty()) {
                groups.remove();
            }
        }
    }

    private void maybeCompact() {
        if (journal.size() <= compactionBytes) {
            return;
        }
        long before = journal.size();
        try {
            journal.rewrite(snapshotEntries());
            dirty = false;
            compactionBytes = Math.max(baseCompactionBytes, 2 * journal.size());
            log.info("Compacted group coordinator journal {} from {} to {} bytes", journal.file(), before, journal.size());
        } catch (IOException e) {
            // The old journal is intact (the rewrite replaces it only once complete); try again on a later append.
            compactionBytes = journal.size() + baseCompactionBytes;
            log.error("Could not compact group coordinator journal {}", journal.file(), e);
        }
    }

    /** The live state as journal entries: group types, membership snapshots, committed offsets in chunks. */
    private List<ByteBuffer> snapshotEntries() {
        List<ByteBuffer> snapshot = new ArrayList<>();
        for (Map.Entry<String, String> g : groupTypes.entrySet()) {
            snapshot.add(OffsetsAndMembershipJournal.groupEntry(g.getKey(), g.getValue()));
        }
        for (GroupSnapshot m : memberships.values()) {
            snapshot.add(OffsetsAndMembershipJournal.membersEntry(m));
        }
        for (ConsumerGroupSnapshot c : consumerGroups.values()) {
            snapshot.add(OffsetsAndMembershipJournal.consumerGroupEntry(c));
        }
        for (Map.Entry<String, SortedMap<PartitionKey, CommittedOffset>> g : offsets.entrySet()) {
            Map<PartitionKey, CommittedOffset> chunk = new LinkedHashMap<>();
            for (Map.Entry<PartitionKey, CommittedOffset> e : g.getValue().entrySet()) {
                chunk.put(e.getKey(), e.getValue());
                if (chunk.size() == SNAPSHOT_PARTITIONS_PER_ENTRY) {
                    snapshot.add(OffsetsAndMembershipJournal.commitEntry(g.getKey(), chunk));
                    chunk = new LinkedHashMap<>();
                }
            }
            if (!chunk.isEmpty()) {
                snapshot.add(OffsetsAndMembershipJournal.commitEntry(g.getKey(), chunk));
            }
        }
        return snapshot;
    }
}
