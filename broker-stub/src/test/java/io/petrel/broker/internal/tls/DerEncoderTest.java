package io.petrel.broker.internal.tls;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Encodings checked against X.690's examples and values any ASN.1 dump shows. */
class DerEncoderTest {
    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void objectIdentifiersPackTheFirstTwoArcsAndUseBase128() {
        assertEquals("06092a864886f70d01010b", hex(DerEncoder.objectIdentifier("1.2.840.113549.1.1.11")));
        assertEquals("0603551d11", hex(DerEncoder.objectIdentifier("2.5.29.17")));
        assertEquals("06082a8648ce3d040302", hex(DerEncoder.objectIdentifier("1.2.840.10045.4.3.2")));
    }

    @Test
    void integersAreMinimalTwosComplement() {
        assertEquals("020100", hex(DerEncoder.integer(0)));
        assertEquals("02020080", hex(DerEncoder.integer(128)), "a leading zero keeps 128 positive");
        assertEquals("0201ff", hex(DerEncoder.integer(-1)));
        assertEquals("020900ffffffffffffffff", hex(DerEncoder.integer(new BigInteger("ffffffffffffffff", 16))));
    }

    @Test
    void lengthsOver127UseTheLongForm() {
        assertEquals("047f", hex(DerEncoder.octetString(new byte[127])).substring(0, 4));
        assertEquals("048180", hex(DerEncoder.octetString(new byte[128])).substring(0, 6));
        assertEquals("04820100", hex(DerEncoder.octetString(new byte[256])).substring(0, 8));
    }

    @Test
    void timesAreUtcTimeUntil2049ThenGeneralizedTime() {
        assertEquals("170d3439313233313233353935395a", hex(DerEncoder.time(Instant.parse("2049-12-31T23:59:59Z"))));
        assertEquals("180f32303530303130313030303030305a", hex(DerEncoder.time(Instant.parse("2050-01-01T00:00:00Z"))));
    }

    @Test
    void smallValues() {
        assertEquals("0101ff", hex(DerEncoder.bool(true)));
        assertEquals("0500", hex(DerEncoder.nullValue()));
        assertEquals("03020780", hex(DerEncoder.bitString(new byte[] {(byte) 0x80}, 7)));
        assertEquals("3000", hex(DerEncoder.sequence()));
        assertEquals("a003020102", hex(DerEncoder.explicit(0, DerEncoder.integer(2))));
        assertEquals("82096c6f63616c686f7374", hex(DerEncoder.implicitPrimitive(2, DerEncoder.ia5Content("localhost"))));
    }

    @Test
    void badInputIsRefusedNamingIt() {
        IllegalArgumentException oid = assertThrows(IllegalArgumentException.class, () -> DerEncoder.objectIdentifier("7"));
        assertEquals("Object identifier '7' needs at least two arcs", oid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DerEncoder.ia5Content("héllo"));
        assertThrows(IllegalArgumentException.class, () -> DerEncoder.bitString(new byte[1], 8));
    }
}
