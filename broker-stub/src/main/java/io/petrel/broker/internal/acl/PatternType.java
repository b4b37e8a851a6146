package io.petrel.broker.internal.acl;

/**
 * How an ACL's resource name matches: LITERAL (the name, or {@code *} for every resource of the type) or PREFIXED
 * (every name starting with it). ANY and MATCH are for filters: MATCH finds the ACLs that apply to one name.
 */
public enum PatternType {
    UNKNOWN(0), ANY(1), MATCH(2), LITERAL(3), PREFIXED(4);

    private final byte code;

    PatternType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static PatternType fromCode(byte code) {
        for (PatternType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
