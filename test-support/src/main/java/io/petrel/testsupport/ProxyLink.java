package io.petrel.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection through a {@link FaultProxy} and its connection on to the broker, with faults of its own:
 * {@link #delay}, {@link #blackhole}, {@link #bandwidth}, {@link #reset}. Set on the proxy, a fault applies to every
 * link; set here, to this one only.
 *
 * <p>Each direction is a {@link Pacer}: a frame read from one side is given the time it may leave (now plus the
 * delay, after the frame before it, and after the bytes before it at the bandwidth), queued, and written to the
 * other side then. Reading from a side pauses while its queue holds more than {@link FaultProxy#HIGH_WATER_BYTES}
 * or the other side cannot take more, so a slow link pushes back on the sender instead of filling the heap.
 */
public final class ProxyLink {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyLink.class);

    private final int id;
    private final FaultProxy proxy;
    private final Channel client;
    private final Pacer toBroker;
    private final Pacer toClient;
    /** Correlation ids of requests whose answer is to be replaced by a reset; event-loop thread only. */
    private final Set<Integer> resetOnAnswer = new HashSet<>();
    /** API key of each request awaiting its response, by correlation id (touched on the proxy's one I/O thread). */
    private final Map<Integer, Integer> apiByCorrelation = new HashMap<>();
    private final AtomicLong peakQueued = new AtomicLong();
    private volatile Channel broker;
    private volatile long delayNanos;
    private volatile boolean blackholed;
    private volatile long bytesPerSecond;

    ProxyLink(int id, FaultProxy proxy, Channel client) {
        this.id = id;
        this.proxy = proxy;
        this.client = client;
        this.toBroker = new Pacer("to-broker");
        this.toClient = new Pacer("to-client");
    }

    /** A number for this connection, counting from 1 in the order the proxy accepted them. */
    public int id() {
        return id;
    }

    /** Delays every frame of this connection by {@code delay} each way (zero: none). */
    public void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A delay cannot be negative, was " + delay);
        }
        delayNanos = delay.toNanos();
    }

    /** Lets nothing of this connection through either way until {@link #heal}. */
    public void blackhole() {
        blackholed = true;
    }

    /** Limits each direction of this connection to {@code bytesPerSecond} (0: no limit). */
    public void bandwidth(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("bytes per second must be 0 (no limit) or more, was " + limit);
        }
        bytesPerSecond = limit;
    }

    /**
     * Removes this connection's faults. A connection whose broker side went away while it was blackholed is closed
     * now, as the client would have learnt had it not been blackholed.
     */
    public void heal() {
        delayNanos = 0;
        blackholed = false;
        bytesPerSecond = 0;
        client.eventLoop().execute(() -> {
            Channel b = broker;
            if (b == null || !b.isActive()) {
                client.close();
            }
        });
    }

    /** Resets both connections (TCP RST), dropping whatever waits in the proxy. */
    public void reset() {
        client.eventLoop().execute(() -> {
            LOG.info("Resetting link {} of {}", id, proxy);
            abort(client);
            Channel b = broker;
            if (b != null) {
                abort(b);
            }
        });
    }

    /** Whether both connections are open. */
    public boolean isOpen() {
        Channel b = broker;
        return client.isActive() && b != null && b.isActive();
    }

    /** The most bytes that waited in this link in one direction at once. */
    public long peakQueuedBytes() {
        return peakQueued.get();
    }

    @Override
    public String toString() {
        return "ProxyLink[" + id + ", " + client.remoteAddress() + (isOpen() ? "" : ", closed") + "]";
    }

    /** Blackholed from the start: the client's bytes go nowhere and no broker connection is made. */
    void silent() {
        client.closeFuture().addListener(f -> proxy.forget(this));
        client.config().setAutoRead(true);
    }

    void connected(Channel brokerChannel) {
        this.broker = brokerChannel;
        brokerChannel.closeFuture().addListener(f -> {
            if (!blackholed) {
                client.close(); // A blackholed client must not learn that the broker went away.
            }
        });
        client.closeFuture().addListener(f -> {
            brokerChannel.close();
            toBroker.clear();
            toClient.clear();
            proxy.forget(this);
        });
        client.read();
        brokerChannel.read();
    }

    void close() {
        client.close();
        Channel b = broker;
        if (b != null) {
            b.close();
        }
    }

    ChannelInboundHandlerAdapter fromClient() {
        return new Reader(toBroker, true);
    }

    ChannelInboundHandlerAdapter fromBroker() {
        return new Reader(toClient, false);
    }

    private static void abort(Channel channel) {
        if (channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0); // close() then sends RST, not FIN
            channel.close();
        }
    }

    /** Reads frames from one side and hands them to the pacer towards the other. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        private final Pacer pacer;
        private final boolean fromClient;

        Reader(Pacer pacer, boolean fromClient) {
            this.pacer = pacer;
            this.fromClient = fromClient;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            if (blackholed) {
                frame.release();
                ctx.channel().read(); // keep draining the sender, into nothing
                return;
            } else if (fromClient) {
                noteRequest(frame);
                countRequest(frame);
                pacer.add(frame, ctx.channel());
            } else if (answersRequestToReset(frame)) {
                frame.release();
                proxy.resetInjected();
                LOG.info("{}: resetting link {} in place of a response", proxy, id);
                abort(client);
                abort(ctx.channel());
                return;
            } else {
                countResponse(frame);
                pacer.add(frame, ctx.channel());
            }
            pacer.updateReading(ctx.channel());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            pacer.updateReading(ctx.channel());
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // This side can take more again: the pacer feeding it, and the other side's reading, may go on.
            (fromClient ? toClient : toBroker).drain();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{} link {}: {}", proxy, id, cause.toString());
            ctx.close();
        }

        /** A request: size, api key (i16), api version (i16), correlation id (i32), ... */
        private void noteRequest(ByteBuf frame) {
            if (frame.readableBytes() < 12) {
                return;
            }
            proxy.countRequest(frame.getShort(4));
            if (proxy.takeResetFor(frame.getShort(4))) {
                resetOnAnswer.add(frame.getInt(8));
            }
        }

        private void countRequest(ByteBuf frame) {
            if (frame.readableBytes() >= 12) {
                int apiKey = frame.getShort(4);
                apiByCorrelation.put(frame.getInt(8), apiKey);
                proxy.traffic().request(apiKey, frame.readableBytes());
            }
        }

        private void countResponse(ByteBuf frame) {
            if (frame.readableBytes() >= 8) {
                Integer apiKey = apiByCorrelation.remove(frame.getInt(4));
                if (apiKey != null) {
                    proxy.traffic().response(apiKey, frame.readableBytes());
                }
            }
        }

        /** A response: size, correlation id (i32), ... */
        private boolean answersRequestToReset(ByteBuf frame) {
            return frame.readableBytes() >= 8 && !resetOnAnswer.isEmpty() && resetOnAnswer.remove(frame.getInt(4));
        }
    }

    /** A frame and the {@link System#nanoTime} at which it may leave. */
    private record Due(ByteBuf frame, long nanos) {
    }

    /** One direction: frames waiting until the time they may leave. Event-loop thread only. */
    private final class Pacer {
        private final String direction;
        private final ArrayDeque<Due> queue = new ArrayDeque<>();
        private long queuedBytes;
        private long lastDue;
        private boolean drainScheduled;

        Pacer(String direction) {
            this.direction = direction;
        }

        void add(ByteBuf frame, Channel from) {
            long now = System.nanoTime();
            long due = Math.max(now + delayNanos, lastDue);
            long rate = bytesPerSecond;
            if (rate > 0) {
                due += TimeUnit.SECONDS.toNanos(frame.readableBytes()) / rate;
            }
            lastDue = due;
            queue.add(new Due(frame, due));
            queuedBytes += frame.readableBytes();
            peakQueued.accumulateAndGet(queuedBytes, Math::max);
            drain();
        }

        /** Writes the frames that are due, and schedules itself for the next one. */
        void drain() {
            Channel to = target();
            if (to == null) {
                return;
            }
            long now = System.nanoTime();
            boolean wrote = false;
            while (!queue.isEmpty() && to.isWritable()) {
                Due head = queue.peek();
                if (head.nanos() - now > 0) {
                    schedule(to, head.nanos() - now);
                    break;
                }
                queue.poll();
                ByteBuf frame = head.frame();
                queuedBytes -= frame.readableBytes();
                to.write(frame);
                wrote = true;
            }
            if (wrote) {
                to.flush();
            }
            Channel from = to == broker ? client : broker;
            if (from != null) {
                updateReading(from);
            }
        }

        /** Reads more from {@code from} only while this direction has room and its target can take more. */
        void updateReading(Channel from) {
            Channel to = target();
            boolean room = queuedBytes < FaultProxy.HIGH_WATER_BYTES && to != null && to.isWritable();
            if (room && from.isActive()) {
                from.read();
            }
        }

        void clear() {
            queue.forEach(e -> ReferenceCountUtil.release(e.frame()));
            queue.clear();
            queuedBytes = 0;
        }

        private void schedule(Channel to, long inNanos) {
            if (!drainScheduled) {
                drainScheduled = true;
                to.eventLoop().schedule(() -> {
                    drainScheduled = false;
                    drain();
                }, inNanos, TimeUnit.NANOSECONDS);
            }
        }

        private Channel target() {
            return this == toBroker ? broker : client;
        }

        @Override
        public String toString() {
            return direction + " " + queue.size() + " frames, " + queuedBytes + " bytes";
        }
    }
}
