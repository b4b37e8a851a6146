package io.petrel.client.internal.network;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket transport of a client's I/O threads: Netty's native epoll where it loads (Linux x86-64), else Java NIO.
 *
 * <p>Why epoll: a record's request is written by the I/O thread, woken from another thread (send()) once per
 * request. With NIO that wake-up cost the I/O thread an extra eventfd write, read and select per wake-up (Netty's
 * NIO handler re-arms the selector after every select an outside thread woke) plus the JDK selector's wake-up lock;
 * measured by {@code benchmarks/strace/client-hops.sh} at 100 records/s, the producer's I/O thread made 8.8-9.4
 * syscalls and 1.1-1.5 futex calls per Produce request with NIO, 4.3-4.7 and 0.1-0.5 with epoll. Connections,
 * options and TLS behave the same on both.
 *
 * <p>{@code -Dpetrel.network.nio=true} keeps NIO (to compare, or where the native library must not load).
 */
final class IoTransport {
    private static final Logger log = LoggerFactory.getLogger(IoTransport.class);
    private static final boolean EPOLL = !Boolean.getBoolean("petrel.network.nio") && epollLoads();

    private IoTransport() {
    }

    static IoHandlerFactory ioHandlerFactory() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    private static boolean epollLoads() {
        try {
            if (Epoll.isAvailable()) {
                return true;
            }
            log.debug("Native epoll is not available, the client uses Java NIO", Epoll.unavailabilityCause());
        } catch (LinkageError e) {
            log.debug("Native epoll classes did not load, the client uses Java NIO", e);
        }
        return false;
    }
}
