package io.petrel.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * CPU and heap per response frame of the client's {@link FrameDecoder}, fed the way a socket feeds it: a frame
 * of the given size in pieces of 64 KiB from Netty's default (pooled direct) allocator, on this thread (an
 * EmbeddedChannel, no socket). Thread CPU time is the figure, so a loaded machine changes it little; "last read"
 * is the CPU of handling the read that completes the frame, what the fetch waits for after its last byte. "merge"
 * runs the same decoder with Netty's default cumulator, for comparison. In this package because the decoder is
 * package-private to client-core.
 *
 * <p>Run: {@code java -cp <benchmarks test class path> io.petrel.client.internal.network.FrameDecoderCost
 * [frameBytes] [frames] [pieces|merge]}.
 */
public final class FrameDecoderCost {
    private static final int PIECE = 64 * 1024;

    private FrameDecoderCost() {
    }

    public static void main(String[] args) {
        int frameBytes = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        boolean merge = args.length > 2 && args[2].equals("merge");
        FrameDecoder decoder = new FrameDecoder(Integer.MAX_VALUE);
        if (merge) {
            decoder.setCumulator(ByteToMessageDecoder.MERGE_CUMULATOR);
        }
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] piece = new byte[PIECE];
        for (int round = 1; round <= 3; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long allocated0 = threads.getCurrentThreadAllocatedBytes();
            long bytes = 0;
            long lastReadNanos = 0;
            for (int i = 0; i < frames; i++) {
                lastReadNanos += feed(channel, frameBytes, piece, threads);
                ByteBuffer frame = channel.readInbound();
                bytes += frame.remaining();
            }
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / frames;
            double heapKib = (threads.getCurrentThreadAllocatedBytes() - allocated0) / 1024.0 / frames;
            System.out.printf(Locale.ROOT, "round %d %s: %.1f us CPU (last read %.1f us) and %.0f KiB of heap per %,d B"
                            + " frame (%,d B read)%n", round, merge ? "merge" : "pieces", cpuMicros,
                    lastReadNanos / 1e3 / frames, heapKib, frameBytes, bytes);
        }
    }

    /**
     * One frame, size prefix first, in pieces as a socket read hands them over (the piece's fill stands in for it);
     * returns the thread CPU nanoseconds of handling the last piece.
     */
    private static long feed(EmbeddedChannel channel, int frameBytes, byte[] piece,
                             com.sun.management.ThreadMXBean threads) {
        long last = 0;
        int total = frameBytes + 4;
        int sent = 0;
        while (sent < total) {
            int length = Math.min(PIECE, total - sent);
            ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(PIECE);
            if (sent == 0) {
                buffer.writeInt(frameBytes).writeBytes(piece, 0, length - 4);
            } else {
                buffer.writeBytes(piece, 0, length);
            }
            sent += length;
            long cpu0 = threads.getCurrentThreadCpuTime();
            channel.writeInbound(buffer);
            last = threads.getCurrentThreadCpuTime() - cpu0;
        }
        return last;
    }
}
