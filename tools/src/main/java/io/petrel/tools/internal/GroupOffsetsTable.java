package io.petrel.tools.internal;

import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.MemberDescription;
import io.petrel.client.TopicPartition;
import io.petrel.tools.internal.admin.ClusterAdmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table kafka-consumer-groups --describe prints: one row per partition the group has an offset for or a
 * member is assigned, with the committed offset, the log end offset, the lag between them and the member.
 * Columns are at least 15 wide and grow to their longest value, as Kafka's are.
 */
final class GroupOffsetsTable {
    private static final String NONE = "-";

    /** One row; null numbers and members are printed as {@code -}. */
    record Row(String group, TopicPartition partition, Long currentOffset, Long logEndOffset,
               MemberDescription member) {
        String lag() {
            return currentOffset == null || logEndOffset == null ? NONE : Long.toString(Math.max(0, logEndOffset - currentOffset));
        }
    }

    private GroupOffsetsTable() {
    }

    /** The rows for a group, by topic and partition. */
    static List<Row> rows(ConsumerGroupDescription group, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> logEnd) {
        Map<TopicPartition, MemberDescription> owners = new TreeMap<>(ClusterAdmin.PARTITION_ORDER);
        for (MemberDescription member : group.members()) {
            member.assignment().forEach(tp -> owners.put(tp, member));
        }
        Map<TopicPartition, Boolean> all = new TreeMap<>(ClusterAdmin.PARTITION_ORDER);
        committed.keySet().forEach(tp -> all.put(tp, true));
        owners.keySet().forEach(tp -> all.put(tp, true));
        List<Row> rows = new ArrayList<>();
        for (TopicPartition tp : all.keySet()) {
            rows.add(new Row(group.groupId(), tp, committed.get(tp), logEnd.get(tp), owners.get(tp)));
        }
        return rows;
    }

    /** The header and rows, each line without a trailing newline. */
    static List<String> format(List<Row> rows, String group) {
        int groupWidth = Math.max(15, group.length());
        int topicWidth = 15;
        int memberWidth = 15;
        int hostWidth = 15;
        for (Row r : rows) {
            topicWidth = Math.max(topicWidth, r.partition().topic().length());
            if (r.member() != null) {
                memberWidth = Math.max(memberWidth, r.member().memberId().length());
                hostWidth = Math.max(hostWidth, r.member().host().length());
            }
        }
        String format = "%-" + groupWidth + "s %-" + topicWidth + "s %-10s %-15s %-15s %-15s %-" + memberWidth + "s %-"
                + hostWidth + "s %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(format, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                "CONSUMER-ID", "HOST", "CLIENT-ID"));
        for (Row r : rows) {
            MemberDescription m = r.member();
            lines.add(String.format(format, r.group(), r.partition().topic(), r.partition().partition(),
                    r.currentOffset() == null ? NONE : r.currentOffset(), r.logEndOffset() == null ? NONE : r.logEndOffset(),
                    r.lag(), m == null ? NONE : m.memberId(), m == null ? NONE : m.host(), m == null ? NONE : m.clientId()));
        }
        return lines;
    }
}
