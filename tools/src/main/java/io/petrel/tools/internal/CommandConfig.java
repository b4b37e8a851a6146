package io.petrel.tools.internal;

import io.petrel.admin.AdminConfig;
import io.petrel.consumer.ConsumerConfig;
import io.petrel.producer.ProducerConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client settings a command line gives, as Kafka's console tools take them: a properties file with Kafka's
 * client keys ({@code --command-config}, or {@code --producer.config} / {@code --consumer.config}; a secured
 * cluster's client.properties works unchanged), then {@code --command-property KEY=VALUE} pairs over it.
 *
 * <p>One file serves every client a command runs (the admin connection that checks the topic, the producer or
 * consumer that follows), so each takes only the keys it knows: a consumer's {@code session.timeout.ms} in a
 * shared file is not an error for the producer. Keys no Petrel client knows (Kafka settings Petrel does not
 * implement, or a typo) are left out with a warning, as Kafka's clients log one, rather than failing the
 * command.
 */
public final class CommandConfig {
    /** The Admin client's settings: the common client keys (TLS and SASL included), its API timeout and retries. */
    public static final Set<String> ADMIN_KEYS = AdminConfig.configNames();
    public static final Set<String> PRODUCER_KEYS = ProducerConfig.configNames();
    public static final Set<String> CONSUMER_KEYS = ConsumerConfig.configNames();
    private static final Set<String> ANY_CLIENT_KEYS = union(union(ADMIN_KEYS, PRODUCER_KEYS), CONSUMER_KEYS);

    private final Map<String, String> settings;

    private CommandConfig(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * The file's settings (if a file is given) with {@code properties} over them.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public static CommandConfig of(Path file, Map<String, String> properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (file != null) {
            read(file).forEach((k, v) -> settings.put(k.toString().trim(), v.toString()));
        }
        settings.putAll(properties);
        return new CommandConfig(settings);
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            return properties;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the client settings file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("could not read the client settings file " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@link #of} for a command line: an unreadable file is a usage error naming it, and settings no Petrel client
     * takes are named in one warning line on the command's stderr.
     */
    public static CommandConfig forCommand(Path file, Map<String, String> properties, CommandSpec command) {
        CommandConfig config;
        try {
            config = of(file, properties);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        if (!config.ignoredKeys().isEmpty()) {
            PrintWriter err = command.commandLine().getErr();
            err.println(command.qualifiedName() + ": warning: ignoring settings no Petrel client takes: "
                    + String.join(", ", config.ignoredKeys()));
            err.flush();
        }
        return config;
    }

    /** The settings a client that knows {@code keys} takes. */
    public Map<String, String> forClient(Set<String> keys) {
        return select(settings, keys);
    }

    /** The entries of {@code settings} whose key is one of {@code keys}, in order. */
    public static Map<String, String> select(Map<String, String> settings, Set<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (keys.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The keys no Petrel client takes, sorted: they are ignored, and worth a warning. */
    public Set<String> ignoredKeys() {
        Set<String> out = new TreeSet<>(settings.keySet());
        out.removeAll(ANY_CLIENT_KEYS);
        return out;
    }

    private static Set<String> union(Collection<String> a, Collection<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
