package io.petrel.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a message with random values for one version: only the fields that version carries, nulls only
 * where the version allows them, and tagged fields left at their default about half the time so both
 * the present and the omitted encodings are exercised.
 *
 * <p>Shared through this module's test jar: broker-stub's fuzzer builds its valid requests with it.
 */
public final class RandomMessages {
    private static final String ALPHABET = "abcXYZ019._-é漢😀";
    private final Random random;
    private final Versions flexible;
    private final short version;

    RandomMessages(long seed, MessageSchema schema, short version) {
        this.random = new Random(seed);
        this.flexible = schema.flexibleVersions();
        this.version = version;
    }

    /** A message of {@code schema} at {@code version} with random values drawn from {@code seed}. */
    public static Message of(MessageSchema schema, short version, long seed) {
        return new RandomMessages(seed, schema, version).fill(schema.newMessage(), 0);
    }

    private Message fill(Message message, int depth) {
        StructSchema.Layout layout = message.schema().layout(version, flexible);
        for (Field<?> field : layout.regular()) {
            message.setRaw(field, value(field, depth));
        }
        for (Field<?> field : layout.tagged()) {
            if (random.nextBoolean()) {
                message.setRaw(field, value(field, depth));
            }
        }
        return message;
    }

    private Object value(Field<?> field, int depth) {
        if (field.nullableVersions().contains(version) && random.nextInt(5) == 0) {
            return null;
        }
        return switch (field.type()) {
            case STRUCT -> fill(Message.of(field.structSchema()), depth + 1);
            case ARRAY -> array(field, depth);
            case RECORDS -> records();
            default -> primitive(field.type());
        };
    }

    private List<Object> array(Field<?> field, int depth) {
        int size = depth > 3 ? 0 : random.nextInt(4);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(field.elementType() == FieldType.STRUCT
                    ? fill(Message.of(field.structSchema()), depth + 1)
                    : primitive(field.elementType()));
        }
        return list;
    }

    private ByteBuffer records() {
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private Object primitive(FieldType type) {
        return switch (type) {
            case BOOL -> random.nextBoolean();
            case INT8 -> (byte) random.nextInt();
            case INT16 -> (short) random.nextInt();
            case UINT16 -> random.nextInt(65536);
            case INT32 -> pick(random.nextInt(), -1, 0, Integer.MAX_VALUE);
            case UINT32 -> random.nextLong() & 0xffffffffL;
            case INT64 -> pick(random.nextLong(), -1L, 0L, Long.MAX_VALUE);
            case FLOAT64 -> random.nextDouble() * 1e6 - 5e5;
            case UUID -> new UUID(random.nextLong(), random.nextLong());
            case STRING -> string();
            case BYTES -> {
                byte[] bytes = new byte[random.nextInt(20)];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> throw new IllegalStateException("Not a primitive: " + type);
        };
    }

    @SafeVarargs
    private <T> T pick(T usual, T... edges) {
        return random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : usual;
    }

    private String string() {
        int length = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        int[] codePoints = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return sb.toString();
    }
}
