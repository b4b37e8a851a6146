package io.petrel.client.internal.network;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.petrel.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka's framing as both ends of Petrel cut it, on Netty's EmbeddedChannel (no socket): the client's
 * {@link FrameDecoder} (responses from a broker) and broker-stub's {@code RequestFrameDecoder} (requests from a
 * client) must behave the same on the same bytes: int32 size prefix, frames that arrive in pieces or several at
 * once, a frame handed on without its prefix in a heap buffer of its own, and a negative or oversized size refused on
 * its four bytes, before anything is allocated for the frame.
 */
class FrameDecodersTest {
    private static final int MIB = 1024 * 1024;

    /**
     * One decoder under test: its name in the report, how to make one with a frame size limit, and how to see the
     * frame bytes in what it hands on (the client's decoder hands on a ByteBuffer; broker-stub's, a RequestBytes
     * that holds one).
     */
    record Decoder(String name, IntFunction<ChannelHandler> withLimit, Function<Object, ByteBuffer> frameBytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Decoder> decoders() {
        return List.of(new Decoder("client FrameDecoder", FrameDecoder::new, ByteBuffer.class::cast),
                new Decoder("broker RequestFrameDecoder", FrameDecodersTest::brokerDecoder,
                        FrameDecodersTest::brokerFrameBytes));
    }

    /** The bytes of broker-stub's package-private RequestBytes, reached as its decoder is (see below). */
    private static ByteBuffer brokerFrameBytes(Object requestBytes) {
        try {
            Method bytes = requestBytes.getClass().getDeclaredMethod("bytes");
            bytes.setAccessible(true);
            return (ByteBuffer) bytes.invoke(requestBytes);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("broker-stub's RequestBytes.bytes() is not there any more", e);
        }
    }

    /** The next frame the decoder handed on, as bytes; null when there is none. */
    private static ByteBuffer readFrame(EmbeddedChannel channel, Decoder decoder) {
        Object frame = channel.readInbound();
        return frame == null ? null : decoder.frameBytes().apply(frame);
    }

    /**
     * broker-stub's decoder is package-private in its own internal package, and stays so: the test reaches its
     * constructor by reflection rather than widen the broker's API for a test.
     */
    private static ChannelHandler brokerDecoder(int maxFrameBytes) {
        try {
            Constructor<?> constructor = Class.forName("io.petrel.broker.internal.network.RequestFrameDecoder")
                    .getDeclaredConstructor(int.class);
            constructor.setAccessible(true);
            return (ChannelHandler) constructor.newInstance(maxFrameBytes);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("broker-stub's RequestFrameDecoder(int) is not there any more", e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void cutsFramesThatArriveInPiecesAndTogether(Decoder decoder) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder.withLimit().apply(1024));
        byte[] two = ByteBuffer.allocate(4 + 3 + 4 + 2).putInt(3).put(new byte[] {1, 2, 3}).putInt(2)
                .put(new byte[] {4, 5}).array();
        for (byte b : two) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(two)); // and both at once
        for (int i = 0; i < 2; i++) {
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), readFrame(channel, decoder));
            assertEquals(ByteBuffer.wrap(new byte[] {4, 5}), readFrame(channel, decoder));
        }
        assertNull(channel.readInbound());
        assertFalse(channel.finish(), "nothing left over");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void handsOnEachFrameInAHeapBufferOfItsOwnThatOutlivesNettysBuffer(Decoder decoder) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder.withLimit().apply(1024));
        ByteBuf in = Unpooled.buffer().writeInt(0).writeInt(1024).writeBytes(new byte[1024]).writeInt(1).writeByte(9);
        channel.writeInbound(in);
        assertEquals(0, in.refCnt(), "the decoder released Netty's buffer");
        ByteBuffer empty = readFrame(channel, decoder);
        ByteBuffer atLimit = readFrame(channel, decoder);
        ByteBuffer last = readFrame(channel, decoder);
        assertEquals(0, empty.remaining(), "a frame of size 0 is a frame");
        assertEquals(1024, atLimit.remaining(), "a frame of exactly the limit is accepted");
        assertTrue(atLimit.hasArray() && !atLimit.isDirect());
        assertEquals(ByteBuffer.wrap(new byte[] {9}), last);
        assertFalse(channel.finish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void refusesAnOversizedOrNegativeSizeOnItsFourBytes(Decoder decoder) {
        for (int size : new int[] {1025, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            EmbeddedChannel channel = new EmbeddedChannel(decoder.withLimit().apply(1024));
            DecoderException refused = assertThrows(DecoderException.class,
                    () -> channel.writeInbound(Unpooled.buffer(4).writeInt(size)), "size " + size);
            ProtocolException cause = assertInstanceOf(ProtocolException.class, refused.getCause());
            assertTrue(cause.getMessage().startsWith("Frame size " + size + " "), cause.getMessage());
            assertTrue(cause.getMessage().contains("1024"), "names the limit: " + cause.getMessage());
            assertNull(channel.readInbound());
            channel.close();
        }
    }

    /**
     * Nothing is allocated for a frame until it is complete: Netty's cumulation holds the bytes that arrived and
     * grows with them, never to the size the prefix declares, so a peer claiming a large frame costs what it sent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("decoders")
    void neverAllocatesTheDeclaredSizeOfAnIncompleteFrame(Decoder decoder) {
        int max = 100 * MIB;
        RecordingAllocator allocator = new RecordingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(decoder.withLimit().apply(max));

        channel.writeInbound(Unpooled.buffer(4).writeInt(max - 1));
        int delivered = 4;
        for (int i = 0; i < 200; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[512]));
            delivered += 512;
        }
        assertNull(channel.readInbound(), "no frame until all of it has arrived");
        assertTrue(allocator.largest.get() < 4 * delivered, "the decoder asked for a buffer of "
                + allocator.largest.get() + " bytes having received " + delivered + " of a declared " + (max - 1));
        assertFalse(channel.finish(), "an unfinished frame yields nothing when the connection ends");
    }

    /**
     * A large response (a 1 MiB fetch) arriving in socket-read-sized pieces is copied once, into its own frame:
     * the client's decoder keeps the pieces rather than merging them into ever larger buffers, so it asks the
     * allocator for nothing larger than a piece.
     */
    @Test
    void theClientDecoderAssemblesALargeFrameWithoutMergingItsPieces() {
        RecordingAllocator allocator = new RecordingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(new FrameDecoder(2 * MIB));
        byte[] frame = new byte[MIB];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 31);
        }
        ByteBuf all = Unpooled.buffer().writeInt(MIB).writeBytes(frame);
        int piece = 64 * 1024;
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(Math.min(piece, all.readableBytes())));
        }
        all.release();
        assertEquals(ByteBuffer.wrap(frame), channel.readInbound());
        assertTrue(allocator.largest.get() <= piece, "the decoder asked for a buffer of " + allocator.largest.get()
                + " bytes");
        assertFalse(channel.finish());
    }

    /**
     * Once a quarter of a large frame has arrived, the client's decoder copies each later read into the frame and
     * lets go of it at once (the copy happens while the rest is still on its way); before that it holds the reads.
     */
    @Test
    void theClientDecoderCopiesEachReadIntoTheFrameOnceAQuarterHasArrived() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(2 * MIB));
        int piece = 64 * 1024;
        byte[] frame = new byte[MIB];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 13);
        }
        ByteBuf all = Unpooled.buffer().writeInt(MIB).writeBytes(frame);
        List<ByteBuf> reads = new java.util.ArrayList<>();
        while (all.isReadable()) {
            ByteBuf read = Unpooled.buffer(piece).writeBytes(all, Math.min(piece, all.readableBytes()));
            reads.add(read);
            channel.writeInbound(read);
        }
        all.release();
        assertEquals(ByteBuffer.wrap(frame), channel.readInbound());
        int quarter = (MIB / 4) / piece;
        for (int i = quarter + 1; i < reads.size(); i++) {
            assertEquals(0, reads.get(i).refCnt(), "read " + i + " of " + reads.size() + " was let go once copied");
        }
        assertFalse(channel.finish());
    }

    /** Records the largest buffer asked for. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final AtomicInteger largest = new AtomicInteger();

        RecordingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            largest.accumulateAndGet(initialCapacity, Math::max);
            return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            largest.accumulateAndGet(initialCapacity, Math::max);
            return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
