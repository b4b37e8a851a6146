package io.petrel.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    /** {@link #fields} for the codec; see {@link Layout} for why an array. */
    private final Field<?>[] fieldArray;
    /** Layouts by {@code version << 1 | flexible}; grown copy-on-write, read without locking. */
    private volatile Layout[] layouts = new Layout[0];

    private StructSchema(String name, List<Field<?>> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
        for (int i = 0; i < this.fields.size(); i++) {
            this.fields.get(i).bindTo(this, i);
        }
        this.fieldArray = this.fields.toArray(new Field<?>[0]);
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

    /** {@link #fields()} as an array of one class whatever the count; callers never write to it. */
    Field<?>[] fieldArray() {
        return fieldArray;
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
     * The fields of one version: {@code regular} in wire order, {@code tagged} in ascending tag order (the order
     * tagged fields are written in), and {@code absent}, the fields this version does not carry. The lists are
     * immutable and random-access. The codec walks arrays of the same fields instead: {@code List.copyOf} gives two
     * classes (one for up to two elements, one for more), so a codec loop over lists sees both as it meets every
     * message's structs, and C2's loop predicates built on the first class's profile trap and recompile the whole
     * inlined codec when the other one comes (JFR {@code jdk.Deoptimization} reason {@code profile_predicate}).
     */
    public static final class Layout {
        private final boolean flexible;
        private final List<Field<?>> regular;
        private final List<Field<?>> tagged;
        private final List<Field<?>> absent;
        private final boolean anyAbsentCheck;
        private final Field<?>[] regularArray;
        private final Field<?>[] taggedArray;
        private final Field<?>[] absentArray;

        Layout(boolean flexible, List<Field<?>> regular, Map<Integer, Field<?>> tagged, List<Field<?>> absent) {
            this.flexible = flexible;
            this.regular = List.copyOf(regular);
            this.tagged = List.copyOf(new TreeMap<>(tagged).values());
            this.absent = List.copyOf(absent);
            this.anyAbsentCheck = this.absent.stream().anyMatch(field -> !field.isIgnorable());
            this.regularArray = this.regular.toArray(new Field<?>[0]);
            this.taggedArray = this.tagged.toArray(new Field<?>[0]);
            this.absentArray = this.absent.toArray(new Field<?>[0]);
        }

        public boolean flexible() {
            return flexible;
        }

        public List<Field<?>> regular() {
            return regular;
        }

        /** The tagged fields, in ascending tag order. */
        public List<Field<?>> tagged() {
            return tagged;
        }

        public List<Field<?>> absent() {
            return absent;
        }

        /** {@link #regular()} for the codec: one class whatever the count; the codec never writes to it. */
        Field<?>[] regularArray() {
            return regularArray;
        }

        /** {@link #tagged()} for the codec, as {@link #regularArray()}. */
        Field<?>[] taggedArray() {
            return taggedArray;
        }

        /** {@link #absent()} for the codec, as {@link #regularArray()}. */
        Field<?>[] absentArray() {
            return absentArray;
        }

        /** Whether any absent field is not ignorable, i.e. whether a writer must check absent fields at all. */
        boolean anyAbsentCheck() {
            return anyAbsentCheck;
        }

        /** The tagged field with {@code tag}, or null when this version has none. */
        Field<?> taggedField(int tag) {
            for (Field<?> field : taggedArray) {
                if (field.tag() == tag) {
                    return field;
                }
            }
            return null;
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
