package io.petrel.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Encodes one message by walking its schema's layout for the version; {@link #sizeOf} and
 * {@link #write} walk the same way, so a caller can size a buffer exactly and write once.
 *
 * <p>Sizing also validates: a null where the version does not allow one, or a value in a field the
 * version does not carry (and that may not be ignored), fails before a byte is written.
 */
final class MessageWriter {
    private static final int MAX_STRING_LENGTH = Short.MAX_VALUE;
    static final byte STRUCT_PRESENT = 1;
    static final byte STRUCT_ABSENT = -1;

    private final short version;
    private final Versions flexible;
    private final List<SplicedMessage.Splice> splices;
    /** Whether RECORDS held as ByteBuffers are left out too (as {@link BufferedRecords}), not only SplicedRecords. */
    private final boolean spliceBuffers;

    MessageWriter(short version, Versions flexible) {
        this(version, flexible, null, false);
    }

    /**
     * A writer that leaves {@link SplicedRecords} out of the buffer and notes where they go in {@code splices};
     * with {@code spliceBuffers}, records held as ByteBuffers too.
     */
    MessageWriter(short version, Versions flexible, List<SplicedMessage.Splice> splices, boolean spliceBuffers) {
        this.version = version;
        this.flexible = flexible;
        this.splices = splices;
        this.spliceBuffers = spliceBuffers;
    }

    int sizeOf(Message message) {
        StructSchema.Layout layout = message.schema().layout(version, flexible);
        if (layout.anyAbsentCheck()) {
            checkAbsentFields(message, layout);
        }
        int size = 0;
        for (Field<?> field : layout.regularArray()) {
            size += sizeOfValue(field, message.getRaw(field));
        }
        if (layout.flexible()) {
            size += sizeOfTaggedFields(message, layout.taggedArray());
        }
        return size;
    }

    void write(Message message, ByteBuffer buf) {
        StructSchema.Layout layout = message.schema().layout(version, flexible);
        for (Field<?> field : layout.regularArray()) {
            writeValue(field, message.getRaw(field), buf);
        }
        if (layout.flexible()) {
            writeTaggedFields(message, layout.taggedArray(), buf);
        }
    }

    private void checkAbsentFields(Message message, StructSchema.Layout layout) {
        for (Field<?> field : layout.absentArray()) { // only for the few layouts with a field that must be checked
            if (!field.isIgnorable() && !field.isDefault(message.getRaw(field))) {
                throw new ProtocolException("Field " + field + " is set to " + message.getRaw(field)
                        + ", but version " + version + " does not carry it (it exists in versions " + field.versions() + ")");
            }
        }
    }

    private int sizeOfTaggedFields(Message message, Field<?>[] tagged) {
        int count = 0;
        int size = 0;
        for (Field<?> field : tagged) {
            Object value = message.getRaw(field);
            if (!field.isDefault(value)) {
                int valueSize = sizeOfValue(field, value);
                size += Varint.sizeOfUnsignedInt(field.tag()) + Varint.sizeOfUnsignedInt(valueSize) + valueSize;
                count++;
            }
        }
        return Varint.sizeOfUnsignedInt(count) + size;
    }

    private void writeTaggedFields(Message message, Field<?>[] tagged, ByteBuffer buf) {
        int count = 0;
        for (Field<?> field : tagged) {
            if (!field.isDefault(message.getRaw(field))) {
                count++;
            }
        }
        Varint.writeUnsignedInt(buf, count);
        for (Field<?> field : tagged) {
            Object value = message.getRaw(field);
            if (!field.isDefault(value)) {
                Varint.writeUnsignedInt(buf, field.tag());
                Varint.writeUnsignedInt(buf, sizeOfValue(field, value));
                writeValue(field, value, buf);
            }
        }
    }

    private int sizeOfValue(Field<?> field, Object value) {
        boolean compact = field.isCompactIn(version, flexible);
        if (value == null) {
            checkNullable(field);
            return compact || field.type() == FieldType.STRUCT ? 1 : field.type() == FieldType.STRING ? 2 : 4;
        }
        return KIND_SIZERS[field.type().ordinal()].size(this, field, value, compact);
    }

    /** Sizes one non-null value of one kind of field. */
    @FunctionalInterface
    private interface KindSizer {
        int size(MessageWriter writer, Field<?> field, Object value, boolean compact);
    }

    /**
     * The sizer of each {@link FieldType}, by ordinal, for the reason {@link #KIND_WRITERS} has one: a switch here let
     * C2 inline every kind and nested struct into one unit per root (sizeOfValue 3-16 KB of code, compiled twice).
     */
    private static final KindSizer[] KIND_SIZERS = kindSizers();

    private static KindSizer[] kindSizers() {
        KindSizer primitive = (writer, field, value, compact) -> sizeOfPrimitive(field.type());
        KindSizer[] sizers = new KindSizer[FieldType.values().length];
        for (FieldType type : FieldType.values()) {
            sizers[type.ordinal()] = switch (type) {
                case STRING -> (writer, field, value, compact) -> sizeOfString(field, (String) value, compact);
                case BYTES -> (writer, field, value, compact) -> sizeOfBytes((byte[]) value, compact);
                case RECORDS -> (writer, field, value, compact) -> sizeOfRecords(value, compact);
                case STRUCT -> (writer, field, value, compact) -> writer.sizeOfStruct(field, (Message) value);
                case ARRAY -> (writer, field, value, compact) -> writer.sizeOfArray(field, (List<?>) value, compact);
                default -> primitive;
            };
        }
        return sizers;
    }

    private static int sizeOfBytes(byte[] bytes, boolean compact) {
        return sizeOfLengthPrefix(bytes.length, compact) + bytes.length;
    }

    private static int sizeOfRecords(Object value, boolean compact) {
        int length = recordsLength(value);
        return sizeOfLengthPrefix(length, compact) + length;
    }

    private int sizeOfStruct(Field<?> field, Message value) {
        return presenceMarkerSize(field) + sizeOf(value);
    }

    private int sizeOfArray(Field<?> field, List<?> list, boolean compact) {
        int size = sizeOfLengthPrefix(list.size(), compact);
        for (int i = 0, n = list.size(); i < n; i++) {
            Object element = list.get(i);
            size += switch (field.elementType()) {
                case STRUCT -> sizeOf((Message) element);
                case STRING -> sizeOfString(field, (String) element, compact);
                default -> sizeOfPrimitive(field.elementType());
            };
        }
        return size;
    }

    private static int sizeOfString(Field<?> field, String value, boolean compact) {
        int length = utf8Length(value);
        if (!compact && length > MAX_STRING_LENGTH) {
            throw new ProtocolException("String " + field + " is " + length + " bytes in UTF-8, longer than the "
                    + MAX_STRING_LENGTH + " its int16 length allows");
        }
        return (compact ? Varint.sizeOfUnsignedInt(length + 1) : 2) + length;
    }

    private static int sizeOfLengthPrefix(int length, boolean compact) {
        return compact ? Varint.sizeOfUnsignedInt(length + 1) : 4;
    }

    private static int sizeOfPrimitive(FieldType type) {
        return switch (type) {
            case BOOL, INT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32 -> 4;
            case INT64, FLOAT64 -> 8;
            case UUID -> 16;
            default -> throw new IllegalStateException("Not a primitive type: " + type);
        };
    }

    private void writeValue(Field<?> field, Object value, ByteBuffer buf) {
        boolean compact = field.isCompactIn(version, flexible);
        if (value == null) {
            writeNull(field, compact, buf);
            return;
        }
        KIND_WRITERS[field.type().ordinal()].write(this, field, value, compact, buf);
    }

    /** Writes one non-null value of one kind of field. */
    @FunctionalInterface
    private interface KindWriter {
        void write(MessageWriter writer, Field<?> field, Object value, boolean compact, ByteBuffer buf);
    }

    /**
     * The writer of each {@link FieldType}, by ordinal: a call that sees six writer classes stays a virtual call, so
     * C2 compiles each kind's writer on its own instead of inlining every kind and nested struct into one unit per
     * root (writeValue 36-39 KB of code); the reader does the same, see {@code MessageReader}.
     */
    private static final KindWriter[] KIND_WRITERS = kindWriters();

    private static KindWriter[] kindWriters() {
        KindWriter primitive = (writer, field, value, compact, buf) -> writePrimitive(field.type(), value, buf);
        KindWriter[] writers = new KindWriter[FieldType.values().length];
        for (FieldType type : FieldType.values()) {
            writers[type.ordinal()] = switch (type) {
                case STRING -> (writer, field, value, compact, buf) -> writeString((String) value, compact, buf);
                case BYTES -> (writer, field, value, compact, buf) -> writeBytes((byte[]) value, compact, buf);
                case RECORDS -> (writer, field, value, compact, buf) -> writer.writeRecords(value, compact, buf);
                case STRUCT -> (writer, field, value, compact, buf) -> writer.writeStruct(field, (Message) value, buf);
                case ARRAY -> (writer, field, value, compact, buf) -> writer.writeArray(field, (List<?>) value, compact, buf);
                default -> primitive;
            };
        }
        return writers;
    }

    private static void writeBytes(byte[] bytes, boolean compact, ByteBuffer buf) {
        writeLength(bytes.length, compact, buf);
        buf.put(bytes);
    }

    private void writeStruct(Field<?> field, Message value, ByteBuffer buf) {
        if (presenceMarkerSize(field) > 0) {
            buf.put(STRUCT_PRESENT);
        }
        write(value, buf);
    }

    private void writeRecords(Object value, boolean compact, ByteBuffer buf) {
        writeLength(recordsLength(value), compact, buf);
        if (value instanceof SplicedRecords spliced) {
            if (splices == null) {
                throw new IllegalStateException("Spliced records can only be written with MessageSchema.writeSpliced");
            }
            splices.add(new SplicedMessage.Splice(buf.position(), spliced));
        } else if (spliceBuffers) {
            splices.add(new SplicedMessage.Splice(buf.position(), new BufferedRecords(((ByteBuffer) value).duplicate())));
        } else {
            buf.put(((ByteBuffer) value).duplicate());
        }
    }

    /** The bytes of all {@link SplicedRecords} in a message, nested structs included. */
    static int splicedBytes(Message message) {
        return splicedBytes(message, false);
    }

    /** The bytes a writer with these {@code spliceBuffers} leaves out of a message, nested structs included. */
    static int splicedBytes(Message message, boolean spliceBuffers) {
        int total = 0;
        for (Field<?> field : message.schema().fieldArray()) { // walked for every request sent
            Object value = message.getRaw(field);
            if (value instanceof SplicedRecords spliced) {
                total += spliced.sizeInBytes();
            } else if (spliceBuffers && field.type() == FieldType.RECORDS && value instanceof ByteBuffer records) {
                total += records.remaining();
            } else if (value instanceof Message nested) {
                total += splicedBytes(nested, spliceBuffers);
            } else if (value instanceof List<?> list && field.elementType() == FieldType.STRUCT) {
                for (int j = 0, m = list.size(); j < m; j++) {
                    total += splicedBytes((Message) list.get(j), spliceBuffers);
                }
            }
        }
        return total;
    }

    private static int recordsLength(Object value) {
        return value instanceof SplicedRecords spliced ? spliced.sizeInBytes() : ((ByteBuffer) value).remaining();
    }

    private void writeArray(Field<?> field, List<?> list, boolean compact, ByteBuffer buf) {
        writeLength(list.size(), compact, buf);
        for (int i = 0, n = list.size(); i < n; i++) {
            Object element = list.get(i);
            switch (field.elementType()) {
                case STRUCT -> write((Message) element, buf);
                case STRING -> writeString((String) element, compact, buf);
                default -> writePrimitive(field.elementType(), element, buf);
            }
        }
    }

    /** A nullable struct travels behind one byte saying whether it is there (Kafka's generated code does the same). */
    private int presenceMarkerSize(Field<?> field) {
        return field.nullableVersions().contains(version) ? 1 : 0;
    }

    private static void writeNull(Field<?> field, boolean compact, ByteBuffer buf) {
        if (field.type() == FieldType.STRUCT) {
            buf.put(STRUCT_ABSENT);
        } else if (compact) {
            buf.put((byte) 0);
        } else if (field.type() == FieldType.STRING) {
            buf.putShort((short) -1);
        } else {
            buf.putInt(-1);
        }
    }

    private static void writeString(String value, boolean compact, ByteBuffer buf) {
        int length = value.length();
        if (isAscii(value)) {
            // Client ids, topic names: all ASCII (one byte per char), so the chars are the bytes; no encoded copy.
            if (compact) {
                Varint.writeUnsignedInt(buf, length + 1);
            } else {
                buf.putShort((short) length);
            }
            for (int i = 0; i < length; i++) {
                buf.put((byte) value.charAt(i));
            }
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (compact) {
            Varint.writeUnsignedInt(buf, utf8.length + 1);
        } else {
            buf.putShort((short) utf8.length);
        }
        buf.put(utf8);
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void writeLength(int length, boolean compact, ByteBuffer buf) {
        if (compact) {
            Varint.writeUnsignedInt(buf, length + 1);
        } else {
            buf.putInt(length);
        }
    }

    private static void writePrimitive(FieldType type, Object value, ByteBuffer buf) {
        switch (type) {
            case BOOL -> buf.put((byte) (((Boolean) value) ? 1 : 0));
            case INT8 -> buf.put((Byte) value);
            case INT16 -> buf.putShort((Short) value);
            case UINT16 -> buf.putShort((short) (int) (Integer) value);
            case INT32 -> buf.putInt((Integer) value);
            case UINT32 -> buf.putInt((int) (long) (Long) value);
            case INT64 -> buf.putLong((Long) value);
            case FLOAT64 -> buf.putDouble((Double) value);
            case UUID -> {
                UUID uuid = (UUID) value;
                buf.putLong(uuid.getMostSignificantBits());
                buf.putLong(uuid.getLeastSignificantBits());
            }
            default -> throw new IllegalStateException("Not a primitive type: " + type);
        }
    }

    private void checkNullable(Field<?> field) {
        if (!field.nullableVersions().contains(version)) {
            throw new ProtocolException("Field " + field + " is null, but it is not nullable in version " + version
                    + " (nullable in versions " + field.nullableVersions() + ")");
        }
    }

    /** The UTF-8 length without encoding, so sizing a message allocates nothing. */
    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1; // an unpaired surrogate is encoded as '?', as String.getBytes does
            } else {
                length += 3;
            }
        }
        return length;
    }
}
