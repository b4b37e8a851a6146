package io.petrel.protocol.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Where each field of a record batch v2 header sits, the attribute bits, and the CRC over a batch.
 *
 * <p>Offsets are from the first byte of the batch. The CRC-32C covers everything from the attributes to
 * the end of the batch, which is why baseOffset and partitionLeaderEpoch can be rewritten in place
 * without touching it.
 */
final class BatchFormat {
    static final int BASE_OFFSET = 0;
    static final int BATCH_LENGTH = 8;
    static final int PARTITION_LEADER_EPOCH = 12;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int BASE_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int RECORD_COUNT = 57;
    static final int RECORDS = 61;

    /** Bytes before batchLength's count starts: baseOffset and batchLength themselves. */
    static final int LOG_OVERHEAD = 12;
    /** The smallest batchLength a header alone needs. */
    static final int MIN_BATCH_LENGTH = RECORDS - LOG_OVERHEAD;

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_BIT = 0x08;
    static final int TRANSACTIONAL_BIT = 0x10;
    static final int CONTROL_BIT = 0x20;
    static final int DELETE_HORIZON_BIT = 0x40;

    private BatchFormat() {
    }

    /** The CRC-32C of {@code batch} from the attributes to its limit; {@code batch} starts at index 0. */
    static long crc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        ByteBuffer covered = batch.duplicate();
        covered.position(ATTRIBUTES);
        crc.update(covered);
        return crc.getValue();
    }

    /** Writes the CRC field of {@code batch} (index 0 = batch start, limit = batch end). */
    static void writeCrc(ByteBuffer batch) {
        batch.putInt(CRC, (int) crc(batch));
    }
}
