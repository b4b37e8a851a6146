package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;
import io.petrel.client.Password;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The types a client setting can have, and how a raw value (a String, as in a properties file, or an
 * already-typed Java value, as Kafka accepts) becomes one. Each type knows how to describe what it
 * accepts, so a bad value gets a message naming the key, the value and the expected form.
 */
public enum ConfigType {
    /** A 32-bit integer: an Integer (or smaller integral number) or its decimal text. */
    INT("a 32-bit integer"),
    /** A 64-bit integer: a Long, Integer or smaller integral number, or its decimal text. */
    LONG("a 64-bit integer"),
    /** A 16-bit integer: a Short or Byte, an in-range Integer/Long, or its decimal text. */
    SHORT("a 16-bit integer"),
    /** A double: any Number or its text. */
    DOUBLE("a number"),
    /** A Boolean or the text true/false (any case). */
    BOOLEAN("true or false"),
    /** Any String; surrounding whitespace is trimmed. */
    STRING("a string"),
    /**
     * A secret: a String (trimmed) or a {@link Password}, held as a Password so that it prints as
     * {@value Password#HIDDEN} in every dump, log line and error message.
     */
    PASSWORD("a string or Password"),
    /** A List of Strings, or comma-separated text; entries are trimmed and empty ones dropped. */
    LIST("a comma-separated list"),
    /**
     * A class: a Class object or a class name, loaded with the thread's context class loader; keys that
     * allow it (see {@link ConfigKey#instancesOf}) also take an instance.
     */
    CLASS("a class name or Class"),
    /**
     * Classes in order (interceptors, metric reporters): comma-separated class names, or a List of names,
     * Class objects and, for keys that allow it, instances; as kafka-clients takes {@code interceptor.classes}.
     */
    CLASS_LIST("a comma-separated list of class names, or a List of classes");

    private final String accepted;

    ConfigType(String accepted) {
        this.accepted = accepted;
    }

    /** What this type accepts, for error messages and documentation. */
    public String accepted() {
        return accepted;
    }

    /**
     * Converts a raw, non-null value of the named key to this type.
     *
     * @throws ConfigException naming the key and value if the value cannot be converted
     */
    public Object parse(String key, Object raw) {
        Object parsed = switch (this) {
            case INT -> toLong(raw, Integer.MIN_VALUE, Integer.MAX_VALUE, Long::intValue);
            case LONG -> toLong(raw, Long.MIN_VALUE, Long.MAX_VALUE, v -> v);
            case SHORT -> toLong(raw, Short.MIN_VALUE, Short.MAX_VALUE, Long::shortValue);
            case DOUBLE -> toDouble(raw);
            case BOOLEAN -> toBoolean(raw);
            case STRING -> raw instanceof String s ? s.trim() : null;
            case PASSWORD -> toPassword(raw);
            case LIST -> toList(raw);
            case CLASS -> toClass(key, raw);
            case CLASS_LIST -> toClassList(key, raw);
        };
        if (parsed == null) {
            Object shown = this == PASSWORD ? Password.HIDDEN : raw;
            throw new ConfigException("Invalid value " + shown + " for configuration " + key + ": expected " + accepted);
        }
        return parsed;
    }

    private static Password toPassword(Object raw) {
        if (raw instanceof Password p) {
            return p;
        }
        return raw instanceof String s ? new Password(s.trim()) : null;
    }

    private static <N> N toLong(Object raw, long min, long max, java.util.function.Function<Long, N> narrow) {
        Long value = null;
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof String s) {
            value = parseLongText(s.trim());
        }
        return value == null || value < min || value > max ? null : narrow.apply(value);
    }

    private static Long parseLongText(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            // Not an integer: the caller reports the value with what this type accepts.
            return null;
        }
    }

    private static Double toDouble(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (!(raw instanceof String s)) {
            return null;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            // Not a number: the caller reports the value with what this type accepts.
            return null;
        }
    }

    private static Boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
        }
        return null;
    }

    private static List<String> toList(Object raw) {
        if (raw instanceof String s) {
            return splitList(s);
        }
        if (!(raw instanceof Collection<?> items)) {
            return null;
        }
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof String s)) {
                return null;
            }
            out.addAll(splitList(s));
        }
        return List.copyOf(out);
    }

    private static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private static List<Object> toClassList(String key, Object raw) {
        if (raw instanceof String s) {
            return splitList(s).stream().<Object>map(name -> loadClass(key, name)).toList();
        }
        if (!(raw instanceof Collection<?> items)) {
            return null;
        }
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof String s) {
                splitList(s).forEach(name -> out.add(loadClass(key, name)));
            } else if (item != null) {
                out.add(item);
            }
        }
        return List.copyOf(out);
    }

    private static Object toClass(String key, Object raw) {
        if (raw instanceof String s) {
            return loadClass(key, s.trim());
        }
        return raw;
    }

    private static Class<?> loadClass(String key, String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, true, loader != null ? loader : ConfigType.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException("Invalid value " + name + " for configuration " + key
                    + ": class cannot be found or loaded (" + e + ")");
        }
    }
}
