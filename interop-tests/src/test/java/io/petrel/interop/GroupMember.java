package io.petrel.interop;

import java.util.Set;

/**
 * One member of a consumer group under test, whatever client it runs and wherever it runs: it subscribes to
 * one topic, reports each record it reads to a {@link GroupReadLog}, and commits what it has read when its
 * partitions are revoked.
 */
public interface GroupMember extends AutoCloseable {
    String name();

    /** "petrel" or "kafka". */
    String kind();

    /** The partitions of the topic it owns now, as its rebalance listener last heard. */
    Set<Integer> owned();

    /** Why it stopped working, or null. */
    Throwable failure();

    /** Closes as an application would: commits (through the revocation), sends LeaveGroup, disconnects. */
    void leave();

    @Override
    void close();
}
