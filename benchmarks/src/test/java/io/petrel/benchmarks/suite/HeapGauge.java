package io.petrel.benchmarks.suite;

import java.lang.management.ManagementFactory;

/**
 * The benchmark JVM's heap in use after a full collection ({@code System.gc()} twice, MemoryMXBean), in MiB:
 * the scale part weighs a client as this figure with the client open less the same figure before it opened,
 * so garbage the run left behind does not count, only what the client (and the run's own bookkeeping, the
 * same for both clients) still holds.
 */
final class HeapGauge {
    private HeapGauge() {
    }

    static double usedMiBAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }
}
