package io.petrel.tools.internal;

import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.MemberDescription;
import io.petrel.client.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The table kafka-consumer-groups --describe --members prints (Kafka 4.3's layout): one row per member with its
 * partition count; with --verbose also its epoch and assignment, the group's target assignment epoch and the
 * member's target assignment (a consumer-protocol group's; "-" for a classic one), and UPGRADED when classic and
 * consumer-protocol members share the group. GROUP-INSTANCE-ID only when a member has one.
 */
final class GroupMembersTable {
    private static final String NONE = "-";

    private GroupMembersTable() {
    }

    /** The header and rows, each line without trailing blanks. */
    static List<String> format(ConsumerGroupDescription group, boolean verbose) {
        int groupWidth = Math.max(15, group.groupId().length());
        int memberWidth = 15;
        int instanceWidth = 17;
        int hostWidth = 15;
        int clientWidth = 15;
        int currentWidth = 20;
        int targetWidth = 20;
        boolean withInstanceId = false;
        boolean hasClassic = false;
        boolean hasConsumer = false;
        for (MemberDescription m : group.members()) {
            memberWidth = Math.max(memberWidth, m.memberId().length());
            instanceWidth = Math.max(instanceWidth, instanceId(m).length());
            hostWidth = Math.max(hostWidth, m.host().length());
            clientWidth = Math.max(clientWidth, m.clientId().length());
            currentWidth = Math.max(currentWidth, assignment(m.assignment()).length());
            targetWidth = Math.max(targetWidth, assignment(m.targetAssignment()).length());
            withInstanceId |= !instanceId(m).isEmpty();
            hasClassic |= m.upgraded().map(u -> !u).orElse(false);
            hasConsumer |= m.upgraded().orElse(false);
        }
        boolean withUpgraded = hasClassic && hasConsumer;
        String identity = withInstanceId
                ? "%-" + groupWidth + "s %-" + memberWidth + "s %-" + instanceWidth + "s %-" + hostWidth + "s %-" + clientWidth + "s %-15s "
                : "%-" + groupWidth + "s %-" + memberWidth + "s %-" + hostWidth + "s %-" + clientWidth + "s %-15s ";
        String epochs = "%-15s %-" + currentWidth + "s %-15s %-" + targetWidth + "s" + (withUpgraded ? " %s" : "");
        List<String> lines = new ArrayList<>();
        lines.add(line(identity, epochs, verbose, withInstanceId,
                List.of("GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS"),
                List.of("CURRENT-EPOCH", "CURRENT-ASSIGNMENT", "TARGET-EPOCH", "TARGET-ASSIGNMENT", "UPGRADED")));
        for (MemberDescription m : group.members()) {
            lines.add(line(identity, epochs, verbose, withInstanceId,
                    List.of(group.groupId(), m.memberId(), instanceId(m), m.host(), m.clientId(), m.assignment().size()),
                    List.of(epoch(m.memberEpoch()), orNone(assignment(m.assignment())), epoch(group.targetAssignmentEpoch()),
                            orNone(assignment(m.targetAssignment())), m.upgraded().map(Object::toString).orElse(NONE))));
        }
        return lines;
    }

    private static String line(String identity, String epochs, boolean verbose, boolean withInstanceId,
                               List<Object> identityColumns, List<Object> epochColumns) {
        List<Object> first = new ArrayList<>(identityColumns);
        if (!withInstanceId) {
            first.remove(2);
        }
        String text = String.format(identity, first.toArray());
        if (verbose) {
            text += String.format(epochs, epochColumns.toArray());
        }
        return text.stripTrailing();
    }

    private static String instanceId(MemberDescription m) {
        return m.groupInstanceId() == null ? "" : m.groupInstanceId();
    }

    private static String epoch(OptionalInt epoch) {
        return epoch.isPresent() ? Integer.toString(epoch.getAsInt()) : NONE;
    }

    private static String orNone(String value) {
        return value.isEmpty() ? NONE : value;
    }

    /** "orders:0,2;payments:1": topics by name, each topic's partitions in order, as Kafka's tool prints them. */
    static String assignment(List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        return byTopic.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().stream().sorted()
                .map(String::valueOf).collect(Collectors.joining(","))).collect(Collectors.joining(";"));
    }
}
