package io.petrel.broker.internal.acl;

/** Whether an ACL allows or denies; ANY is for filters only. */
public enum AclPermission {
    UNKNOWN(0), ANY(1), DENY(2), ALLOW(3);

    private final byte code;

    AclPermission(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static AclPermission fromCode(byte code) {
        for (AclPermission permission : values()) {
            if (permission.code == code) {
                return permission;
            }
        }
        return UNKNOWN;
    }
}
