/**
 * The broker's socket side, on Netty. {@code BrokerServer} binds the port and gives each connection a
 * {@code RequestFrameDecoder} (checks a frame's size before allocating anything for it) and a
 * {@code ConnectionHandler}, which serves one request at a time in arrival order, as Kafka does, and bounds what
 * a client can queue. {@code ResponseWriter} writes each answer in one flush; {@code SlicePayloads} decides whether its
 * fetched batches are read into buffers (small record sets, so the response leaves in one write; TLS) or sent straight
 * from their segment files through a {@code SegmentFileRegion}. {@code BrokerServer#connectionStates} tells, per connection,
 * why it is not read and how many response bytes wait for its peer ({@code ConnectionState}, for tests). Bad bytes
 * close that connection only. Not API: may change without notice.
 */
package io.petrel.broker.internal.network;
