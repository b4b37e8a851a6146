package io.petrel.tools.internal;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ErrorCode;
import io.petrel.tools.internal.admin.ClusterAdmin;
import io.petrel.tools.internal.admin.PartitionDescription;
import io.petrel.tools.internal.admin.TopicDescription;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code petrel topics}: create, list, describe, alter (add partitions) and delete topics, as kafka-topics does and prints. */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create, list, describe, alter or delete topics (like kafka-topics).")
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    VerboseOption verbose;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--create", required = true, description = "Create a topic.")
        boolean create;
        @Option(names = "--list", required = true, description = "List the topics, one per line.")
        boolean list;
        @Option(names = "--describe", required = true, description = "Describe one topic (--topic) or all.")
        boolean describe;
        @Option(names = "--delete", required = true, description = "Delete a topic.")
        boolean delete;
        @Option(names = "--alter", required = true, description = "Add partitions to a topic (--partitions N, the new total).")
        boolean alter;
    }

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic to create, describe, alter or delete.")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of a new topic (default: the broker's num.partitions), or an altered topic's new total.")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "R", description = "Replicas of each partition of a new topic (default: the broker's).")
    Integer replicationFactor;

    @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A setting of the new topic (e.g. retention.ms=60000); repeatable.")
    Map<String, String> configs = new LinkedHashMap<>();

    @Option(names = "--if-not-exists", description = "With --create: succeed quietly if the topic exists.")
    boolean ifNotExists;

    @Option(names = "--if-exists", description = "With --delete, --describe or --alter: succeed quietly if the topic does not exist.")
    boolean ifExists;

    @Option(names = "--exclude-internal", description = "With --list or --describe: leave out internal topics.")
    boolean excludeInternal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterAdmin admin = connection.admin()) {
            if (action.create) {
                create(admin, out);
            } else if (action.list) {
                admin.listTopics(!excludeInternal).forEach(out::println);
            } else if (action.describe) {
                describe(admin, out);
            } else if (action.alter) {
                alter(admin);
            } else {
                delete(admin);
            }
        }
        out.flush();
        return 0;
    }

    private void validate() {
        if ((action.create || action.delete || action.alter) && topic == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option --topic for --"
                    + (action.create ? "create" : action.delete ? "delete" : "alter"));
        }
        if (action.alter && partitions == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option --partitions for --alter");
        }
        if (!action.create && (replicationFactor != null || !configs.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--replication-factor and --config apply to --create only");
        }
        if (!action.create && !action.alter && partitions != null) {
            throw new ParameterException(spec.commandLine(), "--partitions applies to --create and --alter only");
        }
        if (partitions != null && partitions < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid --partitions " + partitions + ": expected at least 1");
        }
        if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            throw new ParameterException(spec.commandLine(), "Invalid --replication-factor " + replicationFactor
                    + ": expected 1 to " + Short.MAX_VALUE);
        }
    }

    private void create(ClusterAdmin admin, PrintWriter out) {
        try {
            admin.createTopic(topic, partitions == null ? -1 : partitions,
                    replicationFactor == null ? -1 : replicationFactor.shortValue(), configs);
            out.println("Created topic " + topic + ".");
        } catch (BrokerErrorException e) {
            if (!(ifNotExists && e.error() == ErrorCode.TOPIC_ALREADY_EXISTS)) {
                throw e;
            }
        }
    }

    /** As kafka-topics --alter: grows the topic to --partitions in all, printing nothing on success. */
    private void alter(ClusterAdmin admin) {
        try {
            admin.createPartitions(topic, partitions);
        } catch (BrokerErrorException e) {
            if (!(ifExists && e.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)) {
                throw e;
            }
        }
    }

    private void delete(ClusterAdmin admin) {
        try {
            admin.deleteTopic(topic);
        } catch (BrokerErrorException e) {
            if (!(ifExists && e.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)) {
                throw e;
            }
        }
    }

    private void describe(ClusterAdmin admin, PrintWriter out) {
        List<TopicDescription> topics;
        try {
            topics = admin.describeTopics(topic == null ? null : List.of(topic));
        } catch (BrokerErrorException e) {
            if (ifExists && e.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                return;
            }
            throw e;
        }
        for (TopicDescription t : topics) {
            if (excludeInternal && t.internal()) {
                continue;
            }
            out.println(describeLine(t));
            for (PartitionDescription p : t.partitions()) {
                out.println(partitionLine(t.name(), p));
            }
        }
    }

    static String describeLine(TopicDescription t) {
        String configs = t.configs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return "Topic: " + t.name() + "\tTopicId: " + (t.id() == null ? "" : KafkaUuid.format(t.id()))
                + "\tPartitionCount: " + t.partitions().size() + "\tReplicationFactor: " + t.replicationFactor()
                + "\tConfigs: " + configs;
    }

    static String partitionLine(String topic, PartitionDescription p) {
        return "\tTopic: " + topic + "\tPartition: " + p.partition() + "\tLeader: " + (p.leader() < 0 ? "none" : p.leader())
                + "\tReplicas: " + join(p.replicas()) + "\tIsr: " + join(p.isr());
    }

    private static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
