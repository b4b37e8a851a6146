/**
 * {@code io.petrel.client.internal.ClientNetwork} on Netty. {@code NettyClientNetwork} runs one small event loop
 * group per client and one {@code BrokerConnection} per node, confined to its event loop: it connects on demand,
 * runs the {@code ApiVersionsHandshake} (giving {@code NegotiatedVersions}), sends each {@code PendingRequest} in
 * call order (a Produce's batches spliced in without copying, {@code SplicedFrameBuffer}) and matches responses by
 * correlation id. {@code FrameDecoder} cuts the broker's byte stream into frames and {@code ConnectionHandler}
 * hands them to the connection; {@code ConnectionStatus} reports where a connection stands. A request whose
 * connection never opened fails with {@code ConnectFailedException}, safe to send elsewhere. Not API: may change
 * without notice.
 */
package io.petrel.client.internal.network;
