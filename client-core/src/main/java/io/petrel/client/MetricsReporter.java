package io.petrel.client;

import java.util.List;
import java.util.Map;

/**
 * Told about a client's metrics as they come and go, so they can be published elsewhere (JMX, a metrics
 * library, a log). Named in {@code metric.reporters}, as with kafka-clients: each class is created through its
 * public no-argument constructor, {@link #configure} gets the client's settings, {@link #init} the metrics
 * that exist at start, then {@link #metricChange} for each metric added later (a topic's or a broker's
 * first use) and {@link #metricRemoval} for each removed, and {@link #close} when the client closes.
 *
 * <p>Calls come from the client's own threads, some from its I/O thread: keep them short and do not block.
 * An exception a reporter throws is logged and does not stop the client.
 */
public interface MetricsReporter extends AutoCloseable {

    /** The client's settings as given; called once, before {@link #init}. */
    default void configure(Map<String, ?> configs) {
    }

    /** The metrics that exist when the client starts. */
    void init(List<Metric> metrics);

    /** A metric added (or replaced). */
    void metricChange(Metric metric);

    /** A metric removed. */
    void metricRemoval(Metric metric);

    /** The client is closing. */
    @Override
    void close();
}
