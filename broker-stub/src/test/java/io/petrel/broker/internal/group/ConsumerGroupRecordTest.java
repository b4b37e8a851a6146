package io.petrel.broker.internal.group;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The journal's consumer-group entry: a group with classic members (online migration) reads back as written, session
 * timeouts and protocols included; an entry written before classic members existed (it ends after the target
 * assignment) still reads; a count running past the entry is refused, not allocated.
 */
class ConsumerGroupRecordTest {
    private static final byte TYPE = 7;
    private static final UUID ORDERS = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    private static ConsumerGroupMember member(String id, ClassicMemberMetadata classic) {
        PartitionAssignment assigned = new PartitionAssignment.Builder().add(ORDERS, 0).add(ORDERS, 2).build();
        return new ConsumerGroupMember(id, null, "rack-1", "client-" + id, "/127.0.0.1", List.of("orders"), null,
                null, 30_000, 5, 4, MemberReconciliationState.STABLE, assigned, PartitionAssignment.EMPTY,
                AssignmentEpochs.NONE.heldAt(assigned, 5), classic);
    }

    private static ConsumerGroupSnapshot read(ByteBuffer entry) {
        entry.get();
        return ConsumerGroupRecord.read(entry);
    }

    @Test
    void classicMembersComeBackWithTheirSessionTimeoutAndProtocols() {
        ClassicMemberMetadata classic = new ClassicMemberMetadata(6_000, List.of(
                new GroupMember.Protocol("range", new byte[]{0, 3, 1, 2}),
                new GroupMember.Protocol("cooperative-sticky", new byte[]{0, 3, 9})));
        ConsumerGroupSnapshot snapshot = new ConsumerGroupSnapshot("g", 5, 5, "uniform",
                List.of(member("classic", classic), member("modern", null)),
                Map.of("classic", PartitionAssignment.EMPTY, "modern", PartitionAssignment.EMPTY));

        ConsumerGroupSnapshot back = read(ConsumerGroupRecord.write(TYPE, snapshot));

        assertEquals(snapshot, back);
        assertEquals(classic, back.members().get(0).classic());
        assertNull(back.members().get(1).classic());
    }

    @Test
    void anEntryFromBeforeClassicMembersStillReads() {
        ConsumerGroupSnapshot snapshot = new ConsumerGroupSnapshot("g", 3, 3, null, List.of(member("modern", null)),
                Map.of("modern", PartitionAssignment.EMPTY));
        ByteBuffer entry = ConsumerGroupRecord.write(TYPE, snapshot);
        // The older layout ends right after the target assignment: without the classic members' count.
        ByteBuffer older = ByteBuffer.wrap(entry.array(), 0, entry.limit() - 4).slice();

        assertEquals(snapshot, read(older));
    }

    @Test
    void aClassicMemberCountPastTheEntryIsRefused() {
        ConsumerGroupSnapshot snapshot = new ConsumerGroupSnapshot("g", 3, 3, null, List.of(member("modern", null)),
                Map.of("modern", PartitionAssignment.EMPTY));
        ByteBuffer entry = ConsumerGroupRecord.write(TYPE, snapshot);
        entry.putInt(entry.limit() - 4, Integer.MAX_VALUE);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(entry));
        assertEquals("Bad count " + Integer.MAX_VALUE, e.getMessage());
    }
}
