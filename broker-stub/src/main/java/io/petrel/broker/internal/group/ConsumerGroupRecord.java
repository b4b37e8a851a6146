package io.petrel.broker.internal.group;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The journal's CONSUMER_GROUP entry: a {@link ConsumerGroupSnapshot} as bytes. Layout after the type byte: group id,
 * group epoch, target assignment epoch, assignor (nullable), the members, then the target assignment as (member id,
 * partitions) pairs. Strings are an int32 length (-1 for null) and UTF-8; partitions are a count of topics, each a
 * 16-byte topic id, a count and the partition numbers; a member's assignment epochs likewise, with (partition, epoch)
 * pairs. Then, in entries written since online migration came (an older entry ends before it), the members speaking
 * the classic protocol: a count, each a member id, its session timeout and its protocols (name, int32-length bytes).
 * Counts read back are bounded by the entry's remaining bytes.
 */
final class ConsumerGroupRecord {
    private ConsumerGroupRecord() {
    }

    static ByteBuffer write(byte type, ConsumerGroupSnapshot s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(type);
            writeString(out, s.groupId());
            out.writeInt(s.groupEpoch());
            out.writeInt(s.targetAssignmentEpoch());
            writeString(out, s.assignorName());
            out.writeInt(s.members().size());
            for (ConsumerGroupMember m : s.members()) {
                writeMember(out, m);
            }
            Map<String, PartitionAssignment> target = new TreeMap<>(s.targetAssignment());
            out.writeInt(target.size());
            for (Map.Entry<String, PartitionAssignment> e : target.entrySet()) {
                writeString(out, e.getKey());
                writeAssignment(out, e.getValue());
            }
            List<ConsumerGroupMember> classic = s.members().stream().filter(ConsumerGroupMember::usesClassicProtocol)
                    .toList();
            out.writeInt(classic.size());
            for (ConsumerGroupMember m : classic) {
                writeString(out, m.memberId());
                out.writeInt(m.classic().sessionTimeoutMs());
                out.writeInt(m.classic().protocols().size());
                for (GroupMember.Protocol p : m.classic().protocols()) {
                    writeString(out, p.name());
                    out.writeInt(p.metadata().length);
                    out.write(p.metadata());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory failed", e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    /** Reads the entry after its type byte. */
    static ConsumerGroupSnapshot read(ByteBuffer in) {
        String groupId = OffsetsAndMembershipJournal.readString(in);
        int groupEpoch = in.getInt();
        int targetEpoch = in.getInt();
        String assignor = OffsetsAndMembershipJournal.readNullableString(in);
        int count = OffsetsAndMembershipJournal.readCount(in);
        List<ConsumerGroupMember> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(readMember(in));
        }
        int targets = OffsetsAndMembershipJournal.readCount(in);
        Map<String, PartitionAssignment> target = new LinkedHashMap<>();
        for (int i = 0; i < targets; i++) {
            target.put(OffsetsAndMembershipJournal.readString(in), readAssignment(in));
        }
        if (in.hasRemaining()) {
            members = withClassicMetadata(members, in);
        }
        return new ConsumerGroupSnapshot(groupId, groupEpoch, targetEpoch, assignor, members, target);
    }

    private static List<ConsumerGroupMember> withClassicMetadata(List<ConsumerGroupMember> members, ByteBuffer in) {
        Map<String, ClassicMemberMetadata> classic = new LinkedHashMap<>();
        int count = OffsetsAndMembershipJournal.readCount(in);
        for (int i = 0; i < count; i++) {
            String memberId = OffsetsAndMembershipJournal.readString(in);
            int sessionTimeoutMs = in.getInt();
            int protocols = OffsetsAndMembershipJournal.readCount(in);
            List<GroupMember.Protocol> offered = new ArrayList<>(protocols);
            for (int p = 0; p < protocols; p++) {
                offered.add(new GroupMember.Protocol(OffsetsAndMembershipJournal.readString(in),
                        OffsetsAndMembershipJournal.readBytes(in)));
            }
            classic.put(memberId, new ClassicMemberMetadata(sessionTimeoutMs, offered));
        }
        List<ConsumerGroupMember> result = new ArrayList<>(members.size());
        for (ConsumerGroupMember m : members) {
            ClassicMemberMetadata c = classic.get(m.memberId());
            result.add(c == null ? m : m.withClassic(c));
        }
        return result;
    }

    private static void writeMember(DataOutputStream out, ConsumerGroupMember m) throws IOException {
        writeString(out, m.memberId());
        writeString(out, m.instanceId());
        writeString(out, m.rackId());
        writeString(out, m.clientId());
        writeString(out, m.clientHost());
        out.writeInt(m.subscribedTopicNames().size());
        for (String t : m.subscribedTopicNames()) {
            writeString(out, t);
        }
        writeString(out, m.subscribedTopicRegex());
        writeString(out, m.serverAssignor());
        out.writeInt(m.rebalanceTimeoutMs());
        out.writeInt(m.memberEpoch());
        out.writeInt(m.previousMemberEpoch());
        out.writeByte(m.state().id());
        writeAssignment(out, m.assigned());
        writeAssignment(out, m.pendingRevocation());
        writeEpochs(out, m.assignmentEpochs());
    }

    private static ConsumerGroupMember readMember(ByteBuffer in) {
        String memberId = OffsetsAndMembershipJournal.readString(in);
        String instanceId = OffsetsAndMembershipJournal.readNullableString(in);
        String rackId = OffsetsAndMembershipJournal.readNullableString(in);
        String clientId = OffsetsAndMembershipJournal.readNullableString(in);
        String clientHost = OffsetsAndMembershipJournal.readNullableString(in);
        int topics = OffsetsAndMembershipJournal.readCount(in);
        List<String> names = new ArrayList<>(topics);
        for (int i = 0; i < topics; i++) {
            names.add(OffsetsAndMembershipJournal.readString(in));
        }
        String regex = OffsetsAndMembershipJournal.readNullableString(in);
        String assignor = OffsetsAndMembershipJournal.readNullableString(in);
        int rebalanceTimeoutMs = in.getInt();
        int epoch = in.getInt();
        int previousEpoch = in.getInt();
        MemberReconciliationState state = MemberReconciliationState.forId(in.get());
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, names, regex, assignor,
                rebalanceTimeoutMs, epoch, previousEpoch, state, readAssignment(in), readAssignment(in),
                readEpochs(in), null);
    }

    private static void writeEpochs(DataOutputStream out, AssignmentEpochs a) throws IOException {
        out.writeInt(a.epochs().size());
        for (Map.Entry<UUID, SortedMap<Integer, Integer>> e : a.epochs().entrySet()) {
            out.writeLong(e.getKey().getMostSignificantBits());
            out.writeLong(e.getKey().getLeastSignificantBits());
            out.writeInt(e.getValue().size());
            for (Map.Entry<Integer, Integer> p : e.getValue().entrySet()) {
                out.writeInt(p.getKey());
                out.writeInt(p.getValue());
            }
        }
    }

    private static AssignmentEpochs readEpochs(ByteBuffer in) {
        int topics = OffsetsAndMembershipJournal.readCount(in);
        Map<UUID, SortedMap<Integer, Integer>> epochs = new TreeMap<>();
        for (int t = 0; t < topics; t++) {
            UUID id = new UUID(in.getLong(), in.getLong());
            int count = OffsetsAndMembershipJournal.readCount(in);
            SortedMap<Integer, Integer> byPartition = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                byPartition.put(in.getInt(), in.getInt());
            }
            epochs.put(id, byPartition);
        }
        return new AssignmentEpochs(epochs);
    }

    private static void writeAssignment(DataOutputStream out, PartitionAssignment a) throws IOException {
        out.writeInt(a.partitions().size());
        for (Map.Entry<UUID, SortedSet<Integer>> e : a.partitions().entrySet()) {
            out.writeLong(e.getKey().getMostSignificantBits());
            out.writeLong(e.getKey().getLeastSignificantBits());
            out.writeInt(e.getValue().size());
            for (int p : e.getValue()) {
                out.writeInt(p);
            }
        }
    }

    private static PartitionAssignment readAssignment(ByteBuffer in) {
        int topics = OffsetsAndMembershipJournal.readCount(in);
        Map<UUID, SortedSet<Integer>> partitions = new TreeMap<>();
        for (int t = 0; t < topics; t++) {
            UUID id = new UUID(in.getLong(), in.getLong());
            int count = OffsetsAndMembershipJournal.readCount(in);
            SortedSet<Integer> ps = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                ps.add(in.getInt());
            }
            partitions.put(id, ps);
        }
        return new PartitionAssignment(partitions);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }
}
