package io.petrel.client.internal.config;

import io.petrel.client.ConfigException;

import java.lang.reflect.InvocationTargetException;

/**
 * Turns the value of a class-valued key (a serializer, deserializer or partitioner) into the object the
 * client uses: an instance given in the settings is used as it is, a class is instantiated through its
 * public no-argument constructor, as kafka-clients does. The ConfigSpec has already checked the type, so
 * only construction can fail here, and the error names the key and the class.
 */
public final class ConfiguredInstance {

    private ConfiguredInstance() {
    }

    /**
     * The objects a CLASS_LIST key names, in order: instances as given, classes created here. {@code configure}
     * runs on each object created here (not on instances given), as with a single class-valued key.
     */
    public static <T> java.util.List<T> listOf(java.util.List<?> configured, String key, Class<T> type,
                                               java.util.function.Consumer<? super T> configure) {
        java.util.List<T> out = new java.util.ArrayList<>(configured.size());
        for (Object item : configured) {
            T instance = type.cast(of(item, key));
            if (item instanceof Class<?>) {
                configure.accept(instance);
            }
            out.add(instance);
        }
        return java.util.List.copyOf(out);
    }

    /** The instance given, or a new instance of the class given, for {@code key}. */
    public static Object of(Object configured, String key) {
        if (!(configured instanceof Class<?> type)) {
            return configured;
        }
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException("Invalid value " + type.getName() + " for configuration " + key
                    + ": needs a public no-argument constructor (" + e + ")");
        } catch (InvocationTargetException e) {
            throw new ConfigException("Invalid value " + type.getName() + " for configuration " + key
                    + ": its constructor threw " + e.getCause());
        }
    }
}
