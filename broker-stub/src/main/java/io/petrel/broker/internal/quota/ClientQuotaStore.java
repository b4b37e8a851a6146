package io.petrel.broker.internal.quota;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.broker.internal.LineFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client quotas set with AlterClientQuotas, in memory for enforcement and in {@code client-quotas} in the data
 * directory, so they survive a restart. The file is a header line then one quota value per line: the entity
 * ({@code type=name} pairs joined by commas, names percent-encoded, {@code <default>} for a default name, which no
 * encoded name can be), the key and the value, tab-separated; it is rewritten whole and atomically on each change.
 * Readers see an immutable snapshot; changes are serialised.
 */
public final class ClientQuotaStore {
    private static final Logger log = LoggerFactory.getLogger(ClientQuotaStore.class);
    static final String FILE_NAME = "client-quotas";
    private static final String HEADER = "# petrel broker-stub client quotas v1: entity key value";
    private static final String DEFAULT_NAME = "<default>";

    private final Path file;
    private volatile Snapshot snapshot;

    /**
     * The quotas and the keys any entity sets, replaced together: every request asks whether its API's key is set
     * anywhere before looking up the entities that could carry it, which it need not build when none does.
     */
    private record Snapshot(Map<QuotaEntity, Map<String, Double>> quotas, Set<String> keysSet) {
        static Snapshot of(Map<QuotaEntity, Map<String, Double>> quotas) {
            Map<QuotaEntity, Map<String, Double>> copy = new LinkedHashMap<>();
            Set<String> keys = new HashSet<>();
            quotas.forEach((entity, values) -> {
                copy.put(entity, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
                keys.addAll(values.keySet());
            });
            return new Snapshot(Collections.unmodifiableMap(copy), Set.copyOf(keys));
        }
    }

    private ClientQuotaStore(Path file, Map<QuotaEntity, Map<String, Double>> quotas) {
        this.file = file;
        this.snapshot = Snapshot.of(quotas);
    }

    /** The quotas stored in {@code dataDir}, none if it has no quota file yet. */
    public static ClientQuotaStore open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Map<QuotaEntity, Map<String, Double>> quotas = new LinkedHashMap<>();
        LineFile.read(file, "a client quota", line -> {
            String[] f = line.split("\t", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("expected 3 tab-separated fields, found " + f.length);
            }
            quotas.computeIfAbsent(parseEntity(f[0]), e -> new LinkedHashMap<>()).put(f[1], Double.parseDouble(f[2]));
        });
        if (!quotas.isEmpty()) {
            log.info("Loaded client quotas of {} entities from {}", quotas.size(), file);
        }
        return new ClientQuotaStore(file, quotas);
    }

    /** Every entity with at least one quota, and its quotas. */
    public Map<QuotaEntity, Map<String, Double>> all() {
        return snapshot.quotas();
    }

    /** Whether any entity has a value for {@code key}. */
    public boolean anySet(String key) {
        return snapshot.keysSet().contains(key);
    }

    /** The value of {@code key} set for exactly this entity, or null. */
    public Double value(QuotaEntity entity, String key) {
        Map<String, Double> values = snapshot.quotas().get(entity);
        return values == null ? null : values.get(key);
    }

    /**
     * Applies validated changes: per entity, keys mapped to a value are set, keys mapped to null removed. An entity
     * left with no quota is forgotten.
     */
    public synchronized void alter(Map<QuotaEntity, Map<String, Double>> changes) throws IOException {
        Map<QuotaEntity, Map<String, Double>> next = new LinkedHashMap<>();
        snapshot.quotas().forEach((entity, values) -> next.put(entity, new LinkedHashMap<>(values)));
        changes.forEach((entity, ops) -> {
            Map<String, Double> values = next.computeIfAbsent(entity, e -> new LinkedHashMap<>());
            ops.forEach((key, value) -> {
                if (value == null) {
                    values.remove(key);
                } else {
                    values.put(key, value);
                }
            });
            if (values.isEmpty()) {
                next.remove(entity);
            }
        });
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        next.forEach((entity, values) -> values.forEach((key, value) -> text.append(formatEntity(entity)).append('\t')
                .append(key).append('\t').append(value).append('\n')));
        AtomicFiles.write(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        snapshot = Snapshot.of(next);
    }

    private static String formatEntity(QuotaEntity entity) {
        StringBuilder text = new StringBuilder();
        for (QuotaEntity.Component c : entity.components()) {
            text.append(text.length() == 0 ? "" : ",").append(encode(c.type())).append('=')
                    .append(c.name() == null ? DEFAULT_NAME : encode(c.name()));
        }
        return text.toString();
    }

    private static QuotaEntity parseEntity(String text) {
        List<QuotaEntity.Component> components = new ArrayList<>();
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("entity component '" + pair + "' is not type=name");
            }
            String name = pair.substring(eq + 1);
            components.add(new QuotaEntity.Component(decode(pair.substring(0, eq)),
                    name.equals(DEFAULT_NAME) ? null : decode(name)));
        }
        return new QuotaEntity(components);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
