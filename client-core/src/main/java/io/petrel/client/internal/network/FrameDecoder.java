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
 * batches) after the buffer is released.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= FrameLength.PREFIX_BYTES) {
            int size = FrameLength.check(in.getInt(in.readerIndex()), maxFrameBytes);
            if (in.readableBytes() < FrameLength.PREFIX_BYTES + size) {
                return;
            }
            in.skipBytes(FrameLength.PREFIX_BYTES);
            ByteBuffer frame = ByteBuffer.allocate(size);
            in.readBytes(frame);
            out.add(frame.flip());
        }
    }
}
