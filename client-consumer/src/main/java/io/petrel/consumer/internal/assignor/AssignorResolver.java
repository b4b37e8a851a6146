package io.petrel.consumer.internal.assignor;

import io.petrel.client.ConfigException;
import io.petrel.client.internal.config.ConfigType;
import io.petrel.consumer.CooperativeStickyAssignor;
import io.petrel.consumer.PartitionAssignor;
import io.petrel.consumer.RangeAssignor;
import io.petrel.consumer.RoundRobinAssignor;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a {@code partition.assignment.strategy} value into the assignors a consumer advertises, in order.
 *
 * <p>A Kafka user's configuration names Kafka's classes, so those names map to Petrel's assignors of the same
 * protocol, as do the short protocol names and Petrel's own class names; none of these needs kafka-clients on the
 * class path. Any other class name, or a {@code Class}, must be a {@link PartitionAssignor} with a public no-argument
 * constructor (a user's own assignor); instances are taken as they are. Kafka's eager {@code StickyAssignor} has no
 * Petrel counterpart and is refused with a pointer to {@code cooperative-sticky}. Every entry yields a new instance,
 * since an assignor may keep per-consumer state.
 */
public final class AssignorResolver {
    /** The configuration key, for messages. */
    public static final String KEY = "partition.assignment.strategy";

    private static final String ACCEPTED = "a list of range, roundrobin, cooperative-sticky, their Petrel or Kafka "
            + "class names (e.g. org.apache.kafka.clients.consumer.CooperativeStickyAssignor), or classes or "
            + "instances of io.petrel.consumer.PartitionAssignor";
    private static final String KAFKA_STICKY = "org.apache.kafka.clients.consumer.StickyAssignor";
    private static final Map<String, Supplier<PartitionAssignor>> BUILT_IN = builtIn();

    private AssignorResolver() {
    }

    /**
     * The assignors for a configuration value: a comma-separated String, a Collection of names, classes or
     * instances, a single Class or a single instance.
     *
     * @throws ConfigException naming the bad entry and what is accepted, if an entry is unknown, the list is empty,
     *                         or two entries have the same protocol name
     */
    public static List<PartitionAssignor> resolve(Object value) {
        List<PartitionAssignor> assignors = new ArrayList<>();
        for (Object entry : entries(value)) {
            assignors.add(resolveEntry(entry));
        }
        if (assignors.isEmpty()) {
            throw new ConfigException("Invalid value " + value + " for configuration " + KEY
                    + ": at least one assignor is required; expected " + ACCEPTED);
        }
        checkDistinctNames(assignors);
        return List.copyOf(assignors);
    }

    private static List<?> entries(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return (List<?>) ConfigType.LIST.parse(KEY, text);
        }
        if (value instanceof Collection<?> items) {
            List<Object> entries = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof String text) {
                    entries.addAll((List<?>) ConfigType.LIST.parse(KEY, text));
                } else {
                    entries.add(item);
                }
            }
            return entries;
        }
        return List.of(value);
    }

    private static PartitionAssignor resolveEntry(Object entry) {
        if (entry instanceof PartitionAssignor assignor) {
            return assignor;
        }
        if (entry instanceof Class<?> type) {
            return instantiate(type, type.getName());
        }
        if (entry instanceof String name) {
            return resolveName(name);
        }
        throw new ConfigException("Invalid value " + entry + " (a " + (entry == null ? "null" : entry.getClass().getName())
                + ") for configuration " + KEY + ": expected " + ACCEPTED);
    }

    private static PartitionAssignor resolveName(String name) {
        Supplier<PartitionAssignor> builtIn = BUILT_IN.get(name);
        if (builtIn != null) {
            return builtIn.get();
        }
        if (name.equals(KAFKA_STICKY) || name.equals("sticky")) {
            throw new ConfigException("Invalid value " + name + " for configuration " + KEY
                    + ": Kafka's eager sticky assignor is not supported; use cooperative-sticky "
                    + "(org.apache.kafka.clients.consumer.CooperativeStickyAssignor), which is sticky too");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type;
        try {
            type = Class.forName(name, true, loader != null ? loader : AssignorResolver.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException("Invalid value " + name + " for configuration " + KEY
                    + ": not a known assignor and no such class can be loaded (" + e + "); expected " + ACCEPTED);
        }
        return instantiate(type, name);
    }

    private static PartitionAssignor instantiate(Class<?> type, String value) {
        if (type.getName().equals(KAFKA_STICKY)) {
            return resolveName(KAFKA_STICKY);
        }
        Supplier<PartitionAssignor> builtIn = BUILT_IN.get(type.getName());
        if (builtIn != null) {
            return builtIn.get();
        }
        if (!PartitionAssignor.class.isAssignableFrom(type)) {
            throw new ConfigException("Invalid value " + value + " for configuration " + KEY + ": " + type.getName()
                    + " does not implement " + PartitionAssignor.class.getName() + "; expected " + ACCEPTED);
        }
        try {
            return (PartitionAssignor) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException("Invalid value " + value + " for configuration " + KEY + ": " + type.getName()
                    + " needs a public no-argument constructor (" + e + ")");
        } catch (InvocationTargetException e) {
            throw new ConfigException("Invalid value " + value + " for configuration " + KEY + ": the constructor of "
                    + type.getName() + " failed (" + e.getCause() + ")");
        }
    }

    private static void checkDistinctNames(List<PartitionAssignor> assignors) {
        Map<String, PartitionAssignor> byName = new HashMap<>();
        for (PartitionAssignor assignor : assignors) {
            String name = assignor.name();
            if (name == null || name.isEmpty()) {
                throw new ConfigException("Invalid assignor " + assignor.getClass().getName() + " in configuration "
                        + KEY + ": its name() is empty; an assignor needs a protocol name");
            }
            PartitionAssignor other = byName.putIfAbsent(name, assignor);
            if (other != null) {
                throw new ConfigException("Invalid value for configuration " + KEY + ": " + other.getClass().getName()
                        + " and " + assignor.getClass().getName() + " both have the protocol name '" + name
                        + "'; each assignor must appear once");
            }
        }
    }

    private static Map<String, Supplier<PartitionAssignor>> builtIn() {
        Map<String, Supplier<PartitionAssignor>> builtIn = new HashMap<>();
        register(builtIn, RangeAssignor.NAME, RangeAssignor.class, "org.apache.kafka.clients.consumer.RangeAssignor",
                RangeAssignor::new);
        register(builtIn, RoundRobinAssignor.NAME, RoundRobinAssignor.class,
                "org.apache.kafka.clients.consumer.RoundRobinAssignor", RoundRobinAssignor::new);
        register(builtIn, CooperativeStickyAssignor.NAME, CooperativeStickyAssignor.class,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", CooperativeStickyAssignor::new);
        return Map.copyOf(builtIn);
    }

    private static void register(Map<String, Supplier<PartitionAssignor>> builtIn, String name, Class<?> ours,
                                 String kafkaClass, Supplier<PartitionAssignor> factory) {
        builtIn.put(name, factory);
        builtIn.put(ours.getName(), factory);
        builtIn.put(kafkaClass, factory);
    }
}
