package io.petrel.broker.internal.log;

import io.petrel.broker.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@value #FILE} file of a data directory, in Kafka's offset checkpoint format (a version line 0, a count
 * line, then one {@code topic partition offset} line per partition): where each compacted partition's dirty
 * section starts. Written atomically after each cleaning; a missing or unreadable file means every log is
 * dirty from its start, which costs a cleaning, never data.
 */
final class CleanerCheckpoint {
    static final String FILE = "cleaner-offset-checkpoint";

    private static final Logger log = LoggerFactory.getLogger(CleanerCheckpoint.class);

    private CleanerCheckpoint() {
    }

    /** The checkpointed offsets by "topic partition" key ({@link #key}). */
    static Map<String, Long> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        }
        Map<String, Long> offsets = new HashMap<>();
        try {
            if (lines.size() < 2 || !lines.get(0).trim().equals("0")) {
                throw new IllegalArgumentException("expected version 0 on the first line");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            for (int i = 0; i < count; i++) {
                String[] parts = lines.get(2 + i).trim().split(" ");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("line " + (3 + i) + " is not 'topic partition offset'");
                }
                offsets.put(key(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            }
        } catch (RuntimeException e) {
            log.warn("Ignoring the cleaner checkpoint {}: {}; compacted logs are cleaned from their start", file,
                    e.getMessage());
            return new HashMap<>();
        }
        return offsets;
    }

    static void write(Path dataDir, Map<String, Long> offsets) throws IOException {
        StringBuilder text = new StringBuilder("0\n").append(offsets.size()).append('\n');
        new TreeMap<>(offsets).forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
        AtomicFiles.write(dataDir.resolve(FILE), ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String key(String topic, int partition) {
        return topic + " " + partition;
    }
}
