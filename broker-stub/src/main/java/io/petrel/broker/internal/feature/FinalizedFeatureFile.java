package io.petrel.broker.internal.feature;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.broker.internal.LineFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code finalized-features} in the data directory: a header line, {@code epoch N}, then one {@code name level}
 * line per finalized feature. Rewritten whole and atomically on each change, so a crash leaves the old levels or
 * the new ones; a line that does not parse stops the broker (see {@link LineFile}) rather than run at levels
 * nobody chose.
 */
final class FinalizedFeatureFile {
    static final String FILE_NAME = "finalized-features";
    private static final String HEADER = "# petrel broker-stub finalized features v1: name level";
    private static final String EPOCH = "epoch";

    private final Path file;

    FinalizedFeatureFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** The stored levels; empty when the data directory has none yet. */
    Optional<FeatureLevels> read() throws IOException {
        long[] epoch = {-1};
        Map<String, Short> levels = new TreeMap<>();
        LineFile.read(file, "a finalized feature", line -> {
            String[] f = line.trim().split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException("expected 'name level', found " + f.length + " fields");
            }
            if (f[0].equals(EPOCH)) {
                epoch[0] = Long.parseLong(f[1]);
            } else {
                levels.put(f[0], Short.parseShort(f[1]));
            }
        });
        if (epoch[0] < 0 && levels.isEmpty()) {
            return Optional.empty();
        }
        if (epoch[0] < 0) {
            throw new IOException(file + " has feature levels but no '" + EPOCH + " N' line");
        }
        return Optional.of(new FeatureLevels(epoch[0], levels));
    }

    void write(FeatureLevels features) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append(EPOCH).append(' ').append(features.epoch()).append('\n');
        features.levels().forEach((name, level) -> text.append(name).append(' ').append(level).append('\n'));
        AtomicFiles.write(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
