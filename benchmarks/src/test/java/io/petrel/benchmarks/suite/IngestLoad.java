package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.Payloads;
import io.petrel.compression.CompressionType;

import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A load generator for a broker's Produce path whose own cost per record is close to nothing, so that the rate it
 * reaches is bounded by the broker, not by a client sharing the machine's cores. Each connection (one thread, one
 * blocking socket, one partition) cycles through requests {@link IngestRequests} encoded before the run, keeps up
 * to {@code inFlight} of them unanswered, and reads every answer in order with {@link IngestAck}; a request's
 * records count once its answer says NONE. Sending stops at the deadline and the requests in flight are drained,
 * so every request sent is answered: what the broker acknowledged is what it must hold afterwards.
 *
 * <p>The generator's cost is one socket write per request (a direct buffer, no copy in the JVM) and one small
 * decode per answer: per record a few nanoseconds, which the result states as the generator's CPU per record.
 */
final class IngestLoad {
    /** The largest Produce answer accepted: one topic, one partition, a few dozen bytes. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What one connection sends: the partition its requests write and the requests to cycle through. */
    record Connection(int partition, List<IngestRequests.Encoded> requests) {
        Connection {
            if (requests.isEmpty()) {
                throw new IllegalArgumentException("A connection needs at least one request to send");
            }
            requests = List.copyOf(requests);
        }
    }

    /**
     * The outcome of a run: records and requests acknowledged, wall seconds from the start of sending to the last
     * answer, and the CPU seconds of the generator's threads over the same span.
     */
    record Result(long records, long requests, double seconds, double generatorCpuSeconds, AckTimeline acks) {
    }

    /** @param ackNanos when each answer was read, System.nanoTime */
    private record ConnectionResult(long records, long requests, long cpuNanos, long endNanos, long[] ackNanos) {
    }

    private IngestLoad() {
    }

    /**
     * The connections of {@code settings} for {@code topic}, which has one partition per connection: connection p
     * writes partition p, cycling through requests of its own whose values start at p x 4096 in {@code payloads}.
     */
    static List<Connection> onePerPartition(String topic, IngestSettings settings, String acks, Payloads payloads) {
        return onePerPartition(topic, settings, acks, payloads, CompressionType.NONE);
    }

    /** As {@link #onePerPartition(String, IngestSettings, String, Payloads)}, batches compressed with {@code compression}. */
    static List<Connection> onePerPartition(String topic, IngestSettings settings, String acks, Payloads payloads,
                                            CompressionType compression) {
        List<Connection> connections = new ArrayList<>();
        for (int p = 0; p < settings.connections(); p++) {
            connections.add(new Connection(p, IngestRequests.compressed(topic, p, IngestSettings.wireAcks(acks),
                    settings.batchBytes(), payloads, settings.distinct(), p * 4096, compression)));
        }
        return connections;
    }

    /** Runs {@code connections} against {@code host:port} for {@code durationNanos}, {@code inFlight} per connection. */
    static Result run(String host, int port, List<Connection> connections, int inFlight, long durationNanos)
            throws IOException, InterruptedException {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1, not " + inFlight);
        }
        List<SocketChannel> channels = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(connections.size(), r -> {
            Thread t = new Thread(r, "ingest-load");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < connections.size(); i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channels.add(ch);
            }
            CountDownLatch ready = new CountDownLatch(connections.size());
            CountDownLatch go = new CountDownLatch(1);
            long[] start = new long[1];
            List<Future<ConnectionResult>> futures = new ArrayList<>();
            for (int i = 0; i < connections.size(); i++) {
                Connection c = connections.get(i);
                SocketChannel ch = channels.get(i);
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return drive(ch, c, inFlight, start[0] + durationNanos);
                }));
            }
            ready.await();
            start[0] = System.nanoTime();
            go.countDown();
            long records = 0;
            long requests = 0;
            long cpu = 0;
            long end = start[0];
            List<long[]> acks = new ArrayList<>();
            for (Future<ConnectionResult> f : futures) {
                ConnectionResult r = f.get();
                records += r.records();
                requests += r.requests();
                cpu += r.cpuNanos();
                end = Math.max(end, r.endNanos());
                acks.add(r.ackNanos());
            }
            return new Result(records, requests, (end - start[0]) / 1e9, cpu / 1e9, timeline(acks, start[0]));
        } catch (ExecutionException e) {
            throw new IOException("The ingest load failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
            for (SocketChannel ch : channels) {
                ch.close();
            }
        }
    }

    private static AckTimeline timeline(List<long[]> perConnection, long start) {
        long[] all = new long[perConnection.stream().mapToInt(a -> a.length).sum()];
        int i = 0;
        for (long[] times : perConnection) {
            for (long t : times) {
                all[i++] = t - start;
            }
        }
        return new AckTimeline(all);
    }

    /** One connection's loop: fill the window, read the oldest answer, repeat; after the deadline only drain. */
    private static ConnectionResult drive(SocketChannel ch, Connection c, int inFlight, long deadline)
            throws IOException {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        ArrayDeque<IngestRequests.Encoded> unanswered = new ArrayDeque<>(inFlight);
        ByteBuffer size = ByteBuffer.allocate(4);
        ByteBuffer answer = ByteBuffer.allocate(MAX_RESPONSE_BYTES);
        List<IngestRequests.Encoded> requests = c.requests();
        int next = 0;
        long records = 0;
        long acknowledged = 0;
        long[] ackNanos = new long[1 << 14];
        while (true) {
            while (unanswered.size() < inFlight && System.nanoTime() < deadline) {
                IngestRequests.Encoded r = requests.get(next);
                next = next + 1 == requests.size() ? 0 : next + 1;
                writeFully(ch, r.toSend());
                unanswered.add(r);
            }
            IngestRequests.Encoded r = unanswered.poll();
            if (r == null) {
                break;
            }
            IngestAck.check(readFrame(ch, size, answer), r, c.partition());
            records += r.records();
            if (acknowledged == ackNanos.length) {
                ackNanos = Arrays.copyOf(ackNanos, ackNanos.length * 2);
            }
            ackNanos[(int) acknowledged] = System.nanoTime();
            acknowledged++;
        }
        long end = System.nanoTime();
        return new ConnectionResult(records, acknowledged, THREADS.getCurrentThreadCpuTime() - cpu0, end,
                Arrays.copyOf(ackNanos, (int) acknowledged));
    }

    private static void writeFully(SocketChannel ch, ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            ch.write(frame);
        }
    }

    /** Reads one size-prefixed frame into {@code into}, returned flipped without its size prefix. */
    private static ByteBuffer readFrame(SocketChannel ch, ByteBuffer size, ByteBuffer into) throws IOException {
        size.clear();
        readFully(ch, size);
        int length = size.getInt(0);
        if (length < 4 || length > into.capacity()) {
            throw new IOException("Produce response of " + length + " bytes, expected 4.." + into.capacity());
        }
        into.clear().limit(length);
        readFully(ch, into);
        return into.flip();
    }

    private static void readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException("The broker closed the connection with " + buf.remaining()
                        + " bytes of a response still due");
            }
        }
    }
}
