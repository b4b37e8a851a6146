package io.petrel.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The values of one struct: a request or response body, a header, or a struct nested in one.
 *
 * <p>Values are read and written through the schema's typed {@link Field} constants, e.g.
 * {@code produce.get(ProduceRequest.ACKS)}. A new message holds every field's default. A message is a
 * plain mutable holder, built by one thread and then handed on; it does no locking.
 */
public final class Message {
    private final StructSchema schema;
    private final Object[] values;

    private Message(StructSchema schema) {
        this.schema = schema;
        this.values = new Object[schema.fieldArray().length];
    }

    /** A message of the given struct with every field at its default. */
    public static Message of(StructSchema schema) {
        Message message = new Message(schema);
        for (Field<?> field : schema.fieldArray()) {
            message.values[field.index()] = field.newDefault();
        }
        return message;
    }

    /** A message with no values yet, for a decoder that fills in every slot itself. */
    static Message blank(StructSchema schema) {
        return new Message(schema);
    }

    public StructSchema schema() {
        return schema;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Field<T> field) {
        return (T) values[slot(field)];
    }

    /** Sets a field and returns this message, so a message can be filled in one expression. */
    public <T> Message set(Field<T> field, T value) {
        values[slot(field)] = value;
        return this;
    }

    /** Sets a RECORDS field to batches the transport splices in; see {@link MessageSchema#writeSpliced}. */
    public Message setSpliced(Field<ByteBuffer> field, SplicedRecords records) {
        values[slot(field)] = records;
        return this;
    }

    Object getRaw(Field<?> field) {
        return values[field.index()];
    }

    void setRaw(Field<?> field, Object value) {
        values[field.index()] = value;
    }

    private int slot(Field<?> field) {
        if (field.owner() != schema) {
            throw new IllegalArgumentException("Field " + field + " is not a field of struct " + schema.name());
        }
        return field.index();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Message other) || other.schema != schema) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!valuesEqual(values[i], other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = schema.name().hashCode();
        for (Object v : values) {
            h = 31 * h + valueHash(v);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(schema.name()).append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(schema.fields().get(i).name()).append('=').append(valueString(values[i]));
        }
        return sb.append(')').toString();
    }

    static boolean valuesEqual(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!valuesEqual(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static int valueHash(Object v) {
        if (v instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (v instanceof List<?> list) {
            int h = 1;
            for (Object e : list) {
                h = 31 * h + valueHash(e);
            }
            return h;
        }
        return Objects.hashCode(v);
    }

    private static String valueString(Object v) {
        if (v instanceof byte[] bytes) {
            return "bytes[" + bytes.length + "]";
        }
        if (v instanceof ByteBuffer buf) {
            return "records[" + buf.remaining() + "]";
        }
        return String.valueOf(v);
    }
}
