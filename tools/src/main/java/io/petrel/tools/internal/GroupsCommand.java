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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code petrel groups}: list consumer groups, describe one's partitions with committed offsets and lag (or its
 * members with --members, its state with --state, for classic and consumer-protocol groups alike), reset an
 * inactive group's offsets (a dry run unless --execute), delete a group's offsets of some topics, or delete groups,
 * as kafka-consumer-groups does and prints.
 */
@Command(name = "groups", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List consumer groups, describe one's offsets and lag, reset or delete its offsets, or delete groups "
                + "(like kafka-consumer-groups).")
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
        @Option(names = "--delete", required = true, description = "Delete groups (--group, repeatable) that have no active members.")
        boolean delete;
        @Option(names = "--delete-offsets", required = true,
                description = "Delete a group's committed offsets of topics (--group, --topic).")
        boolean deleteOffsets;
    }

    @Option(names = "--group", paramLabel = "GROUP", description = "The group to describe, reset or delete; repeatable with --delete.")
    List<String> groups = new ArrayList<>();

    /** The one group of the actions that take one. */
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
            description = "With --reset-offsets or --delete-offsets: a topic, all its partitions or the listed ones; repeatable.")
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
            } else if (action.delete) {
                return delete(admin, out);
            } else if (action.deleteOffsets) {
                return deleteOffsets(admin, out);
            } else {
                describe(admin, out);
            }
        }
        out.flush();
        return 0;
    }

    private void validate() {
        String name = action.describe ? "describe" : action.resetOffsets ? "reset-offsets" : action.delete ? "delete"
                : action.deleteOffsets ? "delete-offsets" : "list";
        if (!action.list && groups.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required option --group for --" + name);
        }
        if (!action.describe && (members || state || offsets)) {
            throw new ParameterException(spec.commandLine(), "--members, --state and --offsets apply to --describe only");
        }
        if ((members ? 1 : 0) + (state ? 1 : 0) + (offsets ? 1 : 0) > 1) {
            throw new ParameterException(spec.commandLine(), "--describe takes at most one of --members, --offsets, --state");
        }
        if (!action.delete && groups.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--" + name + " takes one --group, got " + groups.size() + ": " + groups);
        }
        group = groups.isEmpty() ? null : groups.get(0);
        if (action.deleteOffsets && topics.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--delete-offsets needs --topic TOPIC (or TOPIC:P,P...): the offsets to delete");
        }
        if (!action.resetOffsets && (allTopics || execute || dryRun || reset.targets() > 0)) {
            throw new ParameterException(spec.commandLine(), "--all-topics, --execute, --dry-run and the reset"
                    + " targets apply to --reset-offsets only");
        }
        if (!action.resetOffsets && !action.deleteOffsets && !topics.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--topic applies to --reset-offsets and --delete-offsets only");
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

    /**
     * As kafka-consumer-groups --delete: one line on stdout naming the groups deleted, and one line on stderr for each
     * group that was not (exit status 1), with the broker's reason.
     */
    private int delete(ClusterAdmin admin, PrintWriter out) {
        Map<String, RuntimeException> outcomes = admin.deleteGroups(groups);
        List<String> deleted = outcomes.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
        String names = deleted.stream().map(g -> "'" + g + "'").collect(java.util.stream.Collectors.joining(", "));
        if (deleted.size() == outcomes.size()) {
            out.println("Deletion of requested consumer groups (" + names + ") was successful.");
            return 0;
        }
        if (!deleted.isEmpty()) {
            out.println("These consumer groups were deleted successfully: " + names);
        }
        PrintWriter err = spec.commandLine().getErr();
        outcomes.forEach((g, failure) -> {
            if (failure != null) {
                err.println(spec.qualifiedName() + ": Group '" + g + "' could not be deleted due to: " + ErrorLine.of(failure));
            }
        });
        return 1;
    }

    /**
     * As kafka-consumer-groups --delete-offsets: the outcome of each partition in Kafka's table; any failure (a group
     * still reading the topic, a group or topic that does not exist) is also one line on stderr and exit status 1.
     */
    private int deleteOffsets(ClusterAdmin admin, PrintWriter out) {
        Map<TopicPartition, String> status = new TreeMap<>(ClusterAdmin.PARTITION_ORDER);
        List<TopicPartition> partitions = new ArrayList<>();
        String firstError = null;
        for (String scope : topics) {
            try {
                partitions.addAll(partitionsOf(admin, scope));
            } catch (io.petrel.admin.UnknownTopicOrPartitionException e) {
                // Kafka's tool lists a topic it cannot find with partition "-".
                status.put(new TopicPartition(scope.split(":")[0], -1), "Error: " + ErrorLine.of(e));
                firstError = firstError == null ? ErrorLine.of(e) : firstError;
            }
        }
        if (!partitions.isEmpty()) {
            for (Map.Entry<TopicPartition, RuntimeException> e : admin.deleteGroupOffsets(group, partitions).entrySet()) {
                String failure = e.getValue() == null ? null : ErrorLine.of(e.getValue());
                status.put(e.getKey(), failure == null ? "Successful" : "Error: " + failure);
                firstError = firstError == null ? failure : firstError;
            }
        }
        if (firstError == null) {
            out.println("Request succeeded for deleting offsets from group " + group + ".");
        }
        int topicWidth = Math.max(15, status.keySet().stream().mapToInt(tp -> tp.topic().length()).max().orElse(0));
        String format = "%-" + topicWidth + "s %-10s %-15s";
        out.println();
        out.println(String.format(format, "TOPIC", "PARTITION", "STATUS"));
        status.forEach((tp, outcome) -> out.println(String.format(format, tp.topic(),
                tp.partition() < 0 ? "-" : Integer.toString(tp.partition()), outcome)));
        if (firstError != null) {
            out.flush();
            spec.commandLine().getErr().println(spec.qualifiedName() + ": deleting offsets from group '" + group + "' failed: "
                    + firstError);
            return 1;
        }
        return 0;
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
