package io.petrel.tools.internal;

import io.petrel.admin.ConsumerGroupDescription;

import java.util.List;
import java.util.OptionalInt;

/**
 * The table kafka-consumer-groups --describe --state prints (Kafka 4.3's layout): the group's coordinator,
 * assignor, state and member count; with --verbose also the group epoch and target assignment epoch ("-" for a
 * classic group).
 */
final class GroupStateTable {
    private static final String NONE = "-";

    private GroupStateTable() {
    }

    /** The header and the group's row, each line without trailing blanks. */
    static List<String> format(ConsumerGroupDescription group, boolean verbose) {
        String coordinator = group.coordinator() == null ? NONE
                : group.coordinator().host() + ":" + group.coordinator().port() + "  (" + group.coordinator().id() + ")";
        String head = "%-" + Math.max(15, group.groupId().length()) + "s %-" + Math.max(25, coordinator.length()) + "s %-20s %-20s ";
        String format = head + (verbose ? "%-15s %-25s %s" : "%s");
        String assignor = group.partitionAssignor() == null || group.partitionAssignor().isEmpty() ? NONE : group.partitionAssignor();
        List<Object> header = verbose
                ? List.of("GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "GROUP-EPOCH", "TARGET-ASSIGNMENT-EPOCH", "#MEMBERS")
                : List.of("GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS");
        List<Object> row = verbose
                ? List.of(group.groupId(), coordinator, assignor, group.state(), epoch(group.groupEpoch()),
                epoch(group.targetAssignmentEpoch()), group.members().size())
                : List.of(group.groupId(), coordinator, assignor, group.state(), group.members().size());
        return List.of(String.format(format, header.toArray()).stripTrailing(), String.format(format, row.toArray()).stripTrailing());
    }

    private static String epoch(OptionalInt epoch) {
        return epoch.isPresent() ? Integer.toString(epoch.getAsInt()) : NONE;
    }
}
