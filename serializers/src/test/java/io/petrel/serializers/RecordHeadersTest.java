package io.petrel.serializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordHeadersTest {

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    private static List<Header> list(Iterable<Header> headers) {
        List<Header> result = new ArrayList<>();
        headers.forEach(result::add);
        return result;
    }

    @Test
    void headerEqualityComparesBytes() {
        assertEquals(new Header("k", bytes(1, 2)), new Header("k", bytes(1, 2)));
        assertEquals(new Header("k", bytes(1, 2)).hashCode(), new Header("k", bytes(1, 2)).hashCode());
        assertEquals(new Header("k", null), new Header("k", null));
        assertNotEquals(new Header("k", bytes(1)), new Header("k", bytes(2)));
        assertNotEquals(new Header("k", bytes(1)), new Header("j", bytes(1)));
        assertNotEquals(new Header("k", bytes()), new Header("k", null));
    }

    @Test
    void headerKeyMustNotBeNullButValueMay() {
        assertThrows(NullPointerException.class, () -> new Header(null, bytes(1)));
        assertNull(new Header("k", null).value());
    }

    @Test
    void headerToStringShowsContent() {
        assertEquals("Header[key=k, value=[1, 2]]", new Header("k", bytes(1, 2)).toString());
    }

    @Test
    void addKeepsOrderAndAllowsRepeatedKeys() {
        RecordHeaders headers = new RecordHeaders()
                .add("a", bytes(1))
                .add("b", bytes(2))
                .add("a", bytes(3));

        assertEquals(List.of(new Header("a", bytes(1)), new Header("b", bytes(2)),
                new Header("a", bytes(3))), list(headers));
        assertEquals(3, headers.size());
    }

    @Test
    void lastHeaderReturnsTheMostRecentOrNull() {
        RecordHeaders headers = new RecordHeaders().add("a", bytes(1)).add("a", bytes(2));
        assertEquals(new Header("a", bytes(2)), headers.lastHeader("a"));
        assertNull(headers.lastHeader("missing"));
    }

    @Test
    void headersByKeyReturnsAllMatchesInOrder() {
        RecordHeaders headers = new RecordHeaders()
                .add("a", bytes(1)).add("b", bytes(2)).add("a", null);
        assertEquals(List.of(new Header("a", bytes(1)), new Header("a", null)),
                list(headers.headers("a")));
        assertFalse(headers.headers("missing").iterator().hasNext());
    }

    @Test
    void removeDropsEveryHeaderWithTheKey() {
        RecordHeaders headers = new RecordHeaders()
                .add("a", bytes(1)).add("b", bytes(2)).add("a", bytes(3));
        assertSame(headers, headers.remove("a"));
        assertEquals(List.of(new Header("b", bytes(2))), list(headers));
        headers.remove("missing");
        assertEquals(1, headers.size());
    }

    @Test
    void toArrayIsACopyInOrder() {
        RecordHeaders headers = new RecordHeaders().add("a", bytes(1)).add("b", bytes(2));
        Header[] array = headers.toArray();
        assertArrayEquals(new Header[] {new Header("a", bytes(1)), new Header("b", bytes(2))}, array);
        array[0] = null;
        assertEquals(new Header("a", bytes(1)), headers.toArray()[0]);
        assertEquals(0, new RecordHeaders().toArray().length);
    }

    @Test
    void constructorsCopyTheGivenHeaders() {
        Header[] initial = {new Header("a", bytes(1)), new Header("b", bytes(2))};
        RecordHeaders fromArray = new RecordHeaders(initial);
        RecordHeaders fromIterable = new RecordHeaders(List.of(initial));
        initial[0] = new Header("z", null);

        assertEquals(fromArray, fromIterable);
        assertEquals(new Header("a", bytes(1)), fromArray.toArray()[0]);
        assertThrows(NullPointerException.class, () -> new RecordHeaders(new Header[] {null}));
    }

    @Test
    void readOnlyHeadersRejectEveryMutation() {
        RecordHeaders headers = new RecordHeaders().add("a", bytes(1));
        headers.setReadOnly();

        assertTrue(headers.isReadOnly());
        assertThrows(IllegalStateException.class, () -> headers.add("b", bytes(2)));
        assertThrows(IllegalStateException.class, () -> headers.add(new Header("b", bytes(2))));
        assertThrows(IllegalStateException.class, () -> headers.remove("a"));
        Iterator<Header> iterator = headers.iterator();
        iterator.next();
        assertThrows(IllegalStateException.class, iterator::remove);

        assertEquals(List.of(new Header("a", bytes(1))), list(headers));
        assertEquals(new Header("a", bytes(1)), headers.lastHeader("a"));
    }

    @Test
    void emptyHeadersBehaveAsAnyOtherUntilTheFirstAdd() {
        RecordHeaders empty = new RecordHeaders();
        RecordHeaders other = new RecordHeaders();

        assertSame(empty, empty.remove("a"));
        assertNull(empty.lastHeader("a"));
        assertFalse(empty.headers("a").iterator().hasNext());
        assertThrows(IllegalStateException.class, () -> empty.iterator().remove());
        assertEquals(new RecordHeaders(new Header("a", bytes(1))).remove("a"), empty);
        assertEquals(new RecordHeaders(new Header("a", bytes(1))).remove("a").hashCode(), empty.hashCode());

        empty.add("a", bytes(1));
        assertEquals(List.of(new Header("a", bytes(1))), list(empty));
        assertEquals(0, other.size(), "adding to one set of empty headers left another empty");
        other.setReadOnly();
        assertThrows(IllegalStateException.class, () -> other.add("b", bytes(2)));
        assertThrows(IllegalStateException.class, () -> other.remove("b"));
    }

    @Test
    void writableIteratorCanRemove() {
        RecordHeaders headers = new RecordHeaders().add("a", bytes(1)).add("b", bytes(2));
        Iterator<Header> iterator = headers.iterator();
        iterator.next();
        iterator.remove();
        assertEquals(List.of(new Header("b", bytes(2))), list(headers));
    }

    @Test
    void equalityIgnoresReadOnlyFlag() {
        RecordHeaders a = new RecordHeaders().add("k", bytes(1));
        RecordHeaders b = new RecordHeaders().add("k", bytes(1));
        b.setReadOnly();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new RecordHeaders().add("k", bytes(2)));
    }

    @Test
    void nullKeyIsRejected() {
        assertThrows(NullPointerException.class, () -> new RecordHeaders().add(null, bytes(1)));
        assertThrows(NullPointerException.class, () -> new RecordHeaders().add((Header) null));
    }

    @Test
    void headerAwareSerializerCanAddHeaders() {
        Serializer<String> tagging = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, String data) {
                return new StringSerializer().serialize(topic, data);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, String data) {
                headers.add("content-type", "text/plain".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return serialize(topic, data);
            }
        };
        RecordHeaders headers = new RecordHeaders();
        tagging.serialize("t", headers, "x");
        assertEquals("text/plain",
                new String(headers.lastHeader("content-type").value(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
