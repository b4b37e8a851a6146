package io.petrel.interop.cluster;

/**
 * What one scenario run did to the records, per client: sent, acknowledged, failed sends, and what reading the
 * topic back in full showed: records read, acknowledged ones missing (lost), read more than once (duplicated), and
 * read after a later one of their partition (reordered). Unacknowledged records may or may not be there: both are
 * allowed, and {@code unackedPresent} counts the ones that are.
 */
record DeliveryFigures(String scenario, String client, long sent, long acked, long failed, long read, long lost,
                       long duplicated, long reordered, long unackedPresent, long seconds) {

    /** Whether nothing acknowledged was lost, nothing duplicated, nothing reordered. */
    boolean clean() {
        return lost == 0 && duplicated == 0 && reordered == 0;
    }

    /** One row of the figures table in interop-tests' README. */
    String row() {
        return String.format("| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %d s |", scenario, client, sent, acked,
                failed, lost, duplicated, reordered, read, seconds);
    }
}
