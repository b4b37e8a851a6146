package io.petrel.protocol;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-clients' generated message classes, reached by name: parse bytes with them, write with them, and
 * compare their values field by field with a Petrel {@link Message} through their getters.
 */
final class KafkaMessageOracle {
    private KafkaMessageOracle() {
    }

    static org.apache.kafka.common.protocol.Message parse(MessageSchema schema, ByteBuffer bytes, short version) {
        try {
            Class<?> type = kafkaClass(schema);
            return (org.apache.kafka.common.protocol.Message) type.getConstructor(Readable.class, short.class)
                    .newInstance(new ByteBufferAccessor(bytes), version);
        } catch (InvocationTargetException e) {
            throw new AssertionError("kafka-clients could not parse " + schema.name() + " v" + version, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static ByteBuffer write(org.apache.kafka.common.protocol.Message message, short version) {
        return MessageUtil.toByteBufferAccessor(message, version).buffer();
    }

    static Class<?> kafkaClass(MessageSchema schema) throws ClassNotFoundException {
        String base = "org.apache.kafka.common.message." + schema.name();
        try {
            return Class.forName(base + "Data");
        } catch (ClassNotFoundException e) {
            return Class.forName(base);
        }
    }

    static short kafkaApiKey(MessageSchema schema) throws ReflectiveOperationException {
        return ((ApiMessage) kafkaClass(schema).getConstructor().newInstance()).apiKey();
    }

    /** Asserts that every field Petrel holds equals the value kafka-clients' getter returns. */
    static void assertSameValues(Message ours, Object theirs, String path) {
        for (Field<?> field : ours.schema().fields()) {
            Object expected = ours.getRaw(field);
            Object actual = getter(theirs, field, path);
            assertSameValue(field, expected, actual, path + "." + field.name());
        }
    }

    private static void assertSameValue(Field<?> field, Object ours, Object theirs, String path) {
        if (ours == null) {
            assertNull(theirs, path);
            return;
        }
        switch (field.type()) {
            case STRUCT -> assertSameValues((Message) ours, theirs, path);
            case ARRAY -> assertSameElements(field, (List<?>) ours, (Iterable<?>) theirs, path);
            case RECORDS -> assertEquals(ours, ((MemoryRecords) theirs).buffer(), path);
            default -> assertSamePrimitive(ours, theirs, path);
        }
    }

    private static void assertSameElements(Field<?> field, List<?> ours, Iterable<?> theirs, String path) {
        List<Object> theirList = new ArrayList<>();
        theirs.forEach(theirList::add);
        assertEquals(ours.size(), theirList.size(), path + " size");
        for (int i = 0; i < ours.size(); i++) {
            if (field.elementType() == FieldType.STRUCT) {
                assertSameValues((Message) ours.get(i), theirList.get(i), path + "[" + i + "]");
            } else {
                assertSamePrimitive(ours.get(i), theirList.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void assertSamePrimitive(Object ours, Object theirs, String path) {
        if (theirs instanceof Uuid uuid) {
            assertEquals(ours, new UUID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()), path);
        } else if (ours instanceof byte[] bytes && theirs instanceof ByteBuffer zeroCopy) {
            assertEquals(ByteBuffer.wrap(bytes), zeroCopy, path);
        } else if (ours instanceof byte[] bytes) {
            assertTrue(Arrays.equals(bytes, (byte[]) theirs), path);
        } else {
            assertEquals(ours, theirs, path);
        }
    }

    private static Object getter(Object target, Field<?> field, String path) {
        String name = Character.toLowerCase(field.name().charAt(0)) + field.name().substring(1);
        try {
            return target.getClass().getMethod(name).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("kafka-clients has no getter " + name + " at " + path, e);
        }
    }
}
