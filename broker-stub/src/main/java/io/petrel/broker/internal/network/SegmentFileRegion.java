package io.petrel.broker.internal.network;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.petrel.broker.internal.log.LogSlice;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Sends a {@link LogSlice} from its segment file with {@code transferTo} (sendfile on Linux), so fetched
 * batches never pass through the heap.
 *
 * <p>Unlike Netty's {@code DefaultFileRegion} this does not close the file when released: the segment
 * owns its channel and keeps serving other fetches from it.
 */
final class SegmentFileRegion extends AbstractReferenceCounted implements FileRegion {
    private final LogSlice slice;
    private long transferred;

    SegmentFileRegion(LogSlice slice) {
        this.slice = slice;
    }

    @Override
    public long position() {
        return slice.position();
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return slice.sizeInBytes();
    }

    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        long remaining = count() - position;
        if (remaining <= 0) {
            return 0;
        }
        long written = slice.channel().transferTo(slice.position() + position, remaining, target);
        transferred += written;
        return written;
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        // The segment owns the channel; nothing to free here.
    }
}
