package io.petrel.compression.internal;

import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;

/**
 * A native zstd compression context kept from one frame to the next, with the arrays its output goes
 * through, from a pool shared by every zstd encoder: a fresh context allocates and initialises its tables
 * again, which for a producer's 64 KiB batches costs about a third of the compression itself.
 *
 * <p>{@link #take(int)} hands out a context reset to its default parameters and set to the level, so
 * nothing of an earlier frame's settings carries over. At most {@value SlotPool#SLOTS} sessions are kept;
 * one whose context threw is closed rather than pooled ({@link #close()}), and so is one the pool has no
 * room for. A session's whole-frame array grows to the largest frame asked of it, at most
 * {@value #MAX_FRAME_ARRAY} bytes, so the pool keeps at most a few MiB.
 */
final class ZstdCompressSession {

    /** zstd-jni's stream's output chunk: what {@link ZstdPooledContextOutputStream} writes through. */
    private static final int STREAM_CHUNK = 128 * 1024;
    /** The largest whole-frame array a session keeps; a bigger frame is streamed. */
    static final int MAX_FRAME_ARRAY = (1 << 20) + (16 << 10);
    private static final SlotPool<ZstdCompressSession> POOL = new SlotPool<>();

    final ZstdCompressCtx context = new ZstdCompressCtx();
    final ByteBuffer streamOutput = ByteBuffer.allocate(STREAM_CHUNK);
    private byte[] frame = new byte[0];

    private ZstdCompressSession() {
    }

    /** A pooled session, or a new one, its context reset and set to {@code level}. */
    static ZstdCompressSession take(int level) {
        ZstdCompressSession session = POOL.poll();
        if (session == null) {
            session = new ZstdCompressSession();
        }
        try {
            session.context.reset();
            session.context.setLevel(level);
        } catch (RuntimeException e) {
            session.close(); // unusable: its native memory is freed, not pooled
            throw e;
        }
        return session;
    }

    /** An array of at least {@code bytes} (at most {@link #MAX_FRAME_ARRAY}) for a whole frame's output. */
    byte[] frameArray(int bytes) {
        if (frame.length < bytes) {
            frame = new byte[bytes];
        }
        return frame;
    }

    /** Pools this session, whose context threw nothing; the caller must not use it afterwards. */
    void giveBack() {
        if (!POOL.offer(this)) {
            context.close();
        }
    }

    /** Frees the native context of a session that is not given back (its context threw). */
    void close() {
        context.close();
    }
}
