package io.petrel.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<Integer, Layout> layouts = new ConcurrentHashMap<>();

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
        int key = (version << 1) | (flexible.contains(version) ? 1 : 0);
        return layouts.computeIfAbsent(key, k -> buildLayout(version, flexible.contains(version)));
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
        return new Layout(flexible, List.copyOf(regular), Collections.unmodifiableMap(tagged), List.copyOf(absent));
    }

    /**
     * The fields of one version: {@code regular} in wire order, {@code tagged} by tag (the order tagged
     * fields are written in), and {@code absent}, the fields this version does not carry.
     */
    public record Layout(boolean flexible, List<Field<?>> regular, Map<Integer, Field<?>> tagged,
                         List<Field<?>> absent) {
    }

    @Override
    public String toString() {
        return name;
    }
}
