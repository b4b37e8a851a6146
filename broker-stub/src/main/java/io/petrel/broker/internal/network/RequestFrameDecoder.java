package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.petrel.broker.security.SecurityProtocol;
import io.petrel.protocol.FrameLength;
import io.petrel.protocol.ProtocolException;

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
 * <p>On a plaintext listener, a first frame that starts like a TLS record (a client configured for TLS) is
 * refused with an error saying so, instead of being read as a 369 MB size prefix.
 *
 * <p>The bytes held, whole frames and the partial one, are counted in the broker's {@link RequestMemoryPool}
 * (queued.max.request.bytes); while it is over its bound this connection is not read (unless it is the one allowed
 * to finish its frame), so the bound holds whatever clients send.
 *
 * <p>Each frame leaves as {@link RequestBytes}: a Produce frame as a retained slice of Netty's buffer, any other
 * copied once into a heap buffer of its own (decoded messages slice out of it, and some of those slices outlive the
 * request); whoever takes it releases it.
 */
final class RequestFrameDecoder extends ByteToMessageDecoder {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    private static final int TLS_MAJOR_VERSION = 0x03;

    private final int maxFrameBytes;
    private final String listenerName;
    private final SecurityProtocol protocol;
    private final RequestMemoryPool memory;
    private boolean refused;
    private boolean firstFrame = true;
    /** Bytes of the partial frame counted in {@link #memory}. */
    private long partialBytes;

    RequestFrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, "PLAINTEXT", SecurityProtocol.PLAINTEXT, new RequestMemoryPool(Long.MAX_VALUE));
    }

    /** A decoder for a connection on listener {@code listenerName}, named in the error a TLS hello gets on a plaintext one. */
    RequestFrameDecoder(int maxFrameBytes, String listenerName, SecurityProtocol protocol, RequestMemoryPool memory) {
        this.memory = memory;
        this.maxFrameBytes = maxFrameBytes;
        this.listenerName = listenerName;
        this.protocol = protocol;
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
            if (firstFrame && !protocol.usesTls() && looksLikeTlsHello(in)) {
                throw new ProtocolException("the client opened with a TLS handshake, but listener " + listenerName
                        + " speaks " + protocol + " (is the client's security.protocol SSL or SASL_SSL for this port?)");
            }
            firstFrame = false;
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
        RequestBytes frame = RequestBytes.take(in, size);
        memory.add(size);
        out.add(frame);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        try {
            super.channelRead(ctx, msg);
        } finally {
            accountPartialFrame(ctx);
        }
    }

    /** Counts the partial frame's bytes, and stops reading while the pool is over its bound. */
    private void accountPartialFrame(ChannelHandlerContext ctx) {
        long now = refused || !ctx.channel().isActive() ? 0 : internalBuffer().readableBytes();
        if (now > partialBytes) {
            memory.add(now - partialBytes);
        } else {
            memory.release(partialBytes - now);
        }
        partialBytes = now;
        if (now == 0) {
            memory.endOverflow(this);
        }
        if (mustWaitForMemory()) {
            ReadGate gate = ReadGate.of(ctx.channel());
            if (!gate.isPaused(ReadGate.Reason.REQUEST_MEMORY)) {
                gate.pause(ReadGate.Reason.REQUEST_MEMORY);
                awaitMemory(ctx);
            }
        }
    }

    private boolean mustWaitForMemory() {
        return memory.overLimit() && !(partialBytes > 0 && memory.tryOverflow(this));
    }

    private void awaitMemory(ChannelHandlerContext ctx) {
        memory.whenAvailable(() -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (mustWaitForMemory()) {
                awaitMemory(ctx);
            } else {
                ReadGate.of(ctx.channel()).resume(ReadGate.Reason.REQUEST_MEMORY);
            }
        }), partialBytes > 0);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        memory.release(partialBytes);
        partialBytes = 0;
        memory.endOverflow(this);
        super.channelInactive(ctx);
    }

    /** A TLS record header: content type handshake (22), protocol version 3.x (SSL 3.0 to TLS 1.3 all say 3.x). */
    private static boolean looksLikeTlsHello(ByteBuf in) {
        int at = in.readerIndex();
        return in.getUnsignedByte(at) == TLS_HANDSHAKE_RECORD && in.getUnsignedByte(at + 1) == TLS_MAJOR_VERSION
                && in.getUnsignedByte(at + 2) <= 0x04;
    }
}
