package io.petrel.broker.internal.topic;

import io.petrel.broker.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The file in the data directory that lists the topics: name, id, partition count and config overrides
 * of each. The partition logs live in their own directories; this file is what says which of them form
 * a topic.
 *
 * <p>How it works: the whole file is rewritten on every change, to a temporary file that is forced to
 * disk and then renamed over the old one, after which the directory is forced too. A crash leaves
 * either the old file or the new one, never a mix. The format is one line per topic, space-separated:
 * {@code topic <name> <id> <partitions> [<key>=<value> ...]} with keys and values URL-encoded (topic
 * names need no encoding: they cannot hold a space).
 */
final class TopicMetadataFile {
    private static final Logger log = LoggerFactory.getLogger(TopicMetadataFile.class);
    private static final String HEADER = "# Petrel broker topics: written by the broker, do not edit while it runs";
    private static final String VERSION_LINE = "version 1";

    private final Path file;
    private final Path temp;

    /** A topic as stored: everything but the effective log settings, which depend on the broker's defaults. */
    record Entry(String name, UUID id, int partitions, Map<String, String> configOverrides) {
    }

    TopicMetadataFile(Path file) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + AtomicFiles.TMP_SUFFIX);
    }

    Path path() {
        return file;
    }

    /** The stored topics; none when the file does not exist yet. */
    List<Entry> read() throws IOException {
        if (Files.deleteIfExists(temp)) {
            log.warn("Removed {}, left by a write that did not finish; {} still holds the last complete list",
                    temp, file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        boolean versionSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals(VERSION_LINE)) {
                versionSeen = true;
                continue;
            }
            if (!versionSeen) {
                throw new IOException(file + " line " + (i + 1) + ": expected '" + VERSION_LINE
                        + "' before any topic, found '" + line + "'");
            }
            entries.add(parse(line, i + 1));
        }
        return entries;
    }

    /** Replaces the stored list, durably: when this returns, the new list survives a crash. */
    void write(Collection<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append(VERSION_LINE).append('\n');
        for (Entry e : entries) {
            sb.append("topic ").append(e.name()).append(' ').append(e.id()).append(' ').append(e.partitions());
            for (Map.Entry<String, String> c : e.configOverrides().entrySet()) {
                sb.append(' ').append(encode(c.getKey())).append('=').append(encode(c.getValue()));
            }
            sb.append('\n');
        }
        AtomicFiles.write(file, ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Entry parse(String line, int lineNumber) throws IOException {
        String[] parts = line.split(" ");
        if (parts.length < 4 || !parts[0].equals("topic")) {
            throw malformed(lineNumber, "expected 'topic <name> <id> <partitions> [key=value ...]'", line);
        }
        UUID id;
        int partitions;
        try {
            id = UUID.fromString(parts[2]);
            partitions = Integer.parseInt(parts[3]);
        } catch (IllegalArgumentException e) {
            throw malformed(lineNumber, "expected a UUID topic id and a partition count", line);
        }
        if (partitions < 1) {
            throw malformed(lineNumber, "expected a partition count of at least 1", line);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (int p = 4; p < parts.length; p++) {
            int eq = parts[p].indexOf('=');
            if (eq <= 0) {
                throw malformed(lineNumber, "expected key=value, found '" + parts[p] + "'", line);
            }
            configs.put(decode(parts[p].substring(0, eq)), decode(parts[p].substring(eq + 1)));
        }
        return new Entry(parts[1], id, partitions, configs);
    }

    private IOException malformed(int lineNumber, String expected, String line) {
        return new IOException(file + " line " + lineNumber + " is malformed: " + expected + ", found '" + line + "'");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

}
