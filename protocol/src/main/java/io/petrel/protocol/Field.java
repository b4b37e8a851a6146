package io.petrel.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One field of a message schema, declared once as data: its name, wire type, and the versions in which it
 * exists, may be null, or travels as a tagged field.
 *
 * <p>A field is also the typed key for reading and writing a {@link Message}: {@code message.get(ACKS)}
 * returns a {@code Short} because {@code ACKS} is a {@code Field<Short>}. Declarations are built with the
 * static factories and refined with the copy-returning modifiers ({@link #nullable}, {@link #tagged},
 * {@link #withDefault}, ...). The final value is then handed to {@link StructSchema#of}, which gives it its
 * slot; a field belongs to exactly one struct.
 *
 * @param <T> the Java type a message holds for this field (see {@link FieldType})
 */
public final class Field<T> {
    /** The UUID default: immutable, so every message shares it. */
    private static final java.util.UUID ZERO_UUID = new java.util.UUID(0L, 0L);
    /** The BYTES default: an empty array has nothing to change, so every message shares it. */
    private static final byte[] EMPTY_BYTES = new byte[0];
    private final String name;
    private final FieldType type;
    private final FieldType elementType;
    private final StructSchema struct;
    private final Versions versions;
    private final Versions nullableVersions;
    private final Versions taggedVersions;
    private final int tag;
    private final Versions flexibleOverride;
    private final boolean ignorable;
    private final T explicitDefault;
    private final boolean hasExplicitDefault;
    private StructSchema owner;
    private int index = -1;
    /** Lazily built {@link #newDefault()} of a struct field, for {@link #isDefault} alone. */
    private volatile Object comparisonDefault;

    private Field(String name, FieldType type, FieldType elementType, StructSchema struct, Versions versions,
                  Versions nullableVersions, Versions taggedVersions, int tag, Versions flexibleOverride,
                  boolean ignorable, T explicitDefault, boolean hasExplicitDefault) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.elementType = elementType;
        this.struct = struct;
        this.versions = versions;
        this.nullableVersions = nullableVersions;
        this.taggedVersions = taggedVersions;
        this.tag = tag;
        this.flexibleOverride = flexibleOverride;
        this.ignorable = ignorable;
        this.explicitDefault = explicitDefault;
        this.hasExplicitDefault = hasExplicitDefault;
    }

    private static <T> Field<T> plain(String name, FieldType type, String versions) {
        return new Field<>(name, type, null, null, Versions.parse(versions), Versions.NONE, Versions.NONE, -1,
                null, false, null, false);
    }

    public static Field<Boolean> bool(String name, String versions) {
        return plain(name, FieldType.BOOL, versions);
    }

    public static Field<Byte> int8(String name, String versions) {
        return plain(name, FieldType.INT8, versions);
    }

    public static Field<Short> int16(String name, String versions) {
        return plain(name, FieldType.INT16, versions);
    }

    public static Field<Integer> uint16(String name, String versions) {
        return plain(name, FieldType.UINT16, versions);
    }

    public static Field<Integer> int32(String name, String versions) {
        return plain(name, FieldType.INT32, versions);
    }

    public static Field<Long> uint32(String name, String versions) {
        return plain(name, FieldType.UINT32, versions);
    }

    public static Field<Long> int64(String name, String versions) {
        return plain(name, FieldType.INT64, versions);
    }

    public static Field<Double> float64(String name, String versions) {
        return plain(name, FieldType.FLOAT64, versions);
    }

    public static Field<java.util.UUID> uuid(String name, String versions) {
        return plain(name, FieldType.UUID, versions);
    }

    public static Field<String> string(String name, String versions) {
        return plain(name, FieldType.STRING, versions);
    }

    public static Field<byte[]> bytes(String name, String versions) {
        return plain(name, FieldType.BYTES, versions);
    }

    /** Record batches; nullable bytes on the wire, held as a slice of the frame so they are never copied. */
    public static Field<ByteBuffer> records(String name, String versions) {
        return plain(name, FieldType.RECORDS, versions);
    }

    public static Field<Message> struct(String name, String versions, StructSchema schema) {
        return new Field<>(name, FieldType.STRUCT, null, Objects.requireNonNull(schema), Versions.parse(versions),
                Versions.NONE, Versions.NONE, -1, null, false, null, false);
    }

    /** An array of a primitive type; the element type must not be STRUCT or ARRAY. */
    public static <E> Field<List<E>> array(String name, String versions, FieldType elementType) {
        if (elementType == FieldType.STRUCT || elementType == FieldType.ARRAY) {
            throw new IllegalArgumentException("Field " + name + ": use structArray for arrays of structs");
        }
        return new Field<>(name, FieldType.ARRAY, elementType, null, Versions.parse(versions),
                Versions.NONE, Versions.NONE, -1, null, false, null, false);
    }

    public static Field<List<Message>> structArray(String name, String versions, StructSchema element) {
        return new Field<>(name, FieldType.ARRAY, FieldType.STRUCT, Objects.requireNonNull(element),
                Versions.parse(versions), Versions.NONE, Versions.NONE, -1, null, false, null, false);
    }

    /** The versions in which the value may be null. */
    public Field<T> nullable(String nullableVersions) {
        return new Field<>(name, type, elementType, struct, versions, Versions.parse(nullableVersions),
                taggedVersions, tag, flexibleOverride, ignorable, explicitDefault, hasExplicitDefault);
    }

    /** The versions in which this field travels in the tagged-field section, under the given tag. */
    public Field<T> tagged(String taggedVersions, int tag) {
        return new Field<>(name, type, elementType, struct, versions, nullableVersions,
                Versions.parse(taggedVersions), tag, flexibleOverride, ignorable, explicitDefault, hasExplicitDefault);
    }

    /** The value a new message holds, and the value a version without this field stands for. */
    public Field<T> withDefault(T value) {
        return new Field<>(name, type, elementType, struct, versions, nullableVersions, taggedVersions, tag,
                flexibleOverride, ignorable, value, true);
    }

    /** A non-default value may be dropped silently when writing a version without this field. */
    public Field<T> ignorable() {
        return new Field<>(name, type, elementType, struct, versions, nullableVersions, taggedVersions, tag,
                flexibleOverride, true, explicitDefault, hasExplicitDefault);
    }

    /**
     * Overrides the message's flexible versions for this field's own framing; the request header's
     * client id, for one, keeps its int16 length even in flexible versions.
     */
    public Field<T> flexibleIn(String flexibleVersions) {
        return new Field<>(name, type, elementType, struct, versions, nullableVersions, taggedVersions, tag,
                Versions.parse(flexibleVersions), ignorable, explicitDefault, hasExplicitDefault);
    }

    void bindTo(StructSchema schema, int slot) {
        if (owner != null) {
            throw new IllegalStateException("Field " + name + " already belongs to struct " + owner.name());
        }
        owner = schema;
        index = slot;
    }

    int index() {
        return index;
    }

    StructSchema owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    /** For arrays, the element type; otherwise null. */
    public FieldType elementType() {
        return elementType;
    }

    /** For struct fields and arrays of structs, the struct's schema; otherwise null. */
    public StructSchema structSchema() {
        return struct;
    }

    public Versions versions() {
        return versions;
    }

    public Versions nullableVersions() {
        return nullableVersions;
    }

    public Versions taggedVersions() {
        return taggedVersions;
    }

    public int tag() {
        return tag;
    }

    public boolean isIgnorable() {
        return ignorable;
    }

    /** Whether this field is framed compactly in the given version of a message flexible in {@code flexible}. */
    public boolean isCompactIn(short version, Versions flexible) {
        return (flexibleOverride != null ? flexibleOverride : flexible).contains(version);
    }

    /** A fresh default value; mutable defaults (lists, structs) are new objects each time. */
    @SuppressWarnings("unchecked")
    public T newDefault() {
        if (hasExplicitDefault) {
            return explicitDefault;
        }
        return (T) switch (type) {
            case BOOL -> Boolean.FALSE;
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case UINT16, INT32 -> 0;
            case UINT32, INT64 -> 0L;
            case FLOAT64 -> 0.0d;
            case UUID -> ZERO_UUID;
            case STRING -> "";
            case BYTES -> EMPTY_BYTES;
            case RECORDS -> null;
            case STRUCT -> Message.of(struct);
            case ARRAY -> new ArrayList<>();
        };
    }

    /**
     * Whether {@code value} equals this field's default, so a tagged field may be left off the wire. Asked for every
     * tagged and absent field of every message written, so it builds no default to compare with: the common defaults
     * are checked by type, and a struct or explicit list default is compared with one copy kept for comparing only.
     */
    public boolean isDefault(Object value) {
        if (hasExplicitDefault) {
            return Message.valuesEqual(value, explicitDefault);
        }
        return switch (type) {
            case UUID -> ZERO_UUID.equals(value);
            case BYTES -> value instanceof byte[] bytes && bytes.length == 0;
            case RECORDS -> value == null;
            case ARRAY -> value instanceof List<?> list && list.isEmpty();
            case STRUCT -> Message.valuesEqual(value, comparisonDefault());
            default -> Message.valuesEqual(value, newDefault());
        };
    }

    /** The struct default to compare with; never handed out, so one copy serves every comparison. */
    private Object comparisonDefault() {
        Object cached = comparisonDefault;
        if (cached == null) {
            cached = newDefault();
            comparisonDefault = cached;
        }
        return cached;
    }

    @Override
    public String toString() {
        return (owner == null ? "" : owner.name() + ".") + name;
    }
}
