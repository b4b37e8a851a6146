package io.petrel.protocol;

import io.petrel.protocol.schemas.FetchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * String fields decode to the characters their UTF-8 bytes spell, whether every byte is ASCII (the common case, read
 * without a charset decoder) or not, and bytes that are not UTF-8 are refused naming the field, as before.
 */
class StringDecodingTest {
    private static final short VERSION = 17;

    @ParameterizedTest
    @ValueSource(strings = {"", "rack-1", "a b~\u007f", "r\u00e9gion", "\u65e5\u672c-1", "\ud83d\udc1f", "ascii then \u00e9"})
    void aStringFieldDecodesToTheCharactersItWasWrittenWith(String rack) {
        Message decoded = FetchRequest.SCHEMA.read(FetchRequest.SCHEMA.serialize(request(rack), VERSION), VERSION);
        assertEquals(rack, decoded.get(FetchRequest.RACK_ID));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheField() {
        ByteBuffer bytes = FetchRequest.SCHEMA.serialize(request("zzzz"), VERSION);
        int at = indexOf(bytes, "zzzz".getBytes(StandardCharsets.US_ASCII));
        bytes.put(at, (byte) 0xC3).put(at + 1, (byte) 0x28); // a two-byte sequence cut short
        ProtocolException e = assertThrows(ProtocolException.class, () -> FetchRequest.SCHEMA.read(bytes, VERSION));
        assertTrue(e.getMessage().contains("UTF-8") && e.getMessage().contains("RackId"), e.getMessage());
    }

    @Test
    void aStringLongerThanTheBytesLeftIsRefusedNamingTheField() {
        ByteBuffer bytes = FetchRequest.SCHEMA.serialize(request("zzzz"), VERSION);
        int at = indexOf(bytes, "zzzz".getBytes(StandardCharsets.US_ASCII));
        bytes.put(at - 1, (byte) 100); // compact length: 99 bytes, far more than remain
        ProtocolException e = assertThrows(ProtocolException.class, () -> FetchRequest.SCHEMA.read(bytes, VERSION));
        assertTrue(e.getMessage().contains("length of string") && e.getMessage().contains("RackId")
                && e.getMessage().contains("99"), e.getMessage());
    }

    private static Message request(String rack) {
        return FetchRequest.SCHEMA.newMessage()
                .set(FetchRequest.TOPICS, new ArrayList<>())
                .set(FetchRequest.FORGOTTEN_TOPICS_DATA, new ArrayList<>())
                .set(FetchRequest.RACK_ID, rack);
    }

    private static int indexOf(ByteBuffer haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.limit(); i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = haystack.get(i + j) == needle[j];
            }
            if (match) {
                return i;
            }
        }
        throw new AssertionError("the serialized request does not hold the rack id");
    }
}
