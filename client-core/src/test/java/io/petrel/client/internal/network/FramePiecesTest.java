package io.petrel.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the client's decoder holds while a frame arrives in pieces: full pieces kept as they are (no copy until the
 * frame is whole), and memory bounded by what arrived even when a peer trickles bytes into large read buffers.
 */
class FramePiecesTest {
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final int READ_BUFFER = 64 * 1024;

    @Test
    void fullPiecesAreKeptAsTheyAreNotCopied() {
        FramePieces pieces = new FramePieces();
        ByteBuf first = full(READ_BUFFER);
        ByteBuf second = full(READ_BUFFER);
        ByteBuf cumulation = pieces.cumulate(ALLOC, first, second);
        CompositeByteBuf composite = assertInstanceOf(CompositeByteBuf.class, cumulation);
        assertEquals(2, composite.numComponents());
        assertSame(second, unwrapped(composite, 1), "the second read's own buffer");
        assertEquals(2 * READ_BUFFER, composite.readableBytes());
        composite.release();
    }

    @Test
    void aTrickleIntoLargeReadBuffersHoldsLittleMoreThanWhatArrived() {
        FramePieces pieces = new FramePieces();
        ByteBuf cumulation = sparse((byte) 0);
        byte[] expected = new byte[20_000];
        for (int i = 1; i < expected.length; i++) {
            expected[i] = (byte) i;
            cumulation = pieces.cumulate(ALLOC, cumulation, sparse((byte) i));
            CompositeByteBuf composite = (CompositeByteBuf) cumulation;
            int readable = composite.readableBytes();
            assertTrue(composite.numComponents() <= FramePieces.FREE_PIECES + readable / FramePieces.BYTES_PER_PIECE + 1,
                    composite.numComponents() + " pieces for " + readable + " bytes");
            assertTrue(retained(composite) <= 2L * readable + READ_BUFFER, "holds " + retained(composite)
                    + " bytes of buffers for " + readable + " bytes received");
        }
        byte[] got = new byte[expected.length];
        cumulation.readBytes(got);
        assertEquals(ByteBuffer.wrap(expected), ByteBuffer.wrap(got));
        cumulation.release();
    }

    @Test
    void aFrameTrickledInOneByteAtATimeThroughTheDecoderComesOutWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        byte[] frame = new byte[5_000];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 7);
        }
        ByteBuf all = ALLOC.buffer().writeInt(frame.length).writeBytes(frame);
        while (all.isReadable()) {
            channel.writeInbound(ALLOC.buffer(READ_BUFFER).writeByte(all.readByte()));
        }
        all.release();
        assertEquals(ByteBuffer.wrap(frame), channel.readInbound());
        assertFalse(channel.finish());
    }

    private static ByteBuf full(int size) {
        return ALLOC.buffer(size, size).writeZero(size);
    }

    /** One byte in a buffer the size of a socket read's. */
    private static ByteBuf sparse(byte b) {
        return ALLOC.buffer(READ_BUFFER).writeByte(b);
    }

    private static ByteBuf unwrapped(CompositeByteBuf composite, int index) {
        ByteBuf component = composite.internalComponent(index);
        return component.unwrap() == null ? component : component.unwrap();
    }

    /** The capacity of the buffers the composite keeps alive. */
    private static long retained(CompositeByteBuf composite) {
        long total = 0;
        for (int i = 0; i < composite.numComponents(); i++) {
            total += unwrapped(composite, i).capacity();
        }
        return total;
    }
}
