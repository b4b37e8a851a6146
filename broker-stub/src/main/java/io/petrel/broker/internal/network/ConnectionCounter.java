package io.petrel.broker.internal.network;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * max.connections and max.connections.per.ip, across all listeners. Kafka's semantics: at max.connections the
 * acceptors stop taking connections (they wait in the kernel's listen backlog) until one closes; a connection past
 * max.connections.per.ip is closed at once. Netty accepts several connections per wake-up, so one accepted in the
 * same batch past max.connections is closed too, with the same log line.
 *
 * <p>Thread-safe: connections are admitted on the acceptor thread and released from any event loop.
 */
final class ConnectionCounter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCounter.class);

    private final int maxConnections;
    private final int maxPerIp;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
    private final List<Channel> acceptors = new CopyOnWriteArrayList<>();

    ConnectionCounter(int maxConnections, int maxPerIp) {
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
    }

    /** A listening channel to stop reading (accepting) while the broker is at max.connections. */
    void addAcceptor(Channel serverChannel) {
        acceptors.add(serverChannel);
    }

    /**
     * Counts a connection just accepted (on the acceptor thread, before it is registered with a worker loop), or
     * closes it when a limit is reached; counted ones are released when they close.
     */
    boolean admit(Channel ch) {
        InetAddress address = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        int ip = perIp.merge(address, 1, Integer::sum);
        int total = open.incrementAndGet();
        if (ip > maxPerIp || total > maxConnections) {
            release(address);
            log.warn("Refusing a connection from {}: {}", ch.remoteAddress(), ip > maxPerIp
                    ? "it has " + maxPerIp + " open, max.connections.per.ip"
                    : "the broker has " + maxConnections + " open, max.connections");
            ch.unsafe().closeForcibly(); // not registered with an event loop yet (see ConnectionAdmission)
            return false;
        }
        if (total >= maxConnections) {
            setAccepting(false);
        }
        ch.closeFuture().addListener(f -> release(address));
        return true;
    }

    int open() {
        return open.get();
    }

    private void release(InetAddress address) {
        perIp.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        if (open.decrementAndGet() < maxConnections) {
            setAccepting(true);
        }
    }

    private void setAccepting(boolean accepting) {
        for (Channel acceptor : acceptors) {
            if (acceptor.config().isAutoRead() != accepting) {
                acceptor.config().setAutoRead(accepting);
            }
        }
    }
}
