package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.petrel.protocol.FrameLength;
import io.petrel.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Cuts the byte stream into Kafka frames. The size prefix is checked against the maximum request size as
 * soon as its four bytes arrive, before anything is allocated for the frame; an oversized or negative
 * size is a {@link ProtocolException}, which closes this connection only; bytes after it are discarded.
 *
 * <p>Until a frame is complete nothing is allocated for it: Netty's cumulation buffer holds the bytes that
 * arrived and grows with them (to at most about {@code maxFrameBytes} for one frame), never to the size the
 * prefix declares, so a peer that claims a large frame and sends little costs what it sent. (Kafka's
 * broker allocates the declared size as soon as the prefix arrives.)
 *
 * <p>Each frame is copied once into its own heap buffer: decoded messages slice record batches out of it,
 * and those slices must outlive Netty's pooled buffer.
 */
final class RequestFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean refused;

    RequestFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameLength.PREFIX_BYTES) {
            return;
        }
        int size;
        try {
            size = FrameLength.check(in.getInt(in.readerIndex()), maxFrameBytes);
        } catch (ProtocolException e) {
            // The stream cannot be resynchronised: drop what came and whatever follows while the connection closes.
            refused = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
        if (in.readableBytes() < FrameLength.PREFIX_BYTES + size) {
            return;
        }
        in.skipBytes(FrameLength.PREFIX_BYTES);
        byte[] frame = new byte[size];
        in.readBytes(frame);
        out.add(ByteBuffer.wrap(frame));
    }
}
