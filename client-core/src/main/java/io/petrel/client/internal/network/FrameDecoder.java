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
 * batches) after the buffer is released. That is the only copy: the pieces of a frame that spans several
 * socket reads are kept as they were read ({@link FramePieces}) until the frame is whole. Netty's default
 * merges each read into one growing buffer instead, which for a 1 MiB fetch response copied every byte about
 * three times (each doubling re-copies what came before, up to a 2 MiB buffer); on the consumer's I/O thread
 * that was 470-750 us of CPU per 1 MiB response against 250-280 us kept in pieces, on the path of every fetch.
 *
 * <p>The first bytes of a connection are checked for a TLS record ({@link TlsRecordHeader}): a TLS
 * listener answering a plaintext client fails the channel at once with a
 * {@link TlsRecordHeader.TlsAnswerException} instead of being read as a huge frame.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean firstFrame = true;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        setCumulator(new FramePieces());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= FrameLength.PREFIX_BYTES) {
            if (firstFrame && TlsRecordHeader.startsAt(in, in.readerIndex())) {
                throw new TlsRecordHeader.TlsAnswerException();
            }
            int size = FrameLength.check(in.getInt(in.readerIndex()), maxFrameBytes);
            if (in.readableBytes() < FrameLength.PREFIX_BYTES + size) {
                return;
            }
            firstFrame = false;
            in.skipBytes(FrameLength.PREFIX_BYTES);
            ByteBuffer frame = ByteBuffer.allocate(size);
            in.readBytes(frame);
            out.add(frame.flip());
        }
    }
}
