package io.petrel.tools.internal;

import org.slf4j.simple.SimpleServiceProvider;

/**
 * Names, before anything looks them up, the two service providers the tools' JVM would otherwise find by scanning its
 * class path: slf4j's logging back end and NIO's selector provider.
 *
 * <p>Why: a {@code ServiceLoader} lookup over the class path opens every jar on it to look for its
 * {@code META-INF/services} entry, and opening the launcher's 38 jars (reading each one's central directory) cost
 * ~22 ms of the main thread's CPU on every launch, most of it before {@code petrel broker} could bind; classes mapped
 * from the CDS archive open no jar. Both choices are the ones those scans make on this class path: slf4j-simple is the
 * tools' only slf4j provider, and no jar on it provides a selector, so the JDK's own (Linux: epoll) is used.
 *
 * <p>Each property is left alone when it is set already (a user's {@code -D} wins). The selector provider is named
 * only where the JDK has the class (Linux); elsewhere the JDK finds its default as usual. slf4j announces an explicitly
 * named provider at its INFO level on stderr; the tools keep slf4j's own reports to warnings and errors, so that a
 * command's stderr holds its own lines.
 */
public final class ServiceProviderDefaults {
    static final String SLF4J_PROVIDER = "slf4j.provider";
    static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";
    static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";
    /** The JDK's default selector provider on Linux (what {@code sun.nio.ch.DefaultSelectorProvider} makes there). */
    static final String LINUX_SELECTOR_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

    private ServiceProviderDefaults() {
    }

    /** Sets the properties that are not set yet; call before the first logger and the first NIO channel. */
    public static void applyUnlessSet() {
        if (System.getProperty(SLF4J_PROVIDER) == null) {
            System.setProperty(SLF4J_PROVIDER, SimpleServiceProvider.class.getName());
            setUnlessSet(SLF4J_VERBOSITY, "WARN");
        }
        if (System.getProperty(SELECTOR_PROVIDER) == null && jdkHas(LINUX_SELECTOR_PROVIDER)) {
            System.setProperty(SELECTOR_PROVIDER, LINUX_SELECTOR_PROVIDER);
        }
    }

    private static void setUnlessSet(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** True when the JDK's own modules have this class (looked up, not initialised; a miss reads no jar). */
    private static boolean jdkHas(String className) {
        try {
            Class.forName(className, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false; // not this platform's provider: the JDK picks its own default
        }
    }
}
