package io.petrel.consumer.internal.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.petrel.client.ConfigException;
import io.petrel.consumer.CooperativeStickyAssignor;
import io.petrel.consumer.PartitionAssignor;
import io.petrel.consumer.RangeAssignor;
import io.petrel.consumer.RoundRobinAssignor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class AssignorResolverTest {
    @Test
    void kafkasDefaultClassNamesMapToOurAssignors() {
        List<PartitionAssignor> assignors = AssignorResolver.resolve(List.of(
                "org.apache.kafka.clients.consumer.RangeAssignor",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"));
        assertInstanceOf(RangeAssignor.class, assignors.get(0));
        assertInstanceOf(CooperativeStickyAssignor.class, assignors.get(1));
        assertInstanceOf(RoundRobinAssignor.class,
                AssignorResolver.resolve("org.apache.kafka.clients.consumer.RoundRobinAssignor").get(0));
    }

    @Test
    void kafkasClassObjectsMapToOurAssignorsToo() {
        List<PartitionAssignor> assignors = AssignorResolver.resolve(List.of(
                org.apache.kafka.clients.consumer.RoundRobinAssignor.class, RangeAssignor.class));
        assertEquals(List.of("roundrobin", "range"), assignors.stream().map(PartitionAssignor::name).toList());
    }

    @Test
    void shortNamesOurClassNamesAndCommaSeparatedTextAreAccepted() {
        List<PartitionAssignor> assignors = AssignorResolver.resolve(
                " cooperative-sticky , io.petrel.consumer.RoundRobinAssignor,range");
        assertEquals(List.of("cooperative-sticky", "roundrobin", "range"),
                assignors.stream().map(PartitionAssignor::name).toList());
    }

    @Test
    void instancesAreUsedAsGivenAndNamesGiveFreshInstances() {
        CooperativeStickyAssignor mine = new CooperativeStickyAssignor();
        assertSame(mine, AssignorResolver.resolve(mine).get(0));
        assertNotSame(AssignorResolver.resolve("range").get(0), AssignorResolver.resolve("range").get(0));
    }

    @Test
    void aUsersOwnAssignorClassIsInstantiated() {
        PartitionAssignor custom = AssignorResolver.resolve(CustomAssignor.class.getName()).get(0);
        assertInstanceOf(CustomAssignor.class, custom);
    }

    @Test
    void kafkasEagerStickyAssignorIsRefusedWithAPointerToCooperativeSticky() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AssignorResolver.resolve("org.apache.kafka.clients.consumer.StickyAssignor"));
        assertTrue(e.getMessage().contains("org.apache.kafka.clients.consumer.StickyAssignor"), e.getMessage());
        assertTrue(e.getMessage().contains("use cooperative-sticky"), e.getMessage());
        assertThrows(ConfigException.class,
                () -> AssignorResolver.resolve(List.of(org.apache.kafka.clients.consumer.StickyAssignor.class)));
    }

    @Test
    void unknownValuesNameTheValueAndWhatIsAccepted() {
        ConfigException e = assertThrows(ConfigException.class, () -> AssignorResolver.resolve("range,fancy"));
        assertTrue(e.getMessage().contains("fancy"), e.getMessage());
        assertTrue(e.getMessage().contains("partition.assignment.strategy"), e.getMessage());
        assertTrue(e.getMessage().contains("range, roundrobin, cooperative-sticky"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> AssignorResolver.resolve(List.of(String.class)));
        assertTrue(e.getMessage().contains("does not implement io.petrel.consumer.PartitionAssignor"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> AssignorResolver.resolve(List.of(42)));
        assertTrue(e.getMessage().contains("42"), e.getMessage());
    }

    @Test
    void anEmptyListIsRefused() {
        for (Object empty : new Object[] {"", " , ", List.of(), null}) {
            ConfigException e = assertThrows(ConfigException.class, () -> AssignorResolver.resolve(empty));
            assertTrue(e.getMessage().contains("at least one assignor"), e.getMessage());
        }
    }

    @Test
    void twoAssignorsWithOneProtocolNameAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> AssignorResolver.resolve(
                List.of("range", "org.apache.kafka.clients.consumer.RangeAssignor")));
        assertTrue(e.getMessage().contains("'range'"), e.getMessage());
    }

    /** A user's assignor, loaded by class name. */
    public static final class CustomAssignor implements PartitionAssignor {
        @Override
        public String name() {
            return "custom";
        }

        @Override
        public GroupAssignment assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
            return new GroupAssignment(Map.of());
        }
    }
}
