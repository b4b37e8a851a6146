package io.petrel.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.petrel.protocol.BufferedRecords;
import io.petrel.protocol.SplicedMessage;
import io.petrel.protocol.SplicedRecords;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty buffer of a request frame encoded with its record batches left out
 * ({@link io.petrel.protocol.RequestFrame#encodeSpliced}): one composite buffer over the encoded pieces
 * and the batches' own memory. Why: a Produce request is mostly its batches, and copying them into a
 * frame of their own cost a copy of every byte sent; wrapping them costs a few buffer headers. The
 * batches must therefore stay unchanged until the write completes, which a producer guarantees by
 * recycling a batch's array only once the batch is acknowledged.
 *
 * <p>On a plaintext channel the frame is instead copied once, piece by piece, into one pooled direct
 * buffer ({@link #copyToDirect}). Why: NIO writes only direct memory, so Netty turns a heap buffer into a
 * direct one before writing it, and for a composite of heap pieces its allocator first merges them into a
 * new heap array (allocated and zeroed per request) and then copies that: two copies of every byte plus a
 * request-sized allocation, which the producer's JFR profile showed as 40% of the I/O thread at 1 KiB
 * records. Copying the pieces straight into direct memory is the one copy any socket write of heap bytes
 * makes (the JDK does the same for kafka-clients). A TLS channel keeps the composite: the SSL engine reads
 * heap pieces itself and writes its own direct output.
 */
final class SplicedFrameBuffer {
    private SplicedFrameBuffer() {
    }

    /**
     * The whole frame, records spliced back in.
     *
     * @throws IllegalArgumentException for spliced records that are not in memory: a client has no others
     */
    static ByteBuf of(SplicedMessage frame) {
        ByteBuffer bytes = frame.bytes();
        if (frame.splices().isEmpty()) {
            return Unpooled.wrappedBuffer(bytes);
        }
        List<ByteBuf> pieces = new ArrayList<>(2 * frame.splices().size() + 1);
        int at = 0;
        for (SplicedMessage.Splice splice : frame.splices()) {
            addBytes(pieces, bytes, at, splice.offset());
            ByteBuffer records = inMemory(splice.records()).batches();
            if (records.hasRemaining()) {
                pieces.add(Unpooled.wrappedBuffer(records));
            }
            at = splice.offset();
        }
        addBytes(pieces, bytes, at, bytes.limit());
        return Unpooled.wrappedBuffer(pieces.toArray(ByteBuf[]::new));
    }

    /**
     * The whole frame, records spliced back in, copied into one direct buffer of {@code allocator}; the
     * caller hands it to Netty, which releases it once written. The batches may change once this returns.
     *
     * @throws IllegalArgumentException for spliced records that are not in memory: a client has no others
     */
    static ByteBuf copyToDirect(SplicedMessage frame, ByteBufAllocator allocator) {
        ByteBuffer bytes = frame.bytes();
        int size = bytes.limit();
        for (SplicedMessage.Splice splice : frame.splices()) {
            size += inMemory(splice.records()).batches().remaining();
        }
        ByteBuf out = allocator.directBuffer(size, size);
        try {
            int at = 0;
            for (SplicedMessage.Splice splice : frame.splices()) {
                out.writeBytes(bytes.duplicate().position(at).limit(splice.offset()));
                out.writeBytes(inMemory(splice.records()).batches().duplicate());
                at = splice.offset();
            }
            out.writeBytes(bytes.duplicate().position(at).limit(bytes.limit()));
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void addBytes(List<ByteBuf> pieces, ByteBuffer bytes, int from, int to) {
        if (to > from) {
            pieces.add(Unpooled.wrappedBuffer(bytes.array(), bytes.arrayOffset() + from, to - from));
        }
    }

    private static BufferedRecords inMemory(SplicedRecords records) {
        if (records instanceof BufferedRecords buffered) {
            return buffered;
        }
        throw new IllegalArgumentException("A request can only carry record batches in memory, got "
                + records.getClass().getName());
    }
}
