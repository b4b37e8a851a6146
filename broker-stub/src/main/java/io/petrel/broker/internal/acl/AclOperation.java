package io.petrel.broker.internal.acl;

import java.util.EnumSet;
import java.util.Set;

/** Kafka's ACL operations, with their wire codes. ANY is for filters only; ALL covers every operation. */
public enum AclOperation {
    UNKNOWN(0), ANY(1), ALL(2), READ(3), WRITE(4), CREATE(5), DELETE(6), ALTER(7), DESCRIBE(8), CLUSTER_ACTION(9),
    DESCRIBE_CONFIGS(10), ALTER_CONFIGS(11), IDEMPOTENT_WRITE(12), CREATE_TOKENS(13), DESCRIBE_TOKENS(14),
    TWO_PHASE_COMMIT(15);

    private static final Set<AclOperation> IMPLY_DESCRIBE = EnumSet.of(DESCRIBE, READ, WRITE, DELETE, ALTER);
    private static final Set<AclOperation> IMPLY_DESCRIBE_CONFIGS = EnumSet.of(DESCRIBE_CONFIGS, ALTER_CONFIGS);

    private final byte code;

    AclOperation(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static AclOperation fromCode(byte code) {
        for (AclOperation op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return UNKNOWN;
    }

    /**
     * Whether an ALLOW ACL for {@code granted} allows this operation: ALL allows everything; READ, WRITE, DELETE and
     * ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS (Kafka's rule, which DENY ACLs do not follow).
     */
    public boolean allowedBy(AclOperation granted) {
        if (granted == ALL || granted == this) {
            return true;
        }
        return switch (this) {
            case DESCRIBE -> IMPLY_DESCRIBE.contains(granted);
            case DESCRIBE_CONFIGS -> IMPLY_DESCRIBE_CONFIGS.contains(granted);
            default -> false;
        };
    }

    /** Whether a DENY ACL for {@code denied} denies this operation: only ALL and the operation itself do. */
    public boolean deniedBy(AclOperation denied) {
        return denied == ALL || denied == this;
    }
}
