package io.petrel.interop.security;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A resource many test classes share, made on first use and closed when the test JVM exits: a broker that costs
 * seconds to start. Not JUnit's root store: that closes its values when a launcher run ends, and surefire with more
 * than one fork (this module's pom) runs each class as a launcher run of its own, so a broker kept there would stop
 * after every class and start again for the next. A resource that failed to be made fails every later use with that
 * error, without trying again.
 *
 * @param <T> what is shared
 */
public final class PerJvmResource<T extends AutoCloseable> {
    private final String name;
    private final Supplier<T> factory;
    private T value;
    private RuntimeException failure;

    /** {@code name} says what it is in errors; {@code factory} makes it on first use. */
    public PerJvmResource(String name, Supplier<T> factory) {
        this.name = name;
        this.factory = factory;
    }

    /** The resource, made on first use. */
    public synchronized T get() {
        if (failure != null) {
            throw new IllegalStateException(name + " could not be made earlier in this JVM", failure);
        }
        if (value == null) {
            try {
                value = factory.get();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            T made = value;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(made), "close " + name));
        }
        return value;
    }

    /** The resource if it has been made, without making it. */
    public synchronized Optional<T> ifMade() {
        return Optional.ofNullable(value);
    }

    private void close(T made) {
        try {
            made.close();
        } catch (Exception e) {
            System.err.println("Could not close " + name + " as the JVM exited: " + e);
        }
    }
}
