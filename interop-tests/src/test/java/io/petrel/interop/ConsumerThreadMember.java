package io.petrel.interop;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A consumer in a group polling on its own thread (a consumer belongs to one thread), whichever client it is.
 * It keeps the next offset of each partition it has read, commits those when partitions are revoked (so also
 * when it closes and leaves) and forgets them when partitions are lost. A subclass adapts one client: it
 * subscribes with itself as the rebalance listener, polls, commits and closes; the loop, the bookkeeping and
 * stopping live here once, so every client's member behaves alike.
 *
 * @param <P> the client's topic-partition type
 */
abstract class ConsumerThreadMember<P> implements GroupMember {
    /** How a stopped member goes. */
    enum Departure {
        /** Closes and sends LeaveGroup; the revocation commits what it read. */
        LEAVE,
        /** Commits what it read, then goes without LeaveGroup, as a crashed process would. */
        STAY,
        /** Commits what it read, then closes as the client does by default (a static member stays). */
        DEFAULT
    }

    private final String name;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Map<P, Long> processed = new HashMap<>(); // member thread only
    private Thread thread;
    private volatile boolean running = true;
    private volatile Departure departure = Departure.LEAVE;
    private volatile Throwable failure;
    private volatile boolean commitOnRevoke = true;

    ConsumerThreadMember(String name) {
        this.name = name;
    }

    /**
     * Breaks the member on purpose: revoked partitions are given up without committing what was read from them,
     * so a test can show its exactly-once check catches the records the next owner reads again.
     */
    final void skipCommitOnRevoke() {
        commitOnRevoke = false;
    }

    /** Starts polling; called last in a subclass constructor, once its consumer exists. */
    final void start(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.start();
    }

    /** Subscribes to the topic with this member as the rebalance listener. */
    abstract void subscribe();

    /** Polls once, calling {@link #processed} for each record read. */
    abstract void poll();

    /** Commits these next offsets synchronously. */
    abstract void commit(Map<P, Long> nextOffsets);

    /** Lets go of the consumer as {@code how} says; the member thread ends after it. */
    abstract void depart(Departure how);

    abstract int partitionNumber(P partition);

    /** Called on the member thread after each change of the partitions it owns. */
    void ownedChanged() {
    }

    private void run() {
        try {
            subscribe();
            while (running) {
                poll();
            }
            Departure how = departure;
            if (how != Departure.LEAVE) {
                commitProcessed();
            }
            depart(how);
        } catch (Throwable t) {
            failure = t;
            try {
                depart(Departure.LEAVE);
            } catch (RuntimeException e) {
                t.addSuppressed(e);
            }
        }
    }

    /** Notes a record read, so its partition is committed past it. */
    final void processed(P partition, long offset) {
        processed.put(partition, offset + 1);
    }

    /** Commits the next offset of every partition read so far. */
    final void commitProcessed() {
        if (!processed.isEmpty()) {
            commit(new HashMap<>(processed));
        }
    }

    final void revoked(Collection<P> partitions) {
        Map<P, Long> toCommit = new HashMap<>();
        for (P p : partitions) {
            Long next = processed.remove(p);
            if (next != null) {
                toCommit.put(p, next);
            }
        }
        if (!toCommit.isEmpty() && commitOnRevoke) {
            commit(toCommit);
        }
        partitions.forEach(p -> owned.remove(partitionNumber(p)));
        ownedChanged();
    }

    final void assigned(Collection<P> partitions) {
        partitions.forEach(p -> owned.add(partitionNumber(p)));
        ownedChanged();
    }

    final void lost(Collection<P> partitions) {
        partitions.forEach(processed::remove);
        partitions.forEach(p -> owned.remove(partitionNumber(p)));
        ownedChanged();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<Integer> owned() {
        return new TreeSet<>(owned);
    }

    @Override
    public final Throwable failure() {
        return failure;
    }

    @Override
    public final void leave() {
        stop(Departure.LEAVE);
    }

    /** Stops polling and waits until the member has gone as {@code how} says. */
    final void stop(Departure how) {
        departure = how;
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            fail("member " + name + " did not stop within 30 s");
        }
    }

    @Override
    public final void close() {
        if (thread.isAlive()) {
            leave();
        }
    }
}
