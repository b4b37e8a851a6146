package io.petrel.tools.internal;

import io.petrel.admin.AlterConfigOp;
import io.petrel.admin.ConfigEntry;
import io.petrel.admin.ConfigResource;
import io.petrel.admin.UnknownTopicOrPartitionException;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code petrel configs}: describe or alter a topic's or a broker's configs, as kafka-configs does and prints. A
 * describe lists the configs set at that level (a topic's overrides, a broker's dynamic settings, the cluster-wide
 * broker defaults with {@code --entity-default}), or with {@code --all} every config, each with its synonyms. An alter
 * sets ({@code --add-config k=v,k2=[a,b]}) and removes ({@code --delete-config k,k2}) configs in one
 * IncrementalAlterConfigs request, which the broker validates.
 */
@Command(name = "configs", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Describe or alter topic and broker configs (like kafka-configs).")
public final class ConfigsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    VerboseOption verbose;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--describe", required = true, description = "List the configs set on the entity (all with --all).")
        boolean describe;
        @Option(names = "--alter", required = true, description = "Set (--add-config) or remove (--delete-config) configs.")
        boolean alter;
    }

    @Option(names = "--entity-type", required = true, paramLabel = "TYPE", description = "topics or brokers.")
    String entityType;

    @Option(names = "--entity-name", paramLabel = "NAME", description = "The topic's name or the broker's node id (default: all).")
    String entityName;

    @Option(names = "--entity-default", description = "With brokers: the cluster-wide defaults every broker takes.")
    boolean entityDefault;

    @Option(names = "--all", description = "With --describe: every config, defaults included.")
    boolean all;

    @Option(names = "--add-config", paramLabel = "K=V,K2=V2",
            description = "Configs to set, comma-separated; a list value in brackets: cleanup.policy=[compact,delete].")
    String addConfig;

    @Option(names = "--delete-config", paramLabel = "K,K2", description = "Configs to remove (back to their default), comma-separated.")
    String deleteConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean topics = validate();
        List<AlterConfigOp> ops = action.alter ? alterations() : List.of();
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterAdmin admin = connection.admin()) {
            if (action.alter) {
                admin.alterConfigs(resource(topics, entityDefault ? "" : entityName), ops);
                out.println(topics ? "Completed updating config for topic " + entityName + "."
                        : entityDefault ? "Completed updating default config for brokers in the cluster."
                        : "Completed updating config for broker " + entityName + ".");
            } else {
                describe(admin, topics, out);
            }
        }
        out.flush();
        return 0;
    }

    /** @return whether the entity is a topic (else a broker) */
    private boolean validate() {
        boolean topics = "topics".equals(entityType) || "topic".equals(entityType);
        if (!topics && !"brokers".equals(entityType) && !"broker".equals(entityType)) {
            throw usage("Invalid --entity-type '" + entityType + "': expected topics or brokers");
        }
        if (entityDefault && topics) {
            throw usage("--entity-default applies to --entity-type brokers only: topics take the brokers' defaults");
        }
        if (entityDefault && entityName != null) {
            throw usage("--entity-name and --entity-default exclude each other");
        }
        if (!topics && entityName != null && !entityName.matches("\\d{1,9}")) {
            throw usage("Invalid --entity-name '" + entityName + "' for brokers: expected a broker's node id (0 or more)");
        }
        if (action.alter && entityName == null && !entityDefault) {
            throw usage("--alter needs --entity-name" + (topics ? "" : " or --entity-default"));
        }
        if (action.alter && addConfig == null && deleteConfig == null) {
            throw usage("--alter needs --add-config K=V,... or --delete-config K,...");
        }
        if (action.describe && (addConfig != null || deleteConfig != null)) {
            throw usage("--add-config and --delete-config apply to --alter only");
        }
        if (action.alter && all) {
            throw usage("--all applies to --describe only");
        }
        return topics;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** --add-config as SET operations, then --delete-config as DELETE ones. */
    private List<AlterConfigOp> alterations() {
        Map<String, String> set = addConfig == null ? Map.of() : parseAdd(addConfig);
        List<AlterConfigOp> ops = new ArrayList<>();
        set.forEach((k, v) -> ops.add(AlterConfigOp.set(k, v)));
        if (deleteConfig != null) {
            for (String name : deleteConfig.split(",")) {
                String key = name.trim();
                if (key.isEmpty()) {
                    throw usage("Invalid --delete-config '" + deleteConfig + "': expected K,K2,... with no empty name");
                }
                if (set.containsKey(key)) {
                    throw usage("Config '" + key + "' is both in --add-config and --delete-config: give it once");
                }
                ops.add(AlterConfigOp.delete(key));
            }
        }
        return ops;
    }

    /** K=V pairs split at commas outside brackets; a bracketed value loses its brackets, as kafka-configs reads it. */
    private Map<String, String> parseAdd(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                addPair(pairs, text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw usage("Invalid --add-config '" + text + "': unbalanced [ ]");
        }
        return pairs;
    }

    private void addPair(Map<String, String> pairs, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw usage("Invalid --add-config entry '" + pair + "': expected KEY=VALUE");
        }
        String value = pair.substring(eq + 1).trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (pairs.put(pair.substring(0, eq).trim(), value) != null) {
            throw usage("Config '" + pair.substring(0, eq).trim() + "' is given twice in --add-config");
        }
    }

    private void describe(ClusterAdmin admin, boolean topics, PrintWriter out) {
        if (topics) {
            List<String> names = entityName != null ? List.of(entityName) : admin.listTopics(true);
            for (String topic : names) {
                describeOne(admin, new ConfigResource(ConfigResource.Type.TOPIC, topic), "topic " + topic, out);
            }
        } else if (entityDefault) {
            describeOne(admin, new ConfigResource(ConfigResource.Type.BROKER, ""), null, out);
        } else {
            List<String> ids = entityName != null ? List.of(entityName)
                    : admin.brokerIds().stream().map(String::valueOf).toList();
            for (String id : ids) {
                describeOne(admin, new ConfigResource(ConfigResource.Type.BROKER, id), "broker " + id, out);
            }
            if (entityName == null) {
                describeOne(admin, new ConfigResource(ConfigResource.Type.BROKER, ""), null, out);
            }
        }
    }

    /** kafka-configs' block: a heading, then one line per config with its synonyms. */
    private void describeOne(ClusterAdmin admin, ConfigResource resource, String entity, PrintWriter out) {
        List<ConfigEntry> entries;
        try {
            entries = admin.describeConfigs(resource).entries();
        } catch (UnknownTopicOrPartitionException e) {
            throw new CommandFailedException("The topic '" + resource.name() + "' doesn't exist and doesn't have dynamic config.", e);
        }
        ConfigEntry.ConfigSource level = resource.type() == ConfigResource.Type.TOPIC ? ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                : resource.name().isEmpty() ? ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                : ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
        out.println(entity == null ? (all ? "All" : "Default") + " configs for brokers in the cluster are:"
                : (all ? "All" : "Dynamic") + " configs for " + entity + " are:");
        entries.stream().filter(e -> all || e.source() == level).sorted(Comparator.comparing(ConfigEntry::name))
                .forEach(e -> out.println("  " + e.name() + "=" + e.value() + " sensitive=" + e.sensitive() + " synonyms={"
                        + e.synonyms().stream().map(s -> s.source() + ":" + s.name() + "=" + s.value())
                        .collect(Collectors.joining(", ")) + "}"));
    }

    private static ConfigResource resource(boolean topics, String name) {
        return new ConfigResource(topics ? ConfigResource.Type.TOPIC : ConfigResource.Type.BROKER, name);
    }
}
