package io.petrel.tools.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

import java.nio.channels.spi.SelectorProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The providers the tools name up front must be the ones the class path scans would have found, and a property the
 * user set must stay as set.
 */
class ServiceProviderDefaultsTest {
    private static final List<String> KEYS = List.of(ServiceProviderDefaults.SLF4J_PROVIDER,
            ServiceProviderDefaults.SLF4J_VERBOSITY, ServiceProviderDefaults.SELECTOR_PROVIDER);
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void clearProperties() {
        for (String key : KEYS) {
            saved.put(key, System.getProperty(key));
            System.clearProperty(key);
        }
    }

    @AfterEach
    void restoreProperties() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    void namesTheSlf4jProviderTheClassPathScanFinds() {
        ServiceProviderDefaults.applyUnlessSet();

        String named = System.getProperty(ServiceProviderDefaults.SLF4J_PROVIDER);
        List<String> found = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        assertTrue(found.contains(named), named + " among the class path's slf4j providers " + found);
        assertEquals("WARN", System.getProperty(ServiceProviderDefaults.SLF4J_VERBOSITY));
    }

    @Test
    void namesTheSelectorProviderTheJdkPicksByDefault() {
        ServiceProviderDefaults.applyUnlessSet();

        // This JVM never had the property set, so its provider is the JDK's own choice.
        String jdkDefault = SelectorProvider.provider().getClass().getName();
        String named = System.getProperty(ServiceProviderDefaults.SELECTOR_PROVIDER);
        if (jdkDefault.equals(ServiceProviderDefaults.LINUX_SELECTOR_PROVIDER)) {
            assertEquals(jdkDefault, named);
        } else {
            assertNull(named, "a provider named on a JDK whose default is " + jdkDefault);
        }
    }

    @Test
    void leavesPropertiesTheUserSetAlone() {
        System.setProperty(ServiceProviderDefaults.SLF4J_PROVIDER, "org.example.LogProvider");
        System.setProperty(ServiceProviderDefaults.SELECTOR_PROVIDER, "org.example.Selectors");

        ServiceProviderDefaults.applyUnlessSet();

        assertEquals("org.example.LogProvider", System.getProperty(ServiceProviderDefaults.SLF4J_PROVIDER));
        assertNull(System.getProperty(ServiceProviderDefaults.SLF4J_VERBOSITY), "slf4j's own reports left as they were");
        assertEquals("org.example.Selectors", System.getProperty(ServiceProviderDefaults.SELECTOR_PROVIDER));
    }
}
