package io.petrel.protocol;

import java.nio.ByteBuffer;

/**
 * Record batches already in memory, left out of an encoded request so the transport sends them from
 * where they are instead of copying them into the frame ({@link RequestFrame#encodeSpliced}): a
 * producer's batches are its largest bytes, and they are complete before the request is encoded.
 *
 * @param batches the batches, between position and limit; the transport reads them, so they must not
 *                change until the request is written
 */
public record BufferedRecords(ByteBuffer batches) implements SplicedRecords {

    @Override
    public int sizeInBytes() {
        return batches.remaining();
    }
}
