package io.petrel.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.petrel.protocol.FrameLength;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Splits the byte stream from a broker into Kafka frames (int32 size, then that many bytes) and hands each
 * on as a heap {@link ByteBuffer} without its size prefix. The size is checked against the limit before
 * anything is allocated for the frame; a bad size fails the channel with a ProtocolException.
 *
 * <p>The frame is copied out of Netty's buffer because decoded messages keep slices of it (record
 * batches) after the buffer is released. A large frame's array comes from {@link ReusableFrames}, which hands
 * out again the arrays of frames their reader released. That is the only copy of each byte, and for a large frame most of it
 * happens while the broker is still sending: the first quarter of a frame is kept in the pieces the socket reads
 * produced ({@link FramePieces}); then the frame's buffer is allocated (so a peer declaring a large frame costs
 * at most four times what it sent) and every later read is copied into it and released at once, so what is left
 * when the last byte arrives is that read's copy. Before, Netty's default merged every read into one growing
 * buffer, re-copying a 1 MiB fetch response about three times into buffers of up to 2 MiB, and the whole frame
 * was copied out at the end, on the path of every fetch.
 *
 * <p>The first bytes of a connection are checked for a TLS record ({@link TlsRecordHeader}): a TLS
 * listener answering a plaintext client fails the channel at once with a
 * {@link TlsRecordHeader.TlsAnswerException} instead of being read as a huge frame.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    /** A frame's buffer is allocated once this share of it has arrived (1/4): never more than 4x what was sent. */
    private static final int EARLY_FILL_DIVISOR = 4;

    private final int maxFrameBytes;
    private final ReusableFrames frames;
    private boolean firstFrame = true;
    /** The frame being filled as its bytes arrive, once a quarter of it has; null between frames. */
    private ByteBuffer filling;

    FrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, new ReusableFrames());
    }

    /** Large frames come from {@code frames}, which keeps those their readers released for reuse. */
    FrameDecoder(int maxFrameBytes, ReusableFrames frames) {
        this.maxFrameBytes = maxFrameBytes;
        this.frames = frames;
        setCumulator(new FramePieces());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (filling != null && !fill(in, out)) {
            return;
        }
        while (in.readableBytes() >= FrameLength.PREFIX_BYTES) {
            if (firstFrame && TlsRecordHeader.startsAt(in, in.readerIndex())) {
                throw new TlsRecordHeader.TlsAnswerException();
            }
            int size = FrameLength.check(in.getInt(in.readerIndex()), maxFrameBytes);
            int arrived = in.readableBytes() - FrameLength.PREFIX_BYTES;
            if (arrived < size && (long) arrived * EARLY_FILL_DIVISOR < size) {
                return;
            }
            firstFrame = false;
            in.skipBytes(FrameLength.PREFIX_BYTES);
            ByteBuffer frame = frames.allocate(size);
            if (arrived < size) {
                // Copied as the rest arrives, while the broker is still sending, instead of all at once at the end.
                filling = frame;
                fill(in, out);
                return;
            }
            in.readBytes(frame);
            out.add(frame.flip());
        }
    }

    /** Copies what arrived of the frame being filled; hands it on and returns true once it is whole. */
    private boolean fill(ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), filling.remaining());
        filling.limit(filling.position() + n);
        in.readBytes(filling);
        filling.limit(filling.capacity());
        if (filling.hasRemaining()) {
            return false;
        }
        out.add(filling.flip());
        filling = null;
        return true;
    }
}
