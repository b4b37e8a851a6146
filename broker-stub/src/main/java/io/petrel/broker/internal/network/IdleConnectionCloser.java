package io.petrel.broker.internal.network;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * connections.max.idle.ms on the broker's own monotonic clock: a connection with neither a byte read nor a byte
 * written for that long gets an {@link IdleStateEvent} (the connection handler closes it, with one log line). As in
 * Kafka, a client that sends part of a frame and stalls is idle from its last byte, so its partial frame is dropped
 * with the connection.
 *
 * <p>Elapsed time is read from the injected clock, so tests drive it; the check itself runs on the event loop at
 * most every {@link #MAX_CHECK_INTERVAL} of real time (less for shorter timeouts), which is how late after the
 * timeout a connection may be closed.
 */
final class IdleConnectionCloser extends ChannelDuplexHandler {
    static final Duration MAX_CHECK_INTERVAL = Duration.ofMillis(500);

    private final long idleNanos;
    private final long checkNanos;
    private final LongSupplier nanoTime;
    private long lastActivity;
    private ScheduledFuture<?> check;

    IdleConnectionCloser(Duration idleTimeout, LongSupplier nanoTime) {
        this.idleNanos = idleTimeout.toNanos();
        this.checkNanos = Math.max(1_000_000L, Math.min(idleNanos, MAX_CHECK_INTERVAL.toNanos()));
        this.nanoTime = nanoTime;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        lastActivity = nanoTime.getAsLong();
        schedule(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivity = nanoTime.getAsLong();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = nanoTime.getAsLong();
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private void schedule(ChannelHandlerContext ctx) {
        check = ctx.executor().schedule(() -> check(ctx), checkNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (nanoTime.getAsLong() - lastActivity >= idleNanos) {
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            schedule(ctx);
        }
    }
}
