package io.petrel.broker.internal.topic;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.LogConfig;
import io.petrel.broker.internal.log.CompactionConfig;
import io.petrel.broker.internal.log.LogCleaner;
import io.petrel.broker.internal.log.LogFlusher;
import io.petrel.broker.internal.log.PartitionLog;
import io.petrel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The broker's topics and their partition logs, kept across restarts in the data directory.
 *
 * <p>How it works: each partition's log lives in {@code <dataDir>/<topic>-<partition>/}; which topics
 * exist, with their ids, partition counts and config overrides, is in {@link TopicMetadataFile}. Opening
 * the registry reads that file and opens (recovering) every listed partition log. Lookups are lock-free
 * reads of two concurrent maps (by name and by id) holding immutable snapshots; creating, deleting and
 * growing topics take one lock, open the new logs first and rewrite the metadata file last, so a change is
 * on disk before the method returns and a crash mid-change leaves the previous list in force. Directories
 * a crash left behind are wiped when a topic of that name is next created, so a new topic never shows an
 * old one's records.
 */
public final class TopicRegistry implements Closeable {
    /** The metadata file's name in the data directory. */
    public static final String METADATA_FILE_NAME = "topics.meta";
    /** The most partitions one topic may have: each partition holds open files. */
    public static final int MAX_PARTITIONS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(TopicRegistry.class);
    private static final Pattern PARTITION_DIR = Pattern.compile("(.+)-(\\d+)");

    private final Path dataDir;
    private final BrokerConfig config;
    private final TopicMetadataFile metadataFile;
    private final Object mutationLock = new Object();
    /** Run after a topic is created, deleted or grown, outside the mutation lock (metrics follow topics with it). */
    private volatile Runnable onChange = () -> { };
    private final ConcurrentMap<String, Registered> byName = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Registered> byId = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** Forces the logs' rolled segments; stopped after the logs are closed. */
    private final LogFlusher flusher = new LogFlusher();

    /** A topic and its open logs, index = partition. */
    private record Registered(Topic topic, List<PartitionLog> logs) {
    }

    private final DynamicBrokerConfigs dynamicConfigs;

    private TopicRegistry(Path dataDir, BrokerConfig config, DynamicBrokerConfigs dynamicConfigs) {
        this.dataDir = dataDir;
        this.config = config;
        this.dynamicConfigs = dynamicConfigs;
        this.metadataFile = new TopicMetadataFile(dataDir.resolve(METADATA_FILE_NAME));
    }

    /** Opens the registry in {@code dataDir}, creating the directory or recovering the topics in it. */
    public static TopicRegistry open(Path dataDir, BrokerConfig config) throws IOException {
        Files.createDirectories(dataDir);
        TopicRegistry registry = new TopicRegistry(dataDir, config, DynamicBrokerConfigs.open(dataDir));
        try {
            registry.recover();
        } catch (IOException | RuntimeException e) {
            try {
                registry.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return registry;
    }

    private void recover() throws IOException {
        for (TopicMetadataFile.Entry entry : metadataFile.read()) {
            Map<String, String> overrides = usableOverrides(entry);
            LogConfig logConfig;
            try {
                logConfig = TopicConfigDefinitions.logConfig(logDefaults(), overrides);
            } catch (TopicException e) {
                throw new IOException(metadataFile.path() + ": topic " + entry.name() + " has configs this broker"
                        + " cannot apply: " + e.getMessage(), e);
            }
            Topic topic = new Topic(entry.name(), entry.id(), entry.partitions(), overrides, logConfig);
            List<PartitionLog> logs = new ArrayList<>(topic.partitions());
            Registered registered = new Registered(topic, logs);
            byName.put(topic.name(), registered);
            byId.put(topic.id(), registered);
            for (int p = 0; p < topic.partitions(); p++) {
                Path dir = partitionDir(topic.name(), p);
                if (!Files.isDirectory(dir)) {
                    log.warn("Partition directory {} of topic {} is missing; the partition starts empty", dir,
                            topic.name());
                }
                logs.add(PartitionLog.open(dir, logConfig, config.clock(), config.nanoTime(), flusher));
            }
        }
        warnAboutStrayDirectories();
        log.info("Opened {} topic(s) from {}", byName.size(), dataDir);
    }

    /** Stored overrides this broker accepts; one it does not (say, written by a newer version) is dropped. */
    private Map<String, String> usableOverrides(TopicMetadataFile.Entry entry) {
        Map<String, String> usable = new TreeMap<>();
        for (Map.Entry<String, String> e : entry.configOverrides().entrySet()) {
            try {
                usable.putAll(TopicConfigDefinitions.validate(Map.of(e.getKey(), e.getValue())));
            } catch (TopicException ex) {
                log.warn("Ignoring stored config {}={} of topic {}: {}", e.getKey(), e.getValue(), entry.name(),
                        ex.getMessage());
            }
        }
        return usable;
    }

    private void warnAboutStrayDirectories() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                Matcher m = PARTITION_DIR.matcher(dir.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                Registered r = byName.get(m.group(1));
                boolean known = r != null && Long.parseLong(m.group(2)) < r.topic().partitions();
                if (!known) {
                    log.warn("Directory {} looks like a partition but belongs to no topic (left by a create or"
                            + " delete that did not finish); it is ignored, and removed if a topic of that name"
                            + " is created", dir);
                }
            }
        }
    }

    /**
     * Sets what runs after each topic creation, deletion or partition growth (on the mutating thread, outside
     * this registry's lock; it must not block). Replaces any earlier one.
     */
    public void onChange(Runnable listener) {
        this.onChange = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** The topic with this name. */
    public Optional<Topic> topic(String name) {
        Registered r = name == null ? null : byName.get(name);
        return r == null ? Optional.empty() : Optional.of(r.topic());
    }

    /** The topic with this id. */
    public Optional<Topic> topic(UUID id) {
        Registered r = id == null ? null : byId.get(id);
        return r == null ? Optional.empty() : Optional.of(r.topic());
    }

    /** Every topic, sorted by name. */
    public Collection<Topic> topics() {
        List<Topic> all = new ArrayList<>(byName.size());
        for (Registered r : byName.values()) {
            all.add(r.topic());
        }
        all.sort(Comparator.comparing(Topic::name));
        return all;
    }

    /**
     * Creates a topic; when this returns it is on disk.
     *
     * @throws TopicException INVALID_TOPIC_EXCEPTION for a bad or colliding name, TOPIC_ALREADY_EXISTS,
     *                        INVALID_PARTITIONS, INVALID_CONFIG
     */
    public Topic create(String name, int partitions, Map<String, String> configOverrides)
            throws TopicException, IOException {
        return create(name, partitions, configOverrides, false);
    }

    /**
     * Checks that {@link #create} would succeed, without creating anything; returns the topic it would
     * create, with a zero id.
     */
    public Topic validateCreate(String name, int partitions, Map<String, String> configOverrides)
            throws TopicException {
        Topic candidate = candidate(name, partitions, configOverrides, Topic.NO_ID);
        if (byName.containsKey(name)) {
            throw alreadyExists(name);
        }
        checkCollision(name);
        return candidate;
    }

    /**
     * The topic with this name, created with {@code num.partitions} partitions if it does not exist and
     * {@code auto.create.topics.enable} is on.
     *
     * @throws TopicException UNKNOWN_TOPIC_OR_PARTITION when it does not exist and auto-creation is off;
     *                        INVALID_TOPIC_EXCEPTION for a name that could not be created
     */
    public Topic getOrAutoCreate(String name) throws TopicException, IOException {
        Registered r = name == null ? null : byName.get(name);
        if (r != null) {
            return r.topic();
        }
        if (!config.autoCreateTopics()) {
            throw unknownTopic(name, " (auto.create.topics.enable is false, so it is not created on use)");
        }
        return create(name, config.numPartitions(), Map.of(), true);
    }

    private Topic create(String name, int partitions, Map<String, String> configOverrides, boolean auto)
            throws TopicException, IOException {
        Topic created = createLocked(name, partitions, configOverrides, auto);
        onChange.run();
        return created;
    }

    private Topic createLocked(String name, int partitions, Map<String, String> configOverrides, boolean auto)
            throws TopicException, IOException {
        Topic candidate = candidate(name, partitions, configOverrides, null);
        synchronized (mutationLock) {
            ensureOpen();
            Registered existing = byName.get(name);
            if (existing != null) {
                if (auto) {
                    return existing.topic();
                }
                throw alreadyExists(name);
            }
            checkCollision(name);
            Topic topic = new Topic(name, newTopicId(), partitions, candidate.configOverrides(),
                    candidate.logConfig());
            List<PartitionLog> logs = openNewPartitions(topic, 0);
            Registered registered = new Registered(topic, List.copyOf(logs));
            try {
                persist(registered, null);
            } catch (IOException e) {
                discard(logs, e);
                throw e;
            }
            byName.put(name, registered);
            byId.put(topic.id(), registered);
            log.info("{} topic {} (id {}) with {} partition(s){}", auto ? "Auto-created" : "Created", name,
                    topic.id(), partitions, topic.configOverrides().isEmpty() ? "" : " and configs "
                            + topic.configOverrides());
            return topic;
        }
    }

    private Topic candidate(String name, int partitions, Map<String, String> configOverrides, UUID id)
            throws TopicException {
        TopicNames.validate(name);
        checkPartitionCount(partitions);
        Map<String, String> overrides = TopicConfigDefinitions.validate(configOverrides);
        LogConfig logConfig = TopicConfigDefinitions.logConfig(logDefaults(), overrides);
        return new Topic(name, id == null ? Topic.NO_ID : id, partitions, overrides, logConfig);
    }

    /**
     * Deletes a topic and its logs; when this returns the topic is gone from disk's topic list.
     *
     * @throws TopicException UNKNOWN_TOPIC_OR_PARTITION when there is no such topic
     */
    public void delete(String name) throws TopicException, IOException {
        deleteLocked(name);
        onChange.run();
    }

    private void deleteLocked(String name) throws TopicException, IOException {
        synchronized (mutationLock) {
            ensureOpen();
            Registered registered = byName.get(name);
            if (registered == null) {
                throw unknownTopic(name, "");
            }
            persist(null, name);
            byName.remove(name);
            byId.remove(registered.topic().id());
            // Still under the lock: a topic re-created with this name must not find these directories.
            for (int p = 0; p < registered.logs().size(); p++) {
                try {
                    registered.logs().get(p).delete();
                } catch (IOException e) {
                    log.warn("Deleted topic {}, but could not delete the log of partition {}; its directory {} is"
                            + " left behind", name, p, partitionDir(name, p), e);
                }
            }
            log.info("Deleted topic {} (id {})", name, registered.topic().id());
        }
    }

    /**
     * Grows a topic to {@code newTotal} partitions.
     *
     * @throws TopicException UNKNOWN_TOPIC_OR_PARTITION, or INVALID_PARTITIONS unless newTotal is larger
     */
    public void createPartitions(String name, int newTotal) throws TopicException, IOException {
        createPartitionsLocked(name, newTotal);
        onChange.run();
    }

    private void createPartitionsLocked(String name, int newTotal) throws TopicException, IOException {
        synchronized (mutationLock) {
            ensureOpen();
            Registered registered = checkCreatePartitions(name, newTotal);
            Topic grown = registered.topic().withPartitions(newTotal);
            List<PartitionLog> added = openNewPartitions(grown, registered.topic().partitions());
            List<PartitionLog> logs = new ArrayList<>(registered.logs());
            logs.addAll(added);
            Registered replacement = new Registered(grown, List.copyOf(logs));
            try {
                persist(replacement, null);
            } catch (IOException e) {
                discard(added, e);
                throw e;
            }
            byName.put(name, replacement);
            byId.put(grown.id(), replacement);
            log.info("Topic {} grew from {} to {} partitions", name, registered.topic().partitions(), newTotal);
        }
    }

    /** Checks that {@link #createPartitions} would succeed, without changing anything. */
    public void validateCreatePartitions(String name, int newTotal) throws TopicException {
        checkCreatePartitions(name, newTotal);
    }

    private Registered checkCreatePartitions(String name, int newTotal) throws TopicException {
        Registered registered = name == null ? null : byName.get(name);
        if (registered == null) {
            throw unknownTopic(name, "");
        }
        int current = registered.topic().partitions();
        if (newTotal == current) {
            throw new TopicException(ErrorCode.INVALID_PARTITIONS, "Topic '" + name + "' already has " + current
                    + " partition(s): expected a count larger than " + current);
        }
        if (newTotal < current) {
            throw new TopicException(ErrorCode.INVALID_PARTITIONS, "Topic '" + name + "' has " + current
                    + " partition(s), more than the " + newTotal + " asked for: partitions can be added, never removed");
        }
        checkPartitionCount(newTotal);
        return registered;
    }

    /** The log settings of a topic without overrides: the broker's static ones with its dynamic configs over them. */
    public LogConfig logDefaults() {
        return dynamicConfigs.logDefaults(config.logDefaults());
    }

    /** The broker configs set at run time. */
    public DynamicBrokerConfigs dynamicBrokerConfigs() {
        return dynamicConfigs;
    }

    /**
     * Replaces the broker configs of one level (checked, persisted), then applies the new log defaults to every topic
     * at once, as a Kafka broker reconfigures its logs: from each log's next append, roll or retention pass.
     *
     * @throws TopicException INVALID_REQUEST for a config that cannot change at run time or a bad value
     */
    public void alterBrokerConfigs(DynamicBrokerConfigs.Level level, Map<String, String> newValues, Set<String> knownStatic,
                                   boolean validateOnly) throws TopicException, IOException {
        synchronized (mutationLock) {
            ensureOpen();
            dynamicConfigs.replace(level, newValues, knownStatic, validateOnly);
            if (!validateOnly) {
                reapplyBrokerDefaults();
            }
        }
    }

    /** Recomputes each topic's log settings from the current broker defaults and its overrides. */
    private void reapplyBrokerDefaults() throws TopicException {
        for (Registered registered : List.copyOf(byName.values())) {
            Topic old = registered.topic();
            LogConfig logConfig = TopicConfigDefinitions.logConfig(logDefaults(), old.configOverrides());
            Registered replacement = new Registered(new Topic(old.name(), old.id(), old.partitions(), old.configOverrides(),
                    logConfig), registered.logs());
            byName.put(old.name(), replacement);
            byId.put(old.id(), replacement);
            for (PartitionLog partitionLog : registered.logs()) {
                partitionLog.updateConfig(logConfig);
            }
        }
        log.info("Broker dynamic configs now {} (default {})", dynamicConfigs.values(DynamicBrokerConfigs.Level.BROKER),
                dynamicConfigs.values(DynamicBrokerConfigs.Level.CLUSTER_DEFAULT));
    }

    /**
     * Replaces a topic's config overrides (AlterConfigs, IncrementalAlterConfigs): checked as at creation,
     * persisted, then applied to its logs (from their next append, roll, retention pass or cleaning). With
     * {@code validateOnly} only checked. Returns the overrides as stored.
     *
     * @throws TopicException UNKNOWN_TOPIC_OR_PARTITION, or INVALID_CONFIG for an unknown key or a bad value
     */
    public Map<String, String> alterConfigs(String name, Map<String, String> overrides, boolean validateOnly)
            throws TopicException, IOException {
        synchronized (mutationLock) {
            ensureOpen();
            Registered registered = name == null ? null : byName.get(name);
            if (registered == null) {
                throw unknownTopic(name, "");
            }
            Map<String, String> checked = TopicConfigDefinitions.validate(overrides);
            LogConfig logConfig = TopicConfigDefinitions.logConfig(logDefaults(), checked);
            if (validateOnly) {
                return checked;
            }
            Topic old = registered.topic();
            Topic altered = new Topic(old.name(), old.id(), old.partitions(), checked, logConfig);
            Registered replacement = new Registered(altered, registered.logs());
            persist(replacement, null);
            byName.put(name, replacement);
            byId.put(altered.id(), replacement);
            for (PartitionLog partitionLog : registered.logs()) {
                partitionLog.updateConfig(logConfig);
            }
            log.info("Topic {} configs altered: {}", name, checked);
            return checked;
        }
    }

    /**
     * The log of one partition.
     *
     * @throws TopicException UNKNOWN_TOPIC_OR_PARTITION when the topic or partition does not exist
     */
    public PartitionLog partition(String topic, int partition) throws TopicException {
        Registered r = topic == null ? null : byName.get(topic);
        if (r == null) {
            throw unknownTopic(topic, "");
        }
        if (partition < 0 || partition >= r.logs().size()) {
            throw new TopicException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' has partitions 0 to "
                    + (r.logs().size() - 1) + ", not " + partition);
        }
        return r.logs().get(partition);
    }

    /** Deletes log segments past their topic's retention, in every partition. */
    public void runRetention() {
        for (Registered r : byName.values()) {
            for (int p = 0; p < r.logs().size(); p++) {
                try {
                    boolean byRetention = TopicConfigDefinitions.compactionConfig(r.topic()).delete();
                    int deleted = r.logs().get(p).deleteExpiredSegments(byRetention);
                    if (deleted > 0) {
                        log.debug("Retention deleted {} segment(s) of {}-{}", deleted, r.topic().name(), p);
                    }
                } catch (IOException e) {
                    log.warn("Retention failed for partition {}-{}; it is retried on the next run",
                            r.topic().name(), p, e);
                }
            }
        }
    }

    /** Every partition of every topic whose cleanup.policy includes compact, for the log cleaner. */
    public List<LogCleaner.CleanableLog> cleanableLogs() {
        List<LogCleaner.CleanableLog> out = new ArrayList<>();
        for (Registered r : byName.values()) {
            CompactionConfig cfg = TopicConfigDefinitions.compactionConfig(r.topic());
            if (cfg.compact()) {
                for (int p = 0; p < r.logs().size(); p++) {
                    out.add(new LogCleaner.CleanableLog(r.topic().name(), p, r.logs().get(p), cfg));
                }
            }
        }
        return out;
    }

    /** Flushes every partition whose flush policy says a flush is due. */
    public void flushIfDue() {
        for (Registered r : byName.values()) {
            for (int p = 0; p < r.logs().size(); p++) {
                try {
                    r.logs().get(p).flushIfDue();
                } catch (IOException e) {
                    log.warn("Flush failed for partition {}-{}; it is retried on the next run", r.topic().name(), p, e);
                }
            }
        }
    }

    /** Closes every log. Later mutations fail; the data directory is left as it is. */
    @Override
    public void close() throws IOException {
        synchronized (mutationLock) {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = null;
            Set<Registered> all = new HashSet<>(byName.values());
            for (Registered r : all) {
                for (PartitionLog partitionLog : r.logs()) {
                    try {
                        partitionLog.close();
                    } catch (IOException e) {
                        if (failure == null) {
                            failure = new IOException("Could not close every partition log in " + dataDir, e);
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
            }
            flusher.close();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Opens fresh logs for partitions {@code from} up to the topic's count, wiping leftover directories. */
    private List<PartitionLog> openNewPartitions(Topic topic, int from) throws IOException {
        List<PartitionLog> logs = new ArrayList<>();
        try {
            for (int p = from; p < topic.partitions(); p++) {
                Path dir = partitionDir(topic.name(), p);
                if (Files.exists(dir)) {
                    log.warn("Removing leftover directory {} before creating partition {} of topic {}", dir, p,
                            topic.name());
                    AtomicFiles.deleteTree(dir);
                }
                logs.add(PartitionLog.open(dir, topic.logConfig(), config.clock(), config.nanoTime(), flusher));
            }
        } catch (IOException e) {
            discard(logs, e);
            throw e;
        }
        return logs;
    }

    /** Deletes logs opened for a change that failed; problems are added to {@code cause}. */
    private static void discard(List<PartitionLog> logs, Exception cause) {
        for (PartitionLog partitionLog : logs) {
            try {
                partitionLog.delete();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Writes the topic list with {@code changed} put in (by name) and {@code removed} left out. */
    private void persist(Registered changed, String removed) throws IOException {
        Map<String, TopicMetadataFile.Entry> entries = new TreeMap<>();
        for (Registered r : byName.values()) {
            entries.put(r.topic().name(), entry(r.topic()));
        }
        if (changed != null) {
            entries.put(changed.topic().name(), entry(changed.topic()));
        }
        if (removed != null) {
            entries.remove(removed);
        }
        metadataFile.write(entries.values());
    }

    private static TopicMetadataFile.Entry entry(Topic topic) {
        return new TopicMetadataFile.Entry(topic.name(), topic.id(), topic.partitions(), topic.configOverrides());
    }

    private void checkCollision(String name) throws TopicException {
        String key = TopicNames.collisionKey(name);
        for (String existing : byName.keySet()) {
            if (!existing.equals(name) && TopicNames.collisionKey(existing).equals(key)) {
                throw new TopicException(ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic '" + name
                        + "' collides with existing topic '" + existing + "': names that differ only in '.' versus"
                        + " '_' may not both exist");
            }
        }
    }

    private static void checkPartitionCount(int partitions) throws TopicException {
        if (partitions < 1) {
            throw new TopicException(ErrorCode.INVALID_PARTITIONS, "Number of partitions " + partitions
                    + " is invalid: expected at least 1");
        }
        if (partitions > MAX_PARTITIONS) {
            throw new TopicException(ErrorCode.INVALID_PARTITIONS, "Number of partitions " + partitions
                    + " is more than this broker supports: expected at most " + MAX_PARTITIONS);
        }
    }

    /**
     * A random version-4 UUID, as Kafka's, from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}: an id
     * is unique, not secret (every client is told it), and {@code SecureRandom}'s first use in a JVM (its providers,
     * seeding) was about 10% of the event loop's CPU samples to the first acknowledged record, whose Metadata
     * request auto-creates the topic. Uniqueness among this broker's topics is checked below.
     */
    private UUID newTopicId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            UUID id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                    (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
            // As Kafka does: never the zero id, and none whose base64 form starts with '-', which a
            // command line would take for an option.
            boolean startsWithDash = (id.getMostSignificantBits() >>> 58) == 62;
            if (!startsWithDash && !(id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() <= 1)
                    && !byId.containsKey(id)) {
                return id;
            }
        }
    }

    private Path partitionDir(String topic, int partition) {
        return dataDir.resolve(topic + "-" + partition);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The topic registry of " + dataDir + " is closed");
        }
    }

    private static TopicException alreadyExists(String name) {
        return new TopicException(ErrorCode.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists");
    }

    private static TopicException unknownTopic(String name, String detail) {
        return new TopicException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist"
                + detail);
    }

}
