package io.petrel.tools.internal;

import io.petrel.admin.ConsumerGroupDescription;
import io.petrel.admin.GroupListing;
import io.petrel.client.TopicPartition;
import io.petrel.tools.internal.admin.ClusterAdmin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code petrel groups}: list consumer groups, or describe one's partitions with committed offsets and lag,
 * as kafka-consumer-groups does and prints.
 */
@Command(name = "groups", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List consumer groups or describe one's offsets and lag (like kafka-consumer-groups).")
public final class GroupsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    VerboseOption verbose;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--list", required = true, description = "List the group ids, one per line.")
        boolean list;
        @Option(names = "--describe", required = true, description = "Describe a group (--group): offsets, lag, members.")
        boolean describe;
    }

    @Option(names = "--group", paramLabel = "GROUP", description = "The group to describe.")
    String group;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (action.describe && group == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option --group for --describe");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterAdmin admin = connection.admin()) {
            if (action.list) {
                admin.listGroups().stream().map(GroupListing::groupId).forEach(out::println);
            } else {
                describe(admin, out);
            }
        }
        out.flush();
        return 0;
    }

    private void describe(ClusterAdmin admin, PrintWriter out) {
        ConsumerGroupDescription description = admin.describeGroup(group);
        Map<TopicPartition, Long> committed = admin.committedOffsets(group);
        if ("Dead".equals(description.state()) && committed.isEmpty()) {
            throw new CommandFailedException("Consumer group '" + group + "' does not exist.");
        }
        Set<TopicPartition> partitions = new TreeSet<>(ClusterAdmin.PARTITION_ORDER);
        partitions.addAll(committed.keySet());
        description.members().forEach(m -> partitions.addAll(m.assignment()));
        Map<TopicPartition, Long> logEnd = admin.logEndOffsets(partitions);
        List<GroupOffsetsTable.Row> rows = GroupOffsetsTable.rows(description, committed, logEnd);
        if (description.members().isEmpty()) {
            spec.commandLine().getErr().println("Consumer group '" + group + "' has no active members.");
        }
        out.println();
        GroupOffsetsTable.format(rows, group).forEach(out::println);
    }
}
