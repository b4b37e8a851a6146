package io.petrel.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Decodes one message from a buffer by walking its schema's layout for the version.
 *
 * <p>Every length read from the wire is checked against the bytes that remain before anything is
 * allocated, so a frame that claims a two-billion-element array inside ten bytes is a
 * {@link ProtocolException}, not an {@code OutOfMemoryError}. Record batches are sliced, not copied.
 */
final class MessageReader {
    private final ByteBuffer buf;
    private final short version;
    private final Versions flexible;

    private MessageReader(ByteBuffer buf, short version, Versions flexible) {
        this.buf = buf;
        this.version = version;
        this.flexible = flexible;
    }

    static Message read(StructSchema schema, short version, Versions flexible, ByteBuffer buf) {
        MessageReader reader = new MessageReader(buf, version, flexible);
        try {
            return reader.readStruct(schema);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new ProtocolException("Message " + schema.name() + " v" + version + " is cut off: the buffer ended inside it", e);
        }
    }

    private Message readStruct(StructSchema schema) {
        StructSchema.Layout layout = schema.layout(version, flexible);
        Message message = Message.blank(schema);
        for (Field<?> field : layout.regularArray()) {
            message.setRaw(field, readValue(field));
        }
        setDefaults(message, layout.absentArray());
        if (layout.flexible()) {
            setDefaults(message, layout.taggedArray());
            readTaggedFields(message, layout);
        }
        return message;
    }

    /** Each field at its default, made per message: a message read may be changed afterwards (its lists and structs are its own). */
    private static void setDefaults(Message message, Field<?>[] fields) {
        for (Field<?> field : fields) {
            message.setRaw(field, field.newDefault());
        }
    }

    private void readTaggedFields(Message message, StructSchema.Layout layout) {
        int count = Varint.readUnsignedInt(buf);
        checkCount(count, "tagged field count of ", message.schema().name());
        int previousTag = -1;
        for (int i = 0; i < count; i++) {
            int tag = Varint.readUnsignedInt(buf);
            int size = Varint.readUnsignedInt(buf);
            if (tag <= previousTag) {
                throw new ProtocolException("Tagged field " + tag + " of " + message.schema().name()
                        + " is out of order: tags must ascend, previous was " + previousTag);
            }
            previousTag = tag;
            checkLength(size, "size of tagged field ", tag);
            Field<?> field = layout.taggedField(tag);
            if (field == null) {
                buf.position(buf.position() + size);
                continue;
            }
            int end = buf.position() + size;
            int limit = buf.limit();
            buf.limit(end);
            try {
                message.setRaw(field, readValue(field));
                if (buf.hasRemaining()) {
                    throw new ProtocolException("Tagged field " + field + " declares " + size + " bytes but its value used "
                            + (size - buf.remaining()));
                }
            } finally {
                buf.limit(limit);
            }
        }
    }

    private Object readValue(Field<?> field) {
        boolean compact = field.isCompactIn(version, flexible);
        boolean nullable = field.nullableVersions().contains(version);
        return KIND_READERS[field.type().ordinal()].read(this, field, compact, nullable);
    }

    /** Reads one value of one kind of field. */
    @FunctionalInterface
    private interface KindReader {
        Object read(MessageReader reader, Field<?> field, boolean compact, boolean nullable);
    }

    /**
     * The reader of each {@link FieldType}, by ordinal. A switch here let C2 inline struct -> array -> struct ->
     * every kind into one unit per compiled root (readValue 48-67 KB, readArray 83 KB of code), recompiled whole
     * whenever a message's shape not yet seen turned up. The call through this table sees six reader classes as
     * every message is read, so C2 keeps it a virtual call and compiles each kind's reader as a unit of its own.
     */
    private static final KindReader[] KIND_READERS = kindReaders();

    private static KindReader[] kindReaders() {
        KindReader primitive = (reader, field, compact, nullable) -> reader.readPrimitive(field.type());
        KindReader[] readers = new KindReader[FieldType.values().length];
        for (FieldType type : FieldType.values()) {
            readers[type.ordinal()] = switch (type) {
                case STRING -> MessageReader::readString;
                case BYTES -> MessageReader::readBytes;
                case RECORDS -> MessageReader::readRecords;
                case STRUCT -> MessageReader::readNullableStruct;
                case ARRAY -> MessageReader::readArray;
                default -> primitive;
            };
        }
        return readers;
    }

    private Message readNullableStruct(Field<?> field, boolean compact, boolean nullable) {
        return nullable && buf.get() < 0 ? null : readStruct(field.structSchema());
    }

    private Object readPrimitive(FieldType type) {
        return switch (type) {
            case BOOL -> buf.get() != 0;
            case INT8 -> buf.get();
            case INT16 -> buf.getShort();
            case UINT16 -> Short.toUnsignedInt(buf.getShort());
            case INT32 -> buf.getInt();
            case UINT32 -> Integer.toUnsignedLong(buf.getInt());
            case INT64 -> buf.getLong();
            case FLOAT64 -> buf.getDouble();
            case UUID -> new UUID(buf.getLong(), buf.getLong());
            default -> throw new IllegalStateException("Not a primitive type: " + type);
        };
    }

    private String readString(Field<?> field, boolean compact, boolean nullable) {
        int length = compact ? Varint.readUnsignedInt(buf) - 1 : buf.getShort();
        if (length < 0) {
            return nullOrFail(field, nullable, length);
        }
        checkLength(length, "length of string ", field);
        return decodeUtf8(field, length);
    }

    private String decodeUtf8(Field<?> field, int length) {
        ByteBuffer slice = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        if (slice.hasArray() && isAscii(slice.array(), slice.arrayOffset(), length)) {
            // Client ids, topic names, rack ids: ASCII is valid UTF-8 and decodes to the same characters, without a
            // CharsetDecoder and its buffers for every string of every message.
            return new String(slice.array(), slice.arrayOffset(), length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("String " + field + " is not valid UTF-8", e);
        }
    }

    private static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private byte[] readBytes(Field<?> field, boolean compact, boolean nullable) {
        int length = compact ? Varint.readUnsignedInt(buf) - 1 : buf.getInt();
        if (length < 0) {
            return nullOrFail(field, nullable, length);
        }
        checkLength(length, "length of bytes ", field);
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return bytes;
    }

    private ByteBuffer readRecords(Field<?> field, boolean compact, boolean nullable) {
        int length = compact ? Varint.readUnsignedInt(buf) - 1 : buf.getInt();
        if (length < 0) {
            return nullOrFail(field, nullable, length);
        }
        checkLength(length, "length of records ", field);
        ByteBuffer records = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        return records;
    }

    private List<Object> readArray(Field<?> field, boolean compact, boolean nullable) {
        int count = compact ? Varint.readUnsignedInt(buf) - 1 : buf.getInt();
        if (count < 0) {
            return nullOrFail(field, nullable, count);
        }
        checkCount(count, "element count of array ", field);
        List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(readElement(field, compact));
        }
        return list;
    }

    private Object readElement(Field<?> field, boolean compact) {
        return switch (field.elementType()) {
            case STRUCT -> readStruct(field.structSchema());
            case STRING -> {
                int length = compact ? Varint.readUnsignedInt(buf) - 1 : buf.getShort();
                if (length < 0) {
                    throw new ProtocolException("Array " + field + " holds a null string, which its elements may not be");
                }
                checkLength(length, "length of a string in array ", field);
                yield decodeUtf8(field, length);
            }
            default -> readPrimitive(field.elementType());
        };
    }

    private <T> T nullOrFail(Field<?> field, boolean nullable, int length) {
        if (length != -1) {
            throw new ProtocolException("Field " + field + " has length " + length + ": expected -1 (null) or a length >= 0");
        }
        if (!nullable) {
            throw new ProtocolException("Field " + field + " is null, but it is not nullable in version " + version);
        }
        return null;
    }

    /**
     * The message names {@code what} followed by {@code of} (a field, a schema name, a tag); both are joined only when
     * the check fails, since every string, bytes, records and array field of every message passes through here.
     */
    private void checkLength(int length, String what, Object of) {
        if (length < 0 || length > buf.remaining()) {
            throw new ProtocolException("The " + what + of + " is " + length + " bytes, but only " + buf.remaining()
                    + " remain");
        }
    }

    private void checkCount(int count, String what, Object of) {
        // Every element takes at least one byte on the wire, so a count past the bytes left is a lie.
        if (count < 0 || count > buf.remaining()) {
            throw new ProtocolException("The " + what + of + " is " + count + ", but only " + buf.remaining()
                    + " bytes remain");
        }
    }
}
