package io.petrel.client.internal.network;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.petrel.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The frame decoder recognises a TLS record where the first response's size was expected. */
class TlsRecordDetectionTest {
    private static final int MAX = 100 * 1024 * 1024;

    private static Throwable decodeFailure(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes)));
        return e.getCause();
    }

    @Test
    void aTlsAlertIsRecognised() {
        // What a JDK TLS server sends a plaintext client: alert record, TLS 1.2 framing, 2 bytes (fatal, unexpected_message).
        assertInstanceOf(TlsRecordHeader.TlsAnswerException.class, decodeFailure(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a));
    }

    @Test
    void aTlsHandshakeRecordIsRecognised() {
        assertInstanceOf(TlsRecordHeader.TlsAnswerException.class, decodeFailure(0x16, 0x03, 0x01, 0x02, 0x00));
    }

    @Test
    void otherAbsurdSizesAreStillProtocolErrors() {
        assertInstanceOf(ProtocolException.class, decodeFailure(0x7f, 0x03, 0x03, 0x00));
        assertInstanceOf(ProtocolException.class, decodeFailure(0x15, 0x04, 0x03, 0x00));
    }

    @Test
    void onlyTheFirstFrameIsChecked() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{0, 0, 0, 4, 0, 0, 0, 7}));
        ByteBuffer first = channel.readInbound();
        assertEquals(7, first.getInt());
        // A later frame whose prefix happens to look like TLS is judged by its size alone.
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x15, 0x03, 0x03, 0x00})));
        assertInstanceOf(ProtocolException.class, e.getCause());
    }
}
