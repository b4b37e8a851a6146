package io.petrel.client.internal.network;

import io.netty.buffer.ByteBuf;

/**
 * Recognises the header of a TLS record where a Kafka response size was expected: content type 20-23
 * (change_cipher_spec, alert, handshake, application_data), then version major 3, minor 0-4. A plaintext
 * client on a TLS listener gets exactly that (typically an alert, {@code 15 03 03 00 02}) and would
 * otherwise read it as a response of some 350 MB. The first response on a connection is always a small
 * ApiVersions answer, whose size prefix cannot look like this.
 */
final class TlsRecordHeader {
    private static final int CHANGE_CIPHER_SPEC = 0x14;
    private static final int APPLICATION_DATA = 0x17;
    private static final int MAX_MINOR_VERSION = 4;

    private TlsRecordHeader() {
    }

    /** Whether the three bytes at {@code index} (which must be readable) start a TLS record. */
    static boolean startsAt(ByteBuf in, int index) {
        int type = in.getUnsignedByte(index);
        return type >= CHANGE_CIPHER_SPEC && type <= APPLICATION_DATA
                && in.getUnsignedByte(index + 1) == 3 && in.getUnsignedByte(index + 2) <= MAX_MINOR_VERSION;
    }

    /** Thrown by the frame decoder when the first bytes from a broker are a TLS record. */
    static final class TlsAnswerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TlsAnswerException() {
            super("the broker answered with a TLS record where a Kafka response was expected");
        }
    }
}
