package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;
import io.petrel.client.Password;

import java.util.List;
import java.util.Objects;

/**
 * One client setting: its name, type, default, validator and documentation. A key is also the typed
 * handle for reading the setting: {@code values.get(LINGER_MS)} is an {@code Integer} because
 * {@code LINGER_MS} is a {@code ConfigKey<Integer>}.
 *
 * <p>A key with a null default is required, unless declared {@link #optional()}, in which case it reads
 * as null when not set. Keys are immutable; the modifiers return copies.
 *
 * @param <T> the Java type of the parsed value
 */
public final class ConfigKey<T> {
    private final String name;
    private final ConfigType type;
    private final T defaultValue;
    private final boolean optional;
    private final ConfigValidator validator;
    private final Class<?> instanceType;
    private final String documentation;

    private ConfigKey(String name, ConfigType type, T defaultValue, boolean optional, ConfigValidator validator,
                      Class<?> instanceType, String documentation) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.optional = optional;
        this.validator = Objects.requireNonNull(validator, "validator");
        this.instanceType = instanceType;
        this.documentation = documentation == null ? "" : documentation;
    }

    private static <T> ConfigKey<T> of(String name, ConfigType type, T defaultValue, String doc) {
        return new ConfigKey<>(name, type, defaultValue, false, ConfigValidator.ANY, null, doc);
    }

    public static ConfigKey<Integer> ofInt(String name, Integer defaultValue, String doc) {
        return of(name, ConfigType.INT, defaultValue, doc);
    }

    public static ConfigKey<Long> ofLong(String name, Long defaultValue, String doc) {
        return of(name, ConfigType.LONG, defaultValue, doc);
    }

    public static ConfigKey<Short> ofShort(String name, Short defaultValue, String doc) {
        return of(name, ConfigType.SHORT, defaultValue, doc);
    }

    public static ConfigKey<Double> ofDouble(String name, Double defaultValue, String doc) {
        return of(name, ConfigType.DOUBLE, defaultValue, doc);
    }

    public static ConfigKey<Boolean> ofBoolean(String name, Boolean defaultValue, String doc) {
        return of(name, ConfigType.BOOLEAN, defaultValue, doc);
    }

    public static ConfigKey<String> ofString(String name, String defaultValue, String doc) {
        return of(name, ConfigType.STRING, defaultValue, doc);
    }

    /** A secret, optional: it reads as null when not set, and prints as [hidden] anywhere. */
    public static ConfigKey<Password> ofPassword(String name, String doc) {
        return ConfigKey.<Password>of(name, ConfigType.PASSWORD, null, doc).optional();
    }

    public static ConfigKey<List<String>> ofList(String name, List<String> defaultValue, String doc) {
        return of(name, ConfigType.LIST, defaultValue == null ? null : List.copyOf(defaultValue), doc);
    }

    /**
     * A class-valued key: parses to a {@code Class}, or, for keys that allow it ({@link #instancesOf}),
     * to an instance.
     */
    public static ConfigKey<Object> ofClass(String name, Class<?> defaultValue, String doc) {
        return of(name, ConfigType.CLASS, defaultValue, doc);
    }

    /**
     * A key naming classes in order, empty by default (interceptor.classes, metric.reporters): parses to a
     * List of Class objects and, with {@link #instancesOf}, instances.
     */
    public static ConfigKey<List<Object>> ofClassList(String name, String doc) {
        return of(name, ConfigType.CLASS_LIST, List.of(), doc);
    }

    /** This key with a validator for its parsed values (replacing any earlier one). */
    public ConfigKey<T> validatedBy(ConfigValidator validator) {
        return new ConfigKey<>(name, type, defaultValue, optional, validator, instanceType, documentation);
    }

    /** This key, read as null when not set instead of being required (for keys whose default is null). */
    public ConfigKey<T> optional() {
        return new ConfigKey<>(name, type, defaultValue, true, validator, instanceType, documentation);
    }

    /**
     * For a CLASS key: values must be subtypes of {@code type}, and an instance of {@code type} is accepted
     * in place of a class (serializers, partitioners, interceptors).
     */
    public ConfigKey<T> instancesOf(Class<?> type) {
        if (this.type != ConfigType.CLASS && this.type != ConfigType.CLASS_LIST) {
            throw new IllegalStateException("Only CLASS keys take instances; " + name + " is " + this.type);
        }
        return new ConfigKey<>(name, this.type, defaultValue, optional, validator, type, documentation);
    }

    public String name() {
        return name;
    }

    public ConfigType type() {
        return type;
    }

    /** The default, or null for a required or optional key. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether a value must be given. */
    public boolean required() {
        return defaultValue == null && !optional;
    }

    public ConfigValidator validator() {
        return validator;
    }

    public String documentation() {
        return documentation;
    }

    /**
     * Parses and validates a raw, non-null value of this key.
     *
     * @throws ConfigException naming the key, the value and what is accepted
     */
    @SuppressWarnings("unchecked")
    public T parse(Object raw) {
        Object parsed = type.parse(name, raw);
        if (type == ConfigType.CLASS) {
            checkClassValue(parsed);
        } else if (type == ConfigType.CLASS_LIST) {
            ((List<?>) parsed).forEach(this::checkClassValue);
        }
        validator.ensureValid(name, parsed);
        return (T) parsed;
    }

    private void checkClassValue(Object parsed) {
        if (parsed instanceof Class<?> cls) {
            if (instanceType != null && !instanceType.isAssignableFrom(cls)) {
                throw ConfigValidator.invalid(name, cls.getName(), "must implement " + instanceType.getName());
            }
            return;
        }
        if (instanceType == null || !instanceType.isInstance(parsed)) {
            throw ConfigValidator.invalid(name, parsed, "expected " + ConfigType.CLASS.accepted()
                    + (instanceType == null ? "" : " or an instance of " + instanceType.getName()));
        }
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }
}
