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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code petrel groups}: list consumer groups, describe one's partitions with committed offsets and lag (or its
 * members with --members, its state with --state, for classic and consumer-protocol groups alike), or reset
 * an inactive group's offsets (a dry run unless --execute), as kafka-consumer-groups does and prints.
 */
@Command(name = "groups", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List consumer groups, describe one's offsets and lag, or reset its offsets (like kafka-consumer-groups).")
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
        @Option(names = "--reset-offsets", required = true,
                description = "Reset a group's offsets (--group, --topic or --all-topics, one target); a dry run unless --execute.")
        boolean resetOffsets;
    }

    @Option(names = "--group", paramLabel = "GROUP", description = "The group to describe or reset.")
    String group;

    @Option(names = "--members", description = "With --describe: the members, their partition counts (with --verbose"
            + " their epochs, assignments and target assignments).")
    boolean members;

    @Option(names = "--state", description = "With --describe: the group's coordinator, assignor, state and member count"
            + " (with --verbose its group and target assignment epochs).")
    boolean state;

    @Option(names = "--offsets", description = "With --describe: the offsets, lag and owner of each partition (the default).")
    boolean offsets;

    @Option(names = "--topic", paramLabel = "TOPIC[:P,P...]",
            description = "With --reset-offsets: a topic to reset, all its partitions or the listed ones; repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--all-topics", description = "With --reset-offsets: every topic the group has offsets for.")
    boolean allTopics;

    @Option(names = "--execute", description = "With --reset-offsets: commit the new offsets.")
    boolean execute;

    @Option(names = "--dry-run", description = "With --reset-offsets: only show the new offsets (the default).")
    boolean dryRun;

    @Mixin
    OffsetReset reset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterAdmin admin = connection.admin()) {
            if (action.list) {
                admin.listGroups().stream().map(GroupListing::groupId).forEach(out::println);
            } else if (action.resetOffsets) {
                resetOffsets(admin, out);
            } else {
                describe(admin, out);
            }
        }
        out.flush();
        return 0;
    }

    private void validate() {
        if ((action.describe || action.resetOffsets) && group == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option --group for --"
                    + (action.describe ? "describe" : "reset-offsets"));
        }
        if (!action.describe && (members || state || offsets)) {
            throw new ParameterException(spec.commandLine(), "--members, --state and --offsets apply to --describe only");
        }
        if ((members ? 1 : 0) + (state ? 1 : 0) + (offsets ? 1 : 0) > 1) {
            throw new ParameterException(spec.commandLine(), "--describe takes at most one of --members, --offsets, --state");
        }
        if (!action.resetOffsets && (!topics.isEmpty() || allTopics || execute || dryRun || reset.targets() > 0)) {
            throw new ParameterException(spec.commandLine(), "--topic, --all-topics, --execute, --dry-run and the reset"
                    + " targets apply to --reset-offsets only");
        }
        if (action.resetOffsets) {
            if (topics.isEmpty() == !allTopics) {
                throw new ParameterException(spec.commandLine(), "--reset-offsets needs one scope: --topic or --all-topics");
            }
            if (reset.targets() != 1) {
                throw new ParameterException(spec.commandLine(), "--reset-offsets needs one target: --to-earliest, --to-latest,"
                        + " --to-offset, --shift-by, --to-datetime or --by-duration");
            }
            if (execute && dryRun) {
                throw new ParameterException(spec.commandLine(), "--execute and --dry-run exclude each other");
            }
        }
    }

    /** As kafka-consumer-groups --reset-offsets: the table of new offsets, committed only with --execute. */
    private void resetOffsets(ClusterAdmin admin, PrintWriter out) {
        Map<TopicPartition, Long> committed = admin.committedOffsets(group);
        Set<TopicPartition> partitions = new TreeSet<>(ClusterAdmin.PARTITION_ORDER);
        if (allTopics) {
            partitions.addAll(committed.keySet());
        }
        for (String scope : topics) {
            partitions.addAll(partitionsOf(admin, scope));
        }
        if (execute) {
            String state = admin.describeGroup(group).state();
            if (!"Empty".equals(state) && !"Dead".equals(state)) {
                throw new CommandFailedException("Assignments can only be reset if the group '" + group
                        + "' is inactive, but the current state is " + state + ".");
            }
        }
        Map<TopicPartition, Long> planned = reset.plan(admin, partitions, committed, java.time.Clock.systemDefaultZone());
        if (execute && !planned.isEmpty()) {
            admin.alterGroupOffsets(group, planned);
        }
        // Kafka 4.3's layout: group and topic columns as wide as their longest value, at least 15.
        int topicWidth = Math.max(15, planned.keySet().stream().mapToInt(tp -> tp.topic().length()).max().orElse(0));
        String format = "%-" + Math.max(15, group.length()) + "s %-" + topicWidth + "s %-10s %s";
        out.println();
        out.println(String.format(format, "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        planned.forEach((tp, offset) -> out.println(String.format(format, group, tp.topic(), tp.partition(), offset)));
    }

    /** "orders" is every partition of orders; "orders:0,2" its partitions 0 and 2. */
    private List<TopicPartition> partitionsOf(ClusterAdmin admin, String scope) {
        int colon = scope.indexOf(':');
        if (colon < 0) {
            return admin.topic(scope).partitions().stream().map(p -> new TopicPartition(scope, p.partition())).toList();
        }
        String topic = scope.substring(0, colon);
        List<TopicPartition> listed = new ArrayList<>();
        for (String p : scope.substring(colon + 1).split(",")) {
            try {
                listed.add(new TopicPartition(topic, Integer.parseInt(p.trim())));
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "Invalid --topic " + scope + ": expected TOPIC or TOPIC:P,P,...");
            }
        }
        return listed;
    }

    private void describe(ClusterAdmin admin, PrintWriter out) {
        if (members || state) {
            describeGroup(admin, out);
            return;
        }
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

    /** --members or --state: what the coordinator says of the group, as kafka-consumer-groups prints it. */
    private void describeGroup(ClusterAdmin admin, PrintWriter out) {
        ConsumerGroupDescription description = admin.describeGroup(group);
        if ("Dead".equals(description.state())) {
            throw new CommandFailedException("Consumer group '" + group + "' does not exist.");
        }
        PrintWriter err = spec.commandLine().getErr();
        switch (description.state()) {
            case "Empty" -> err.println("Consumer group '" + group + "' has no active members.");
            case "PreparingRebalance", "CompletingRebalance", "Assigning", "Reconciling" ->
                    err.println("Warning: Consumer group '" + group + "' is rebalancing.");
            default -> {
                // Stable: nothing to warn about.
            }
        }
        out.println();
        List<String> lines = members ? GroupMembersTable.format(description, verbose.verbose)
                : GroupStateTable.format(description, verbose.verbose);
        lines.forEach(out::println);
    }
}
