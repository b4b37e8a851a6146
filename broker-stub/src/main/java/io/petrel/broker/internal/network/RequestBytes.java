package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.petrel.protocol.ApiKey;

import java.nio.ByteBuffer;

/**
 * One request frame's bytes (without its size prefix), from the moment it is whole until it is answered or its
 * connection closes, then {@link #release released} exactly once.
 *
 * <p>A Produce frame is kept where it was read: a retained slice of Netty's pooled buffer, so its record batches go
 * from the socket's buffer through validation to the segment file without a copy (and, the buffer being direct,
 * without the JDK's copy into a temporary direct buffer on the file write). Any other request is copied into a heap
 * array of its own, because its handler may keep slices of it (a group member's metadata, say) after it is answered;
 * a Produce handler keeps nothing of the request once it has appended, and it runs on the connection's event loop,
 * where the release runs too.
 *
 * <p>Bounded memory: a slice pins its whole pooled buffer, which may be larger than the frame. A frame is sliced only
 * when it fills at least a quarter of that buffer, so the memory pinned is at most four times the frame bytes counted
 * in the {@link RequestMemoryPool} (queued.max.request.bytes); small frames, whose copy costs little, are copied.
 */
final class RequestBytes {
    /** Below this a copy costs less than the bookkeeping of a retained slice. */
    static final int MIN_SLICED_BYTES = 4096;
    private static final int MAX_PINNED_PER_BYTE = 4;

    private final ByteBuffer bytes;
    private final int size;
    private ByteBuf retained;

    private RequestBytes(ByteBuffer bytes, ByteBuf retained) {
        this.bytes = bytes;
        this.size = bytes.remaining();
        this.retained = retained;
    }

    /** Bytes on the heap, owning nothing to release. */
    static RequestBytes onHeap(ByteBuffer bytes) {
        return new RequestBytes(bytes, null);
    }

    /** Takes the next {@code size} readable bytes of {@code in}, a whole frame, sliced or copied (see above). */
    static RequestBytes take(ByteBuf in, int size) {
        if (sliceable(in, size)) {
            ByteBuf slice = in.readRetainedSlice(size);
            return new RequestBytes(slice.nioBuffer(), slice);
        }
        byte[] copy = new byte[size];
        in.readBytes(copy);
        return onHeap(ByteBuffer.wrap(copy));
    }

    private static boolean sliceable(ByteBuf in, int size) {
        return size >= MIN_SLICED_BYTES
                && (long) size * MAX_PINNED_PER_BYTE >= in.capacity()
                && in.nioBufferCount() == 1
                && in.getShort(in.readerIndex()) == ApiKey.PRODUCE.id();
    }

    /** The frame, from its request header; valid until {@link #release}. */
    ByteBuffer bytes() {
        return bytes;
    }

    /** The frame's size, as counted in the {@link RequestMemoryPool}. */
    int size() {
        return size;
    }

    /** True while the bytes are a slice of a pooled buffer not yet given back. */
    boolean retainsPooledBuffer() {
        return retained != null;
    }

    /** Gives the pooled buffer back, if there is one; later calls do nothing. */
    void release() {
        if (retained != null) {
            ByteBuf buf = retained;
            retained = null;
            buf.release();
        }
    }
}
