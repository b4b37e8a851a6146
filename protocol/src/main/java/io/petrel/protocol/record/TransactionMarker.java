package io.petrel.protocol.record;

import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;

/**
 * The end of a transaction as a control record says it: commit or abort, and the epoch of the
 * transaction coordinator that wrote it. The record's key is the {@link ControlRecordType}; its value is
 * a version (int16, 0) and the coordinator epoch (int32).
 *
 * @param type             {@link ControlRecordType#COMMIT} or {@link ControlRecordType#ABORT}
 * @param coordinatorEpoch the transaction coordinator's epoch
 */
public record TransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    /** The size of a marker's value. */
    public static final int VALUE_SIZE = Short.BYTES + Integer.BYTES;
    /** The value version written by {@link #encodeValue()}. */
    public static final short VALUE_VERSION = 0;

    /** @throws IllegalArgumentException when the type is not COMMIT or ABORT */
    public TransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("A transaction marker is COMMIT or ABORT, not " + type);
        }
    }

    /** A new buffer holding the marker's value. */
    public ByteBuffer encodeValue() {
        return ByteBuffer.allocate(VALUE_SIZE).putShort(VALUE_VERSION).putInt(coordinatorEpoch).flip();
    }

    /**
     * The marker a control record holds.
     *
     * @throws ProtocolException when the record is not a commit or abort marker, or its value is too short
     */
    public static TransactionMarker of(Record record) {
        ControlRecordType type = ControlRecordType.of(record);
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new ProtocolException("Control record at offset " + record.offset() + " has type " + type
                    + ", expected COMMIT or ABORT");
        }
        ByteBuffer value = record.value();
        if (value == null || value.remaining() < VALUE_SIZE) {
            throw new ProtocolException("Transaction marker at offset " + record.offset() + " has a value of "
                    + (value == null ? "null" : value.remaining() + " bytes") + ", expected at least " + VALUE_SIZE);
        }
        return new TransactionMarker(type, value.getInt(Short.BYTES));
    }
}
