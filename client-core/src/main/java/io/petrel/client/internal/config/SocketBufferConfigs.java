package io.petrel.client.internal.config;

import io.petrel.client.internal.ClientNetworkConfig;

/**
 * send.buffer.bytes and receive.buffer.bytes, the kernel buffer sizes of each connection's socket. Every Kafka client
 * takes both keys but with its own defaults (kafka-clients: the producer 128 KiB and 32 KiB, the consumer and the
 * admin client 128 KiB and 64 KiB), so the keys are defined here once and each client names its defaults.
 *
 * @param send    send.buffer.bytes: SO_SNDBUF, -1 for the operating system's default
 * @param receive receive.buffer.bytes: SO_RCVBUF, -1 for the operating system's default
 */
public record SocketBufferConfigs(ConfigKey<Integer> send, ConfigKey<Integer> receive) {
    /** The two keys with a client's defaults. */
    public static SocketBufferConfigs withDefaults(int sendBytes, int receiveBytes) {
        return new SocketBufferConfigs(
                ConfigKey.ofInt("send.buffer.bytes", sendBytes, "SO_SNDBUF of each connection; -1 for the OS default")
                        .validatedBy(ConfigValidator.atLeast(-1)),
                ConfigKey.ofInt("receive.buffer.bytes", receiveBytes,
                                "SO_RCVBUF of each connection; -1 for the OS default")
                        .validatedBy(ConfigValidator.atLeast(-1)));
    }

    /** Both keys, to include in a client's spec. */
    public ConfigSpec spec() {
        return ConfigSpec.builder().define(send).define(receive).build();
    }

    /** The sizes a parsed configuration sets. */
    public ClientNetworkConfig.SocketBuffers socketBuffers(ConfigValues values) {
        return new ClientNetworkConfig.SocketBuffers(values.get(send), values.get(receive));
    }
}
