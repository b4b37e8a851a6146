package io.petrel.producer.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Re-stamps a built record batch with a new producer id, epoch and base sequence, and its CRC: what an
 * idempotent producer does to a batch that waits for a retry when its epoch is bumped (KIP-360).
 *
 * <p>Record batch v2 puts producerId (i64) at byte 43, producerEpoch (i16) at 51 and baseSequence (i32) at
 * 53; the CRC-32C at 17 covers everything from the attributes (21) on, so it is computed again.
 */
final class BatchHeaderRewrite {
    private static final int CRC = 17;
    private static final int ATTRIBUTES = 21;
    private static final int PRODUCER_ID = 43;
    private static final int PRODUCER_EPOCH = 51;
    private static final int BASE_SEQUENCE = 53;

    private BatchHeaderRewrite() {
    }

    static void producerState(ByteBuffer batch, long producerId, short epoch, int baseSequence) {
        int start = batch.position();
        batch.putLong(start + PRODUCER_ID, producerId);
        batch.putShort(start + PRODUCER_EPOCH, epoch);
        batch.putInt(start + BASE_SEQUENCE, baseSequence);
        CRC32C crc = new CRC32C();
        ByteBuffer covered = batch.duplicate();
        covered.position(start + ATTRIBUTES);
        crc.update(covered);
        batch.putInt(start + CRC, (int) crc.getValue());
    }
}
