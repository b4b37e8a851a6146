package io.petrel.broker.internal.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ASN.1 DER encoding of the few value types an X.509 certificate needs (ITU-T X.690). Each method returns
 * one complete tag-length-value; constructed values take their already-encoded children, so a certificate
 * is written inside out, the way DER wants it (a length precedes its content).
 */
public final class DerEncoder {
    private static final int BOOLEAN = 0x01;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int NULL = 0x05;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int IA5_STRING = 0x16;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int CONTEXT_PRIMITIVE = 0x80;
    private static final int CONTEXT_CONSTRUCTED = 0xA0;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private DerEncoder() {
    }

    public static byte[] sequence(byte[]... children) {
        return tlv(SEQUENCE, concat(children));
    }

    public static byte[] set(byte[]... children) {
        return tlv(SET, concat(children));
    }

    public static byte[] integer(BigInteger value) {
        // BigInteger's two's-complement bytes are already minimal, as DER requires.
        return tlv(INTEGER, value.toByteArray());
    }

    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    public static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0x00)});
    }

    public static byte[] nullValue() {
        return tlv(NULL, new byte[0]);
    }

    public static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    public static byte[] ia5String(String ascii) {
        return tlv(IA5_STRING, ia5Content(ascii));
    }

    /** The content octets of an IA5String, for use under an implicit tag. */
    public static byte[] ia5Content(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (ascii.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("'" + ascii + "' is not ASCII, as an IA5String must be");
            }
        }
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** A bit string whose last {@code unusedBits} bits (0..7) are padding. */
    public static byte[] bitString(byte[] bits, int unusedBits) {
        if (unusedBits < 0 || unusedBits > 7) {
            throw new IllegalArgumentException("Unused bits " + unusedBits + " is not in 0..7");
        }
        byte[] content = new byte[bits.length + 1];
        content[0] = (byte) unusedBits;
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(BIT_STRING, content);
    }

    /** A dotted object identifier such as {@code 2.5.29.17}. */
    public static byte[] objectIdentifier(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("Object identifier '" + dotted + "' needs at least two arcs");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OBJECT_IDENTIFIER, out.toByteArray());
    }

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in whole seconds UTC. */
    public static byte[] time(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 2050 && utc.getYear() >= 1950) {
            return tlv(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code [tag] EXPLICIT}: the encoded value wrapped in a constructed context-specific tag. */
    public static byte[] explicit(int tag, byte[] encoded) {
        return tlv(CONTEXT_CONSTRUCTED | tag, encoded);
    }

    /** {@code [tag] IMPLICIT} of a primitive type: the content under a context-specific tag. */
    public static byte[] implicitPrimitive(int tag, byte[] content) {
        return tlv(CONTEXT_PRIMITIVE | tag, content);
    }

    /** One tag-length-value with a low tag number (below 31, all X.509 needs). */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        writeLength(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int sevenBits = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i > 0 ? sevenBits | 0x80 : sevenBits);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
