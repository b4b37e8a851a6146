package io.petrel.broker.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.petrel.broker.internal.log.LogSlice;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.SplicedMessage;
import io.petrel.protocol.schemas.ResponseHeader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Writes one response to a channel: the size prefix and header, then the body with any spliced record
 * batches sent from their segment files between the encoded pieces (read into a buffer on TLS connections).
 */
final class ResponseWriter {
    private ResponseWriter() {
    }

    static void write(Channel channel, ApiKey api, short version, int correlationId, Message body) {
        short headerVersion = ResponseFrame.headerVersion(api, version);
        Message header = ResponseHeader.SCHEMA.newMessage().set(ResponseHeader.CORRELATION_ID, correlationId);
        ByteBuffer headerBytes = ResponseHeader.SCHEMA.serialize(header, headerVersion);
        SplicedMessage encoded = api.responseSchema().writeSpliced(body, version);

        ByteBuf head = Unpooled.buffer(4 + headerBytes.remaining());
        head.writeInt(headerBytes.remaining() + encoded.totalBytes());
        head.writeBytes(headerBytes);
        channel.write(head);

        ByteBuffer bytes = encoded.bytes();
        boolean tls = channel.pipeline().get(SslHandler.class) != null;
        int at = 0;
        for (SplicedMessage.Splice splice : encoded.splices()) {
            channel.write(Unpooled.wrappedBuffer(bytes.array(), bytes.arrayOffset() + at, splice.offset() - at));
            LogSlice slice = (LogSlice) splice.records();
            channel.write(tls ? read(channel, slice) : new SegmentFileRegion(slice));
            at = splice.offset();
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes.array(), bytes.arrayOffset() + at, bytes.limit() - at));
    }

    /**
     * The slice's bytes in a buffer: TLS must encrypt them, so they cannot go from file to socket untouched
     * (Kafka's broker does the same on its SSL listeners).
     */
    private static ByteBuf read(Channel channel, LogSlice slice) {
        ByteBuf buf = channel.alloc().ioBuffer(slice.sizeInBytes());
        try {
            long position = slice.position();
            while (buf.writableBytes() > 0 && buf.writerIndex() < slice.sizeInBytes()) {
                int read = buf.writeBytes(slice.channel(), position, slice.sizeInBytes() - buf.writerIndex());
                if (read < 0) {
                    throw new IOException("Segment ended " + (slice.sizeInBytes() - buf.writerIndex())
                            + " bytes before the fetched slice did");
                }
                position += read;
            }
            return buf;
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException("Could not read fetched records for a TLS connection", e);
        }
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
