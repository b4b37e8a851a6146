package io.petrel.tools.internal;

import io.petrel.tools.internal.admin.ClusterAdmin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the cluster is and how to connect to it: the options every client command shares. Client settings
 * come as Kafka's console tools take them ({@link CommandConfig}): {@code --command-config FILE} with Kafka's
 * client keys (TLS and SASL settings for a secured cluster) and {@code --command-property KEY=VALUE} over it;
 * every client the command runs takes the keys it knows.
 */
public final class ConnectionOptions {

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT",
            description = "The broker(s) to connect to, comma-separated host:port pairs.")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client settings with Kafka's keys, e.g. a secured cluster's client.properties "
                    + "(security.protocol, ssl.*, sasl.*); every client of the command takes the keys it knows.")
    Path commandConfig;

    @Option(names = "--command-property", paramLabel = "KEY=VALUE",
            description = "A client setting (e.g. request.timeout.ms=5000) over --command-config; repeatable.")
    Map<String, String> commandProperties = new LinkedHashMap<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private CommandConfig config;

    public String bootstrapServer() {
        return bootstrapServer;
    }

    /** Sets the settings file: for the console tools' older names of --command-config. */
    public void commandConfig(Path file) {
        commandConfig = file;
    }

    /** An admin client for this cluster. */
    public ClusterAdmin admin() {
        return admin(Map.of());
    }

    /**
     * An admin client that also takes what it knows of a producer's or consumer's own settings
     * (--producer-property, --consumer-property), so it connects the way that client will.
     */
    public ClusterAdmin admin(Map<String, String> clientProperties) {
        Map<String, String> settings = new LinkedHashMap<>(settingsFor(CommandConfig.ADMIN_KEYS));
        settings.putAll(CommandConfig.select(clientProperties, CommandConfig.ADMIN_KEYS));
        return ClusterAdmin.connect(bootstrapServer, settings);
    }

    /**
     * The --command-config and --command-property settings a client that knows {@code keys} takes. The first
     * call warns on stderr about settings no Petrel client takes.
     *
     * @throws ParameterException when the settings file cannot be read
     */
    public Map<String, String> settingsFor(Set<String> keys) {
        if (config == null) {
            config = CommandConfig.forCommand(commandConfig, commandProperties, command);
        }
        return config.forClient(keys);
    }
}
