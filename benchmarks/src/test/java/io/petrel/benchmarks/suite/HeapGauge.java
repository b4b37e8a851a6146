package io.petrel.benchmarks.suite;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The benchmark JVM's live heap after a full collection, in MiB: the scale part weighs a client as this figure
 * with the client open less the same figure before it opened, so garbage the run left behind does not count,
 * only what the client (and the run's own bookkeeping, the same for both clients) still holds.
 *
 * <p>It adds up each heap pool's usage as the collection left it ({@code MemoryPoolMXBean.getCollectionUsage}),
 * not the heap's usage read afterwards: by then the threads have taken fresh allocation buffers (TLABs), which
 * count as used whole, and put megabytes of noise into a figure that can be a few hundred KiB.
 */
final class HeapGauge {
    private HeapGauge() {
    }

    static double usedMiBAfterGc() {
        System.gc();
        long live = 0;
        boolean measured = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) {
                live += afterGc.getUsed();
                measured = true;
            }
        }
        if (!measured) {
            live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        return live / (1024.0 * 1024.0);
    }
}
