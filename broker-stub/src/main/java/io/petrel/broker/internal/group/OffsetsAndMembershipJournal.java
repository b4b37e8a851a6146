package io.petrel.broker.internal.group;

import io.petrel.broker.internal.JournalFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's durable state as an append-only file: a 4-byte magic, then entries of
 * {@code [int32 length][int32 CRC-32C of the payload][payload]}. A payload is one of
 * <ul>
 *   <li>COMMIT: a group and the partitions one OffsetCommit stored (one entry, so a commit is all or nothing);</li>
 *   <li>GROUP: a group and its protocol type, so a group outlives a restart with no members;</li>
 *   <li>DELETE_TOPIC: every group's offsets for a deleted topic are gone;</li>
 *   <li>MEMBERS: a group's membership when it last became Stable, or none when it became Empty
 *       ({@link GroupSnapshot}); the latest one per group counts.</li>
 *   <li>DELETE_GROUP: a group and all it stored are gone (DeleteGroups, or offsets expired);</li>
 *   <li>DELETE_OFFSETS: a group's offsets for some partitions are gone (OffsetDelete, offset retention).</li>
 *   <li>CONSUMER_GROUP: a consumer-protocol group as it is now ({@link ConsumerGroupSnapshot}: epochs, members with
 *       their subscriptions, epochs and partitions, the target assignment); the latest one per group counts;</li>
 *   <li>DELETE_CONSUMER_GROUP: a consumer-protocol group is gone as such (converted to a classic group); its
 *       offsets stay.</li>
 * </ul>
 * The framing, the replay that stops at a torn or corrupt tail (truncating it away) and the atomic
 * {@link #rewrite} are {@link JournalFile}'s.
 */
final class OffsetsAndMembershipJournal implements Closeable {
    static final int MAGIC = 0x50474F31; // "PGO1"
    private static final byte COMMIT = 1;
    private static final byte GROUP = 2;
    private static final byte DELETE_TOPIC = 3;
    private static final byte MEMBERS = 4;
    private static final byte DELETE_GROUP = 5;
    private static final byte DELETE_OFFSETS = 6;
    private static final byte CONSUMER_GROUP = 7;
    private static final byte DELETE_CONSUMER_GROUP = 8;

    /** Receives the entries of a journal as it is replayed. */
    interface Replay {
        void commit(String group, Map<PartitionKey, CommittedOffset> offsets);

        void group(String group, String protocolType);

        void deleteTopic(String topic);

        void members(GroupSnapshot snapshot);

        void deleteGroup(String group);

        void deleteOffsets(String group, List<PartitionKey> partitions);

        void consumerGroup(ConsumerGroupSnapshot snapshot);

        void deleteConsumerGroup(String group);
    }

    private final JournalFile file;

    private OffsetsAndMembershipJournal(JournalFile file) {
        this.file = file;
    }

    /** Opens (creating if absent) the journal at {@code file}, replaying its entries into {@code replay}. */
    static OffsetsAndMembershipJournal open(Path file, Replay replay) throws IOException {
        return new OffsetsAndMembershipJournal(JournalFile.open(file, MAGIC, payload -> apply(payload, replay)));
    }

    private static void apply(ByteBuffer payload, Replay replay) {
        byte type = payload.get();
        switch (type) {
            case COMMIT -> {
                String group = readString(payload);
                int count = payload.getInt();
                if (count < 0) {
                    throw new IllegalArgumentException("Negative partition count " + count);
                }
                Map<PartitionKey, CommittedOffset> offsets = new java.util.LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    String topic = readString(payload);
                    int partition = payload.getInt();
                    long offset = payload.getLong();
                    int epoch = payload.getInt();
                    String metadata = readString(payload);
                    long timestamp = payload.getLong();
                    offsets.put(new PartitionKey(topic, partition), new CommittedOffset(offset, epoch, metadata, timestamp));
                }
                replay.commit(group, offsets);
            }
            case GROUP -> replay.group(readString(payload), readString(payload));
            case DELETE_TOPIC -> replay.deleteTopic(readString(payload));
            case MEMBERS -> replay.members(readSnapshot(payload));
            case DELETE_GROUP -> replay.deleteGroup(readString(payload));
            case DELETE_OFFSETS -> {
                String group = readString(payload);
                int count = readCount(payload);
                List<PartitionKey> partitions = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    partitions.add(new PartitionKey(readString(payload), payload.getInt()));
                }
                replay.deleteOffsets(group, partitions);
            }
            case CONSUMER_GROUP -> replay.consumerGroup(ConsumerGroupRecord.read(payload));
            case DELETE_CONSUMER_GROUP -> replay.deleteConsumerGroup(readString(payload));
            default -> throw new IllegalArgumentException("Unknown journal entry type " + type);
        }
    }

    // ------------------------------------------------------------ encoding

    static ByteBuffer commitEntry(String group, Map<PartitionKey, CommittedOffset> offsets) {
        byte[] groupBytes = utf8(group);
        List<byte[]> topics = new ArrayList<>(offsets.size());
        List<byte[]> metadatas = new ArrayList<>(offsets.size());
        int size = 1 + 4 + groupBytes.length + 4;
        for (Map.Entry<PartitionKey, CommittedOffset> e : offsets.entrySet()) {
            byte[] topic = utf8(e.getKey().topic());
            byte[] metadata = utf8(e.getValue().metadata());
            topics.add(topic);
            metadatas.add(metadata);
            size += 4 + topic.length + 4 + 8 + 4 + 4 + metadata.length + 8;
        }
        ByteBuffer payload = ByteBuffer.allocate(size);
        payload.put(COMMIT);
        putBytes(payload, groupBytes);
        payload.putInt(offsets.size());
        int i = 0;
        for (Map.Entry<PartitionKey, CommittedOffset> e : offsets.entrySet()) {
            CommittedOffset c = e.getValue();
            putBytes(payload, topics.get(i));
            payload.putInt(e.getKey().partition());
            payload.putLong(c.offset());
            payload.putInt(c.leaderEpoch());
            putBytes(payload, metadatas.get(i));
            payload.putLong(c.commitTimestampMs());
            i++;
        }
        return payload.flip();
    }

    static ByteBuffer groupEntry(String group, String protocolType) {
        byte[] g = utf8(group);
        byte[] t = utf8(protocolType == null ? "" : protocolType);
        return ByteBuffer.allocate(1 + 4 + g.length + 4 + t.length).put(GROUP).putInt(g.length).put(g)
                .putInt(t.length).put(t).flip();
    }

    static ByteBuffer deleteGroupEntry(String group) {
        byte[] g = utf8(group);
        return ByteBuffer.allocate(1 + 4 + g.length).put(DELETE_GROUP).putInt(g.length).put(g).flip();
    }

    static ByteBuffer deleteOffsetsEntry(String group, List<PartitionKey> partitions) {
        byte[] g = utf8(group);
        List<byte[]> topics = new ArrayList<>(partitions.size());
        int size = 1 + 4 + g.length + 4;
        for (PartitionKey k : partitions) {
            byte[] t = utf8(k.topic());
            topics.add(t);
            size += 4 + t.length + 4;
        }
        ByteBuffer payload = ByteBuffer.allocate(size).put(DELETE_OFFSETS).putInt(g.length).put(g)
                .putInt(partitions.size());
        for (int i = 0; i < partitions.size(); i++) {
            payload.putInt(topics.get(i).length).put(topics.get(i)).putInt(partitions.get(i).partition());
        }
        return payload.flip();
    }

    static ByteBuffer consumerGroupEntry(ConsumerGroupSnapshot snapshot) {
        return ConsumerGroupRecord.write(CONSUMER_GROUP, snapshot);
    }

    static ByteBuffer deleteConsumerGroupEntry(String group) {
        byte[] g = utf8(group);
        return ByteBuffer.allocate(1 + 4 + g.length).put(DELETE_CONSUMER_GROUP).putInt(g.length).put(g).flip();
    }

    static ByteBuffer deleteTopicEntry(String topic) {
        byte[] t = utf8(topic);
        return ByteBuffer.allocate(1 + 4 + t.length).put(DELETE_TOPIC).putInt(t.length).put(t).flip();
    }

    static ByteBuffer membersEntry(GroupSnapshot s) {
        int size = 1 + stringSize(s.groupId()) + 4 + stringSize(s.protocolType()) + stringSize(s.protocolName())
                + stringSize(s.leaderId()) + 4;
        for (GroupSnapshot.MemberSnapshot m : s.members()) {
            size += memberSize(m);
        }
        ByteBuffer payload = ByteBuffer.allocate(size).put(MEMBERS);
        putString(payload, s.groupId());
        payload.putInt(s.generationId());
        putString(payload, s.protocolType());
        putString(payload, s.protocolName());
        putString(payload, s.leaderId());
        payload.putInt(s.members().size());
        for (GroupSnapshot.MemberSnapshot m : s.members()) {
            putMember(payload, m);
        }
        return payload.flip();
    }

    private static int memberSize(GroupSnapshot.MemberSnapshot m) {
        int size = stringSize(m.memberId()) + stringSize(m.groupInstanceId()) + stringSize(m.clientId())
                + stringSize(m.clientHost()) + 4 + 4 + 4 + 4 + m.assignment().length;
        for (GroupMember.Protocol p : m.protocols()) {
            size += stringSize(p.name()) + 4 + p.metadata().length;
        }
        return size;
    }

    private static void putMember(ByteBuffer payload, GroupSnapshot.MemberSnapshot m) {
        putString(payload, m.memberId());
        putString(payload, m.groupInstanceId());
        putString(payload, m.clientId());
        putString(payload, m.clientHost());
        payload.putInt(m.sessionTimeoutMs()).putInt(m.rebalanceTimeoutMs());
        payload.putInt(m.protocols().size());
        for (GroupMember.Protocol p : m.protocols()) {
            putString(payload, p.name());
            putBytes(payload, p.metadata());
        }
        putBytes(payload, m.assignment());
    }

    private static GroupSnapshot readSnapshot(ByteBuffer payload) {
        String group = readString(payload);
        int generation = payload.getInt();
        String protocolType = readNullableString(payload);
        String protocolName = readNullableString(payload);
        String leader = readNullableString(payload);
        int count = readCount(payload);
        List<GroupSnapshot.MemberSnapshot> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(readMember(payload));
        }
        return new GroupSnapshot(group, generation, protocolType, protocolName, leader, members);
    }

    private static GroupSnapshot.MemberSnapshot readMember(ByteBuffer payload) {
        String memberId = readString(payload);
        String instanceId = readNullableString(payload);
        String clientId = readNullableString(payload);
        String clientHost = readNullableString(payload);
        int sessionTimeoutMs = payload.getInt();
        int rebalanceTimeoutMs = payload.getInt();
        int count = readCount(payload);
        List<GroupMember.Protocol> protocols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            protocols.add(new GroupMember.Protocol(readString(payload), readBytes(payload)));
        }
        return new GroupSnapshot.MemberSnapshot(memberId, instanceId, clientId, clientHost, sessionTimeoutMs,
                rebalanceTimeoutMs, protocols, readBytes(payload));
    }

    // ------------------------------------------------------------ writing

    /** Appends one entry. On failure the file is cut back to where it was, so a torn entry never stays. */
    void append(ByteBuffer payload) throws IOException {
        file.append(payload);
    }

    /** Replaces the journal with these entries, atomically: a crash leaves either the old file or the new. */
    void rewrite(List<ByteBuffer> payloads) throws IOException {
        file.rewrite(payloads);
    }

    /** Forces appended entries to the device. */
    void force() throws IOException {
        file.force();
    }

    /** Bytes in the file. */
    long size() {
        return file.size();
    }

    Path file() {
        return file.file();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    // ------------------------------------------------------------ helpers

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void putBytes(ByteBuffer buf, byte[] bytes) {
        buf.putInt(bytes.length).put(bytes);
    }

    /** A string's encoded size; null is written as length -1. */
    static int stringSize(String s) {
        return 4 + (s == null ? 0 : utf8(s).length);
    }

    static void putString(ByteBuffer buf, String s) {
        if (s == null) {
            buf.putInt(-1);
        } else {
            putBytes(buf, utf8(s));
        }
    }

    static String readNullableString(ByteBuffer buf) {
        if (buf.getInt(buf.position()) == -1) {
            buf.getInt();
            return null;
        }
        return readString(buf);
    }

    static byte[] readBytes(ByteBuffer buf) {
        byte[] bytes = new byte[readCount(buf)];
        buf.get(bytes);
        return bytes;
    }

    /** A count or length that must fit in what is left of the entry. */
    static int readCount(ByteBuffer buf) {
        int count = buf.getInt();
        if (count < 0 || count > buf.remaining()) {
            throw new IllegalArgumentException("Bad count " + count);
        }
        return count;
    }

    static String readString(ByteBuffer buf) {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
            throw new IllegalArgumentException("Bad string length " + length);
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

}
