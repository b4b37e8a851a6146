package io.petrel.tools.internal;

import io.petrel.client.TopicPartition;
import io.petrel.tools.internal.admin.ClusterAdmin;
import io.petrel.admin.TransactionDescription;
import io.petrel.admin.TransactionListing;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code petrel transactions}: list the transactional ids the brokers coordinate, or describe one, with the
 * columns kafka-transactions prints for {@code list} and {@code describe}.
 */
@Command(name = "transactions", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List transactional ids or describe one's transaction (like kafka-transactions).")
public final class TransactionsCommand implements Callable<Integer> {
    static final List<String> LIST_HEADER = List.of("TransactionalId", "Coordinator", "ProducerId", "TransactionState");
    static final List<String> DESCRIBE_HEADER = List.of("CoordinatorId", "TransactionalId", "ProducerId",
            "ProducerEpoch", "TransactionState", "TransactionTimeoutMs", "CurrentTransactionStartTimeMs",
            "TransactionDurationMs", "TopicPartitions");
    private static final String NONE = "None";

    @Mixin
    ConnectionOptions connection;

    @Mixin
    VerboseOption verbose;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--list", required = true, description = "List every transactional id with its coordinator and state.")
        boolean list;
        @Option(names = "--describe", required = true, description = "Describe one transactional id (--transactional-id).")
        boolean describe;
    }

    @Option(names = "--transactional-id", paramLabel = "ID", description = "The transactional id to describe.")
    String transactionalId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (action.describe && transactionalId == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option --transactional-id for --describe");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterAdmin admin = connection.admin()) {
            List<String> lines = action.list ? list(admin) : describe(admin);
            lines.forEach(out::println);
        }
        out.flush();
        return 0;
    }

    private static List<String> list(ClusterAdmin admin) {
        List<List<String>> rows = admin.listTransactions().stream()
                .map(t -> List.of(t.transactionalId(), Integer.toString(t.coordinator()), Long.toString(t.producerId()),
                        t.state()))
                .toList();
        return TabbedTable.format(LIST_HEADER, rows);
    }

    private List<String> describe(ClusterAdmin admin) {
        TransactionDescription d = admin.describeTransaction(transactionalId);
        long now = System.currentTimeMillis();
        String start = d.startTimeMs().isPresent() ? Long.toString(d.startTimeMs().getAsLong()) : NONE;
        String duration = d.startTimeMs().isPresent() ? Long.toString(now - d.startTimeMs().getAsLong()) : NONE;
        String partitions = d.partitions().stream().map(TopicPartition::toString).collect(Collectors.joining(","));
        return TabbedTable.format(DESCRIBE_HEADER, List.of(List.of(Integer.toString(d.coordinatorId()),
                d.transactionalId(), Long.toString(d.producerId()), Short.toString(d.producerEpoch()), d.state(),
                Integer.toString(d.timeoutMs()), start, duration, partitions)));
    }
}
