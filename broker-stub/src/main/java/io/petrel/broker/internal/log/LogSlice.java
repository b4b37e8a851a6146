package io.petrel.broker.internal.log;

import io.petrel.protocol.SplicedRecords;

import java.nio.channels.FileChannel;

/**
 * A run of whole record batches in a segment file, handed to the network layer, which sends large ones without
 * copying them through the heap (a Netty {@code FileRegion} over the same channel) and reads small ones into its
 * buffer so the response leaves in one write.
 *
 * <p>The channel stays owned by its segment: whoever sends the slice must not close it.
 *
 * @param channel     the segment's file
 * @param position    where the first batch starts in the file
 * @param sizeInBytes how many bytes of whole batches follow
 */
public record LogSlice(FileChannel channel, long position, int sizeInBytes) implements SplicedRecords {
}
