package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;

/**
 * The kind of a control record, read from its key: a version (int16) and then this type's id (int16).
 * Transaction markers are {@link #ABORT} and {@link #COMMIT}; the others are KRaft's.
 */
public enum ControlRecordType {
    /** A transaction was aborted: readers in read_committed skip its records. */
    ABORT(0),
    /** A transaction was committed. */
    COMMIT(1),
    /** KRaft: a new leader was elected. */
    LEADER_CHANGE(2),
    /** KRaft: the first record of a snapshot. */
    SNAPSHOT_HEADER(3),
    /** KRaft: the last record of a snapshot. */
    SNAPSHOT_FOOTER(4),
    /** KRaft: the finalized kraft.version. */
    KRAFT_VERSION(5),
    /** KRaft: the set of voters. */
    KRAFT_VOTERS(6),
    /** A type id this version does not know. */
    UNKNOWN(-1);

    /** The size of a control record's key: version and type, two bytes each. */
    public static final int KEY_SIZE = 4;
    /** The key version written by {@link #encodeKey()}. */
    public static final short KEY_VERSION = 0;

    private final short id;

    ControlRecordType(int id) {
        this.id = (short) id;
    }

    /** The type id on the wire. */
    public short id() {
        return id;
    }

    /** The type with this id, or {@link #UNKNOWN}. */
    public static ControlRecordType forId(short id) {
        for (ControlRecordType type : values()) {
            if (type.id == id && type != UNKNOWN) {
                return type;
            }
        }
        return UNKNOWN;
    }

    /**
     * The type named by a control record's key.
     *
     * @throws ProtocolException when the key is null or shorter than {@value #KEY_SIZE} bytes
     */
    public static ControlRecordType parse(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new ProtocolException("Control record key has " + (key == null ? "null" : key.remaining() + " bytes")
                    + ", expected at least " + KEY_SIZE);
        }
        return forId(key.getShort(key.position() + Short.BYTES));
    }

    /** The type of a record from a control batch. */
    public static ControlRecordType of(Record record) {
        return parse(record.key());
    }

    /** A new buffer holding this type's key: version {@value #KEY_VERSION}, then {@link #id()}. */
    public ByteBuffer encodeKey() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("UNKNOWN has no id to write");
        }
        return ByteBuffer.allocate(KEY_SIZE).putShort(KEY_VERSION).putShort(id).flip();
    }
}
