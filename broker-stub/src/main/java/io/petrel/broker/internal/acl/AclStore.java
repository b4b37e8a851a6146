package io.petrel.broker.internal.acl;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The broker's ACLs, kept in memory for the authorizer and in {@code acls} in the data directory, so they survive a
 * restart. The file is a header line then one ACL per line, seven tab-separated fields (codes as numbers, names and
 * principals percent-encoded), rewritten whole and atomically on each change. Readers see an immutable snapshot;
 * changes are serialised.
 */
public final class AclStore {
    private static final Logger log = LoggerFactory.getLogger(AclStore.class);
    static final String FILE_NAME = "acls";
    private static final String HEADER = "# petrel broker-stub ACLs v1: resourceType name patternType principal host operation permission";

    private final Path file;
    private volatile List<AclBinding> acls;

    private AclStore(Path file, List<AclBinding> acls) {
        this.file = file;
        this.acls = List.copyOf(acls);
    }

    /** The ACLs stored in {@code dataDir}, none if it has no ACL file yet. */
    public static AclStore open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        List<AclBinding> acls = new ArrayList<>();
        LineFile.read(file, "an ACL", line -> acls.add(parse(line)));
        if (!acls.isEmpty()) {
            log.info("Loaded {} ACL(s) from {}", acls.size(), file);
        }
        return new AclStore(file, acls);
    }

    /** Every ACL. */
    public List<AclBinding> all() {
        return acls;
    }

    /** Adds these ACLs (already valid); one already present is not added twice. */
    public synchronized void add(List<AclBinding> added) throws IOException {
        Set<AclBinding> next = new LinkedHashSet<>(acls);
        next.addAll(added);
        replace(List.copyOf(next));
    }

    /** Removes and returns the ACLs each filter matches, per filter (an ACL two filters match is listed under both). */
    public synchronized List<List<AclBinding>> remove(List<AclBindingFilter> filters) throws IOException {
        List<List<AclBinding>> removed = new ArrayList<>();
        Set<AclBinding> next = new LinkedHashSet<>(acls);
        for (AclBindingFilter filter : filters) {
            List<AclBinding> matched = acls.stream().filter(filter::matches).toList();
            removed.add(matched);
            matched.forEach(next::remove);
        }
        replace(List.copyOf(next));
        return removed;
    }

    private void replace(List<AclBinding> next) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (AclBinding acl : next) {
            text.append(acl.resourceType().code()).append('\t').append(encode(acl.resourceName())).append('\t')
                    .append(acl.patternType().code()).append('\t').append(encode(acl.principal())).append('\t')
                    .append(encode(acl.host())).append('\t').append(acl.operation().code()).append('\t')
                    .append(acl.permission().code()).append('\n');
        }
        AtomicFiles.write(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        acls = next;
    }

    private static AclBinding parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("expected 7 tab-separated fields, found " + f.length);
        }
        AclBinding acl = new AclBinding(ResourceType.fromCode(Byte.parseByte(f[0])), decode(f[1]),
                PatternType.fromCode(Byte.parseByte(f[2])), decode(f[3]), decode(f[4]),
                AclOperation.fromCode(Byte.parseByte(f[5])), AclPermission.fromCode(Byte.parseByte(f[6])));
        String invalid = acl.invalidReason();
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        return acl;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
