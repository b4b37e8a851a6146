package io.petrel.admin.internal;

import io.petrel.client.internal.ClientNetworkConfig;
import io.petrel.client.internal.config.CommonClientConfigs;
import io.petrel.client.internal.config.ConfigKey;
import io.petrel.client.internal.config.ConfigSpec;
import io.petrel.client.internal.config.ConfigValidator;
import io.petrel.client.internal.config.ConfigValues;
import io.petrel.client.internal.config.SocketBufferConfigs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Admin client's settings: client-core's common keys (connections, backoff, security) plus the admin's own,
 * parsed by client-core's ConfigSpec as the producer's and consumer's are.
 *
 * @param network     what client-core's network needs
 * @param apiTimeout  default.api.timeout.ms: the bound of one Admin call, retries included
 * @param retries     how often a call is retried after a retriable error
 * @param retryBackoff the wait before the first retry
 * @param retryBackoffMax the longest wait between retries
 */
public record AdminSettings(ClientNetworkConfig network, Duration apiTimeout, int retries, Duration retryBackoff,
                     Duration retryBackoffMax) {
    private static final AtomicInteger ADMIN_NUMBER = new AtomicInteger();

    static final ConfigKey<Integer> DEFAULT_API_TIMEOUT_MS = ConfigKey.ofInt("default.api.timeout.ms", 60_000,
            "How long one Admin call may take, retries included").validatedBy(ConfigValidator.atLeast(0));
    static final ConfigKey<Integer> RETRIES = ConfigKey.ofInt("retries", Integer.MAX_VALUE,
            "How often a call is retried after a retriable error, within default.api.timeout.ms")
            .validatedBy(ConfigValidator.atLeast(0));

    /** kafka-clients' admin defaults: a 128 KiB send buffer, a 64 KiB receive buffer. */
    static final SocketBufferConfigs SOCKET_BUFFERS = SocketBufferConfigs.withDefaults(131_072, 65_536);

    /** Every key the Admin takes; public for {@link io.petrel.admin.AdminConfig#configNames()}. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .include(CommonClientConfigs.SPEC)
            .define(DEFAULT_API_TIMEOUT_MS)
            .define(RETRIES)
            .include(SOCKET_BUFFERS.spec())
            .build();

    /**
     * Parses and checks raw settings; a missing client.id becomes adminclient-N, as kafka-clients names it.
     *
     * @throws io.petrel.client.ConfigException for an unknown key or a bad value
     */
    static AdminSettings from(Map<String, ?> raw) {
        Map<String, Object> map = new LinkedHashMap<>(raw);
        Object id = map.get(CommonClientConfigs.CLIENT_ID.name());
        if (id == null || id.toString().isBlank()) {
            map.put(CommonClientConfigs.CLIENT_ID.name(), "adminclient-" + ADMIN_NUMBER.incrementAndGet());
        }
        ConfigValues values = SPEC.parse(map);
        return new AdminSettings(ClientNetworkConfig.from(values).withSocketBuffers(SOCKET_BUFFERS.socketBuffers(values)),
                Duration.ofMillis(values.get(DEFAULT_API_TIMEOUT_MS)), values.get(RETRIES),
                Duration.ofMillis(values.get(CommonClientConfigs.RETRY_BACKOFF_MS)),
                Duration.ofMillis(Math.max(values.get(CommonClientConfigs.RETRY_BACKOFF_MS),
                        values.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS))));
    }
}
