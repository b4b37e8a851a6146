package io.petrel.client.internal.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.ClientNetworkConfig.SocketBuffers;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * send.buffer.bytes and receive.buffer.bytes reach the connection's socket as kafka-clients sets them: a size is
 * given to the kernel, -1 leaves the operating system's default.
 */
class SocketBuffersTest {
    @Test
    void aConfiguredSizeReachesTheKernelAndMinusOneLeavesTheDefault() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Sizes defaults = connect(group, server, SocketBuffers.OS_DEFAULT);
            Sizes set = connect(group, server, new SocketBuffers(300_000, 700_000));
            // Linux reports twice what was set (it reserves room for its bookkeeping); other systems the size itself.
            assertTrue(set.receive() >= 700_000, "SO_RCVBUF " + set.receive());
            assertTrue(set.send() >= 300_000, "SO_SNDBUF " + set.send());
            assertTrue(!defaults.equals(set), "the OS default differs from the sizes set: " + defaults);
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    @Test
    void minusOneSetsNoOptionAndASizeSetsItAsItIs() {
        Bootstrap none = BrokerConnection.withSocketBuffers(new Bootstrap(), SocketBuffers.OS_DEFAULT);
        assertFalse(none.config().options().containsKey(ChannelOption.SO_RCVBUF));
        assertFalse(none.config().options().containsKey(ChannelOption.SO_SNDBUF));
        Bootstrap sized = BrokerConnection.withSocketBuffers(new Bootstrap(), new SocketBuffers(131_072, 65_536));
        assertEquals(65_536, sized.config().options().get(ChannelOption.SO_RCVBUF));
        assertEquals(131_072, sized.config().options().get(ChannelOption.SO_SNDBUF));
    }

    @Test
    void aSizeBelowMinusOneIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SocketBuffers(-2, 0));
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
    }

    @Test
    void theCommonSettingsSend128KibAndReceiveWithTheOsDefaultUntilAClientSetsItsOwn() {
        ClientNetworkConfig config = NetworkTestConfigs.config("localhost:9092");
        assertEquals(new SocketBuffers(131_072, -1), config.socketBuffers());
        assertEquals(new SocketBuffers(1, 2), config.withSocketBuffers(new SocketBuffers(1, 2)).socketBuffers());
    }

    /** A connected socket's SO_RCVBUF and SO_SNDBUF as the kernel reports them. */
    private record Sizes(int receive, int send) {
    }

    private static Sizes connect(EventLoopGroup group, ServerSocket server, SocketBuffers buffers)
            throws Exception {
        Channel channel = BrokerConnection.withSocketBuffers(new Bootstrap(), buffers).group(group)
                .channel(NioSocketChannel.class).handler(new ChannelInboundHandlerAdapter())
                .connect(server.getLocalSocketAddress()).sync().channel();
        try (Socket accepted = server.accept()) {
            SocketChannelConfig config = (SocketChannelConfig) channel.config();
            return new Sizes(config.getReceiveBufferSize(), config.getSendBufferSize());
        } finally {
            channel.close().sync();
        }
    }
}
