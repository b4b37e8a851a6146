package io.petrel.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An ordered list of fields: the body of a message, or a struct nested inside one.
 *
 * <p>The codec asks a struct for its {@link Layout} at a version: which fields travel in order and which
 * travel as tagged fields. Layouts are worked out once per version and cached, so reading and writing a
 * message does no per-field version arithmetic beyond a list walk.
 */
public final class StructSchema {
    private final String name;
    private final List<Field<?>> fields;
    /** Layouts by {@code version << 1 | flexible}; grown copy-on-write, read without locking. */
    private volatile Layout[] layouts = new Layout[0];

    private StructSchema(String name, List<Field<?>> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
        for (int i = 0; i < this.fields.size(); i++) {
            this.fields.get(i).bindTo(this, i);
        }
    }

    /** Declares a struct; each field is bound to its slot here and may not join another struct. */
    public static StructSchema of(String name, Field<?>... fields) {
        return new StructSchema(name, List.of(fields));
    }

    public String name() {
        return name;
    }

    public List<Field<?>> fields() {
        return fields;
    }

    /** The fields as they travel in {@code version}, for a message flexible in {@code flexible}. */
    public Layout layout(short version, Versions flexible) {
        // Asked for every struct of every message read or written: an array lookup, no lambda and no boxed key.
        if (version < 0) {
            return buildLayout(version, false); // no such version: every field absent; not worth a cache slot
        }
        int key = (version << 1) | (flexible.contains(version) ? 1 : 0);
        Layout[] cached = layouts;
        Layout layout = key < cached.length ? cached[key] : null;
        return layout != null ? layout : cacheLayout(key, version, flexible.contains(version));
    }

    private synchronized Layout cacheLayout(int key, short version, boolean flexible) {
        Layout[] cached = layouts;
        if (key < cached.length && cached[key] != null) {
            return cached[key];
        }
        Layout layout = buildLayout(version, flexible);
        Layout[] grown = Arrays.copyOf(cached, Math.max(cached.length, key + 1));
        grown[key] = layout;
        layouts = grown; // published whole through the volatile field; a Layout is immutable
        return layout;
    }

    private Layout buildLayout(short version, boolean flexible) {
        List<Field<?>> regular = new ArrayList<>();
        Map<Integer, Field<?>> tagged = new TreeMap<>();
        List<Field<?>> absent = new ArrayList<>();
        for (Field<?> field : fields) {
            if (!field.versions().contains(version)) {
                absent.add(field);
            } else if (flexible && field.taggedVersions().contains(version)) {
                tagged.put(field.tag(), field);
            } else {
                regular.add(field);
            }
        }
        return new Layout(flexible, regular, tagged, absent);
    }

    /**
     * The fields of one version: {@code regular} in wire order, {@code tagged} by tag (the order tagged
     * fields are written in), and {@code absent}, the fields this version does not carry. The codec walks the
     * same fields as arrays ({@link #regularFields()}, ...), which need no iterator per walk.
     */
    public static final class Layout {
        private final boolean flexible;
        private final List<Field<?>> regular;
        private final Map<Integer, Field<?>> tagged;
        private final List<Field<?>> absent;
        private final Field<?>[] regularFields;
        private final Field<?>[] taggedFields;
        private final Field<?>[] absentFields;
        private final boolean anyAbsentCheck;

        Layout(boolean flexible, List<Field<?>> regular, Map<Integer, Field<?>> tagged, List<Field<?>> absent) {
            this.flexible = flexible;
            this.regular = List.copyOf(regular);
            this.tagged = Collections.unmodifiableMap(new TreeMap<>(tagged));
            this.absent = List.copyOf(absent);
            this.regularFields = this.regular.toArray(new Field<?>[0]);
            this.taggedFields = this.tagged.values().toArray(new Field<?>[0]);
            this.absentFields = this.absent.toArray(new Field<?>[0]);
            this.anyAbsentCheck = this.absent.stream().anyMatch(field -> !field.isIgnorable());
        }

        public boolean flexible() {
            return flexible;
        }

        public List<Field<?>> regular() {
            return regular;
        }

        public Map<Integer, Field<?>> tagged() {
            return tagged;
        }

        public List<Field<?>> absent() {
            return absent;
        }

        /** {@link #regular()} as an array the codec walks by index; not to be changed. */
        Field<?>[] regularFields() {
            return regularFields;
        }

        /** {@link #tagged()}'s fields in ascending tag order, as an array; not to be changed. */
        Field<?>[] taggedFields() {
            return taggedFields;
        }

        /** {@link #absent()} as an array; not to be changed. */
        Field<?>[] absentFields() {
            return absentFields;
        }

        /** Whether any absent field is not ignorable, i.e. whether a writer must check absent fields at all. */
        boolean anyAbsentCheck() {
            return anyAbsentCheck;
        }

        /** The tagged field with {@code tag}, or null when this version has none. */
        Field<?> taggedField(int tag) {
            for (Field<?> field : taggedFields) {
                if (field.tag() == tag) {
                    return field;
                }
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Layout other && flexible == other.flexible && regular.equals(other.regular)
                    && tagged.equals(other.tagged) && absent.equals(other.absent);
        }

        @Override
        public int hashCode() {
            return Objects.hash(flexible, regular, tagged, absent);
        }

        @Override
        public String toString() {
            return "Layout[flexible=" + flexible + ", regular=" + regular + ", tagged=" + tagged + ", absent=" + absent + "]";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
