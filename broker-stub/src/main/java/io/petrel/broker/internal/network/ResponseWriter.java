package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.petrel.broker.internal.log.LogSlice;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.SplicedMessage;
import io.petrel.protocol.schemas.ResponseHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one response to a channel: the size prefix and header, then the body with any spliced record
 * batches between the encoded pieces, as {@link SlicePayloads} decides (read into buffers for small record sets
 * and on TLS connections, else sent from their segment files), all in one flush.
 */
final class ResponseWriter {
    private ResponseWriter() {
    }

    /** {@code tls}: whether the connection's listener speaks TLS, i.e. an SslHandler is in its pipeline. */
    static void write(Channel channel, boolean tls, ApiKey api, short version, int correlationId, Message body) {
        short headerVersion = ResponseFrame.headerVersion(api, version);
        Message header = ResponseHeader.SCHEMA.newMessage().set(ResponseHeader.CORRELATION_ID, correlationId);
        ByteBuffer headerBytes = ResponseHeader.SCHEMA.serialize(header, headerVersion);
        SplicedMessage encoded = api.responseSchema().writeSpliced(body, version);

        ByteBuffer bytes = encoded.bytes();
        List<LogSlice> slices = new ArrayList<>(encoded.splices().size());
        for (SplicedMessage.Splice splice : encoded.splices()) {
            slices.add((LogSlice) splice.records());
        }
        // Built before anything is written: a failed read then leaves nothing of this response in the channel.
        List<Object> payloads = SlicePayloads.of(slices, tls, channel.alloc());
        ByteBuf head = Unpooled.buffer(4 + headerBytes.remaining());
        head.writeInt(headerBytes.remaining() + encoded.totalBytes());
        head.writeBytes(headerBytes);
        channel.write(head);
        int at = 0;
        for (int i = 0; i < slices.size(); i++) {
            int offset = encoded.splices().get(i).offset();
            channel.write(Unpooled.wrappedBuffer(bytes.array(), bytes.arrayOffset() + at, offset - at));
            channel.write(payloads.get(i));
            at = offset;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes.array(), bytes.arrayOffset() + at, bytes.limit() - at));
    }

    /**
     * The answer to a request whose API key or version has no schema here: just the correlation id and an
     * error code. A Kafka client never sends one; a raw client at least learns what went wrong.
     */
    static void writeBareError(Channel channel, int correlationId, short errorCode) {
        ByteBuf buf = Unpooled.buffer(10);
        buf.writeInt(6).writeInt(correlationId).writeShort(errorCode);
        channel.writeAndFlush(buf);
    }
}
