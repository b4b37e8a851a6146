package io.petrel.broker.internal.security.sasl;

import io.petrel.broker.internal.AtomicFiles;
import io.petrel.broker.internal.LineFile;
import io.petrel.broker.security.SaslMechanism;
import io.petrel.broker.security.SaslUser;
import io.petrel.broker.security.ScramCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SCRAM credentials SCRAM logins are checked against: the configured users' (both mechanisms), changed at run
 * time by AlterUserScramCredentials. A change is visible to the next login at once (readers see an immutable
 * snapshot) and survives a restart: the changes are kept in {@code scram-credentials} in the data directory, one
 * line per user and mechanism, either {@code user mechanism iterations salt storedKey serverKey} or
 * {@code user mechanism deleted} (so deleting a configured user's credential also lasts), tab-separated, the name
 * percent-encoded, the keys base64. Only salted keys are stored, never a password or salted password; the file is
 * rewritten whole and atomically on each change.
 *
 * <p>PLAIN logins keep checking the configured users: in Kafka, too, PLAIN's users are not SCRAM credentials.
 */
public final class ScramCredentialStore {
    private static final Logger log = LoggerFactory.getLogger(ScramCredentialStore.class);
    static final String FILE_NAME = "scram-credentials";
    private static final String HEADER = "# petrel broker-stub SCRAM credentials v1: user mechanism iterations salt storedKey serverKey | user mechanism deleted";
    private static final String DELETED = "deleted";

    /** One change to a user's credential for a mechanism: a credential to set, or null to delete it. */
    public record Change(String user, SaslMechanism mechanism, ScramCredential credential) {
    }

    private final Path file;
    private final Map<String, Map<SaslMechanism, ScramCredential>> configured;
    /** The run-time changes: a credential, or null for a deletion. */
    private final Map<String, Map<SaslMechanism, ScramCredential>> changes;
    private volatile Map<String, Map<SaslMechanism, ScramCredential>> effective;

    private ScramCredentialStore(Path file, Map<String, SaslUser> users,
                                 Map<String, Map<SaslMechanism, ScramCredential>> changes) {
        this.file = file;
        this.configured = new LinkedHashMap<>();
        users.forEach((name, user) -> {
            Map<SaslMechanism, ScramCredential> byMechanism = new EnumMap<>(SaslMechanism.class);
            byMechanism.put(SaslMechanism.SCRAM_SHA_256, user.scramCredential(SaslMechanism.SCRAM_SHA_256));
            byMechanism.put(SaslMechanism.SCRAM_SHA_512, user.scramCredential(SaslMechanism.SCRAM_SHA_512));
            configured.put(name, byMechanism);
        });
        this.changes = changes;
        this.effective = merge();
    }

    /** The configured {@code users} only, changes kept in memory (for tests of the mechanisms). */
    public static ScramCredentialStore inMemory(Map<String, SaslUser> users) {
        return new ScramCredentialStore(null, users, new LinkedHashMap<>());
    }

    /** The configured {@code users} with the changes stored in {@code dataDir}, none if it has no such file yet. */
    public static ScramCredentialStore open(Path dataDir, Map<String, SaslUser> users) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Map<String, Map<SaslMechanism, ScramCredential>> changes = new LinkedHashMap<>();
        LineFile.read(file, "a SCRAM credential", line -> parse(line, changes));
        if (!changes.isEmpty()) {
            log.info("Loaded SCRAM credential changes of {} users from {}", changes.size(), file);
        }
        return new ScramCredentialStore(file, users, changes);
    }

    private static void parse(String line, Map<String, Map<SaslMechanism, ScramCredential>> changes) {
        String[] f = line.split("\t", -1);
        if (f.length != 3 && f.length != 6) {
            throw new IllegalArgumentException("expected 3 or 6 tab-separated fields, found " + f.length);
        }
        String user = URLDecoder.decode(f[0], StandardCharsets.UTF_8);
        SaslMechanism mechanism = SaslMechanism.parse(f[1]);
        if (!mechanism.isScram()) {
            throw new IllegalArgumentException(f[1] + " is not a SCRAM mechanism");
        }
        ScramCredential credential = null;
        if (f.length == 3) {
            if (!f[2].equals(DELETED)) {
                throw new IllegalArgumentException("expected '" + DELETED + "' as third field");
            }
        } else {
            Base64.Decoder b64 = Base64.getDecoder();
            credential = new ScramCredential(b64.decode(f[3]), Integer.parseInt(f[2]), b64.decode(f[4]), b64.decode(f[5]));
        }
        changes.computeIfAbsent(user, u -> new EnumMap<>(SaslMechanism.class)).put(mechanism, credential);
    }

    /** The credential {@code user} has for SCRAM {@code mechanism}, or null. */
    public ScramCredential credential(String user, SaslMechanism mechanism) {
        Map<SaslMechanism, ScramCredential> byMechanism = effective.get(user);
        return byMechanism == null ? null : byMechanism.get(mechanism);
    }

    /** Every user with at least one SCRAM credential, and their credentials, users in first-seen order. */
    public Map<String, Map<SaslMechanism, ScramCredential>> all() {
        return effective;
    }

    /** Applies validated changes in order, then stores them (when the store has a file) before anyone sees them. */
    public synchronized void apply(List<Change> alterations) throws IOException {
        Map<String, Map<SaslMechanism, ScramCredential>> previous = copy(changes);
        for (Change change : alterations) {
            changes.computeIfAbsent(change.user(), u -> new EnumMap<>(SaslMechanism.class))
                    .put(change.mechanism(), change.credential());
        }
        try {
            write();
        } catch (IOException | RuntimeException e) {
            changes.clear();
            changes.putAll(previous);
            throw e;
        }
        effective = merge();
    }

    private void write() throws IOException {
        if (file == null) {
            return;
        }
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        changes.forEach((user, byMechanism) -> byMechanism.forEach((mechanism, credential) -> {
            text.append(URLEncoder.encode(user, StandardCharsets.UTF_8)).append('\t').append(mechanism.mechanismName());
            if (credential == null) {
                text.append('\t').append(DELETED);
            } else {
                text.append('\t').append(credential.iterations()).append('\t').append(b64.encodeToString(credential.salt()))
                        .append('\t').append(b64.encodeToString(credential.storedKey()))
                        .append('\t').append(b64.encodeToString(credential.serverKey()));
            }
            text.append('\n');
        }));
        AtomicFiles.write(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Map<String, Map<SaslMechanism, ScramCredential>> merge() {
        Map<String, Map<SaslMechanism, ScramCredential>> merged = copy(configured);
        changes.forEach((user, byMechanism) -> byMechanism.forEach((mechanism, credential) -> {
            Map<SaslMechanism, ScramCredential> target = merged.computeIfAbsent(user, u -> new EnumMap<>(SaslMechanism.class));
            if (credential == null) {
                target.remove(mechanism);
            } else {
                target.put(mechanism, credential);
            }
        }));
        merged.values().removeIf(Map::isEmpty);
        Map<String, Map<SaslMechanism, ScramCredential>> frozen = new LinkedHashMap<>();
        merged.forEach((user, byMechanism) -> frozen.put(user, Collections.unmodifiableMap(byMechanism)));
        return Collections.unmodifiableMap(frozen);
    }

    private static Map<String, Map<SaslMechanism, ScramCredential>> copy(Map<String, Map<SaslMechanism, ScramCredential>> from) {
        Map<String, Map<SaslMechanism, ScramCredential>> copy = new LinkedHashMap<>();
        from.forEach((user, byMechanism) -> {
            Map<SaslMechanism, ScramCredential> inner = new EnumMap<>(SaslMechanism.class);
            inner.putAll(byMechanism);
            copy.put(user, inner);
        });
        return copy;
    }
}
