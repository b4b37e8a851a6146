package io.petrel.client.internal.network;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * An answer a {@link FakeKafkaServer} writes in chunks that straddle a request's deadline, in step with the client's
 * expiry rechecks and without depending on how fast either side runs. Each chunk is written while a task of this
 * class holds the client's I/O thread, so the client reads it only afterwards. The first hold then runs the client's
 * timers (as its ticker would once the test moved the clock past the deadline), so the deadline is found passed with
 * the chunk unread; each later hold is scheduled on the I/O thread {@link BrokerConnection#EXPIRY_RECHECK_DELAY_MS}
 * after the one before it ended. The loop runs scheduled tasks in deadline order, so recheck k (scheduled by the timer
 * check or by recheck k-1) runs before hold k+1, and hold k+1 before recheck k+1: between two rechecks exactly one
 * chunk arrives. The chunks may end before the frame does (a broker that stops mid-answer).
 */
final class TrickledAnswer implements Iterable<ByteBuffer> {
    private final NettyClientNetwork network;
    private final List<ByteBuffer> chunks;
    private final IntConsumer whileHeld;
    private final BlockingQueue<Optional<ByteBuffer>> handed = new LinkedBlockingQueue<>();
    private final Semaphore written = new Semaphore(0);
    private volatile boolean stopped;

    /**
     * The first {@code chunkCount} of {@code parts} equal chunks of {@code frame}, written to {@code network}'s
     * connection; {@code whileHeld} runs on the I/O thread with the index of each chunk once it is in the client's
     * socket, unread (the test moves its clock there). Writing stops early once {@code request} is finished.
     */
    TrickledAnswer(NettyClientNetwork network, ByteBuffer frame, int parts, int chunkCount, IntConsumer whileHeld,
                   CompletableFuture<?> request) {
        this.network = network;
        this.chunks = split(frame, parts).subList(0, chunkCount);
        this.whileHeld = whileHeld;
        request.whenComplete((response, error) -> stopped = true);
    }

    private static List<ByteBuffer> split(ByteBuffer frame, int parts) {
        List<ByteBuffer> out = new ArrayList<>();
        int size = (frame.remaining() + parts - 1) / parts;
        for (int start = frame.position(); start < frame.limit(); start += size) {
            out.add(frame.duplicate().position(start).limit(Math.min(frame.limit(), start + size)).slice());
        }
        return out;
    }

    /** For the responder: starts the first hold; the server then writes what this iterates over. */
    TrickledAnswer start() {
        network.ioThread().execute(() -> hold(0));
        return this;
    }

    private void hold(int index) {
        if (stopped) {
            handed.add(Optional.empty());
            return;
        }
        boolean more = index + 1 < chunks.size();
        if (index > 0 && more) {
            holdNextAfterTheNextRecheck(index + 1);
        }
        handed.add(Optional.of(chunks.get(index)));
        acquire();
        whileHeld.accept(index);
        if (!more) {
            handed.add(Optional.empty());
        } else if (index == 0) {
            network.tick();
            // After the timer check tick() queued, so the first recheck is scheduled just before the next hold.
            network.ioThread().execute(() -> holdNextAfterTheNextRecheck(1));
        }
    }

    /**
     * Run just after a recheck was scheduled (by the timer check, or by the recheck before, which this hold follows at
     * once), so the hold comes right after that recheck and as long as possible before the one it schedules.
     */
    private void holdNextAfterTheNextRecheck(int index) {
        network.ioThread().schedule(() -> hold(index), BrokerConnection.EXPIRY_RECHECK_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private void acquire() {
        try {
            if (!written.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Gave up waiting for the server to write a chunk");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for the server to write a chunk", e);
        }
    }

    /** The server's side: each chunk once a hold hands it over; asking for the next means the one before is written. */
    @Override
    public Iterator<ByteBuffer> iterator() {
        return new Iterator<>() {
            private Optional<ByteBuffer> next;
            private boolean chunkOut;

            @Override
            public boolean hasNext() {
                if (chunkOut) {
                    chunkOut = false;
                    written.release();
                }
                if (next == null) {
                    next = take();
                }
                return next.isPresent();
            }

            @Override
            public ByteBuffer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ByteBuffer chunk = next.get();
                next = null;
                chunkOut = true;
                return chunk;
            }
        };
    }

    private Optional<ByteBuffer> take() {
        try {
            Optional<ByteBuffer> chunk = handed.poll(30, TimeUnit.SECONDS);
            if (chunk == null) {
                throw new IllegalStateException("Gave up waiting for a hold of the I/O thread to hand a chunk over");
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for a chunk", e);
        }
    }
}
