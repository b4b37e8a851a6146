package io.petrel.interop.cluster;

/**
 * What one consumer-group scenario run did, per client: records written, reads by the group's members, reads of
 * an offset already read (redelivered, allowed: at least once), offsets never read (lost to the group), committed
 * offsets seen going back or vanishing, and how often the commits were observed.
 */
record GroupFigures(String scenario, String client, long written, long reads, long redelivered, long neverRead,
                    long commitRegressions, long commitObservations, long seconds) {

    /** One row of the group table in interop-tests' README. */
    String row() {
        return String.format("| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %d s |", scenario, client, written, reads,
                redelivered, neverRead, commitRegressions, commitObservations, seconds);
    }
}
