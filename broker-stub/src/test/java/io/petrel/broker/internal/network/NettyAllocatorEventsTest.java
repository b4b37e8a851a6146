package io.petrel.broker.internal.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The broker turns Netty's allocator JFR events off only when nobody asked for them and no recording runs. */
class NettyAllocatorEventsTest {
    private String saved;

    @BeforeEach
    void saveTheProperty() {
        saved = System.getProperty(NettyAllocatorEvents.PROPERTY);
    }

    @AfterEach
    void restoreTheProperty() {
        if (saved == null) {
            System.clearProperty(NettyAllocatorEvents.PROPERTY);
        } else {
            System.setProperty(NettyAllocatorEvents.PROPERTY, saved);
        }
    }

    @Test
    void unsetAndNoRecordingTurnsThemOff() {
        assumeFalse(jdk.jfr.FlightRecorder.isInitialized(), "this test JVM records JFR");
        System.clearProperty(NettyAllocatorEvents.PROPERTY);
        NettyAllocatorEvents.offUnlessRecording();
        assertEquals("false", System.getProperty(NettyAllocatorEvents.PROPERTY));
    }

    @Test
    void aUsersSettingIsNeverOverridden() {
        System.setProperty(NettyAllocatorEvents.PROPERTY, "true");
        NettyAllocatorEvents.offUnlessRecording();
        assertEquals("true", System.getProperty(NettyAllocatorEvents.PROPERTY));
    }
}
