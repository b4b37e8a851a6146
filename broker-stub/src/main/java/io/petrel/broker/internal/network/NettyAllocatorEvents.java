package io.petrel.broker.internal.network;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Netty's buffer allocators emit their JFR events ({@code io.netty.jfr.enabled}), decided before the broker
 * initialises its first Netty class.
 *
 * <p>Netty 4.2's pooled allocators check, on every buffer they hand out, whether their JFR events
 * ({@code AllocateBufferEvent}, {@code AllocateChunkEvent} ...) are enabled. In a JVM where no recording runs, the
 * first such check registers the event classes with JFR, which sets up JFR's event metadata and settings: about
 * 100 classes and some 200 ms of CPU on the first connection of a broker in a fresh JVM, the largest single
 * cost of its first start, for events that nothing records. So when {@code io.netty.jfr.enabled} is unset and
 * JFR is not initialised (no {@code -XX:StartFlightRecording}, no recording started so far), the broker sets it
 * to {@code false}. It is a JVM-wide Netty setting, read once when Netty initialises: a JVM that records JFR
 * from its start keeps Netty's events, and one that wants them in a recording started later sets
 * {@code -Dio.netty.jfr.enabled=true}, which the broker never overrides. Once Netty has initialised (a Petrel
 * client or other Netty code ran first) setting it changes nothing.
 */
public final class NettyAllocatorEvents {
    /** Netty's own switch, read by {@code io.netty.util.internal.PlatformDependent} when it initialises. */
    public static final String PROPERTY = "io.netty.jfr.enabled";

    private static final Logger log = LoggerFactory.getLogger(NettyAllocatorEvents.class);

    private NettyAllocatorEvents() {
    }

    /** Sets {@link #PROPERTY} to {@code false} unless it is set or JFR is initialised in this JVM. */
    public static void offUnlessRecording() {
        if (System.getProperty(PROPERTY) != null || jfrInitialised()) {
            return;
        }
        System.setProperty(PROPERTY, "false");
        log.debug("Set {}=false: no JFR recording in this JVM, so Netty's allocator events are not set up", PROPERTY);
    }

    private static boolean jfrInitialised() {
        try {
            return jdk.jfr.FlightRecorder.isInitialized();
        } catch (LinkageError noJfrModule) {
            // A runtime built without jdk.jfr: Netty finds no JFR either and emits no events.
            log.debug("No JFR in this runtime ({}); Netty's allocator events are off anyway", noJfrModule.toString());
            return false;
        }
    }
}
