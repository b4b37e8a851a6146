package io.petrel.benchmarks.suite;

import java.util.List;

/**
 * The scale part's points and counts. The points are the (#17); the counts keep the full part near
 * 15 minutes on a 2-core machine and {@code --quick} near 2: every run is short (a second or two of
 * sending), so the curves show where cost bends, not the last percent.
 *
 * @param partitions        partitions per topic of the partitions curve
 * @param partitionRecords  records of 100 B one producer sends round-robin over every partition, then one
 *                          consumer reads, per point
 * @param producers         producers sending at once, as threads of one JVM and as JVMs of their own
 * @param ownJvmProducers   the counts run as JVMs of their own (launching 16 JVMs takes a quick run's budget)
 * @param producerRecords   records of 100 B all producers of a point send together (each sends its share)
 * @param consumers         members of one group reading a pre-filled topic
 * @param groupPartitions   partitions of that topic, enough for the largest group
 * @param groupRecords      records of 100 B in it
 * @param recordSizes       value sizes of the record-size curve, bytes
 * @param sizeBytes         value bytes per record-size run (records = this / size, within the two bounds)
 * @param sizeMinRecords    fewest records per record-size run
 * @param sizeMaxRecords    most records per record-size run
 * @param connections       idle connections opened to each broker to price a connection
 * @param repeats           interleaved repeats of every throughput point
 */
public record ScaleSettings(List<Integer> partitions, int partitionRecords, List<Integer> producers,
                            List<Integer> ownJvmProducers, int producerRecords, List<Integer> consumers,
                            int groupPartitions, int groupRecords, List<Integer> recordSizes, long sizeBytes,
                            int sizeMinRecords, int sizeMaxRecords, int connections, int repeats) {
    /** batch.size of the record-size curve: a 100 KiB record fits in one batch, for both clients alike. */
    public static final int SIZE_CURVE_BATCH_SIZE = 262_144;
    /** max.request.size of the record-size curve (Kafka's default, said explicitly: both clients get it). */
    public static final int SIZE_CURVE_MAX_REQUEST_SIZE = 1_048_576;

    static ScaleSettings fullRun() {
        return new ScaleSettings(List.of(1, 10, 100, 1000), 200_000, List.of(1, 4, 16), List.of(1, 4, 16), 400_000,
                List.of(1, 4, 8), 16, 1_000_000, List.of(10, 100, 1024, 10_240, 102_400), 64L << 20, 1_000,
                400_000, 1000, 2);
    }

    static ScaleSettings quickRun() {
        return new ScaleSettings(List.of(1, 10, 100, 1000), 10_000, List.of(1, 4, 16), List.of(1, 4), 40_000,
                List.of(1, 4, 8), 16, 60_000, List.of(10, 100, 1024, 10_240, 102_400), 4L << 20, 50,
                40_000, 200, 1);
    }

    /** Records of a record-size run: {@link #sizeBytes} worth, within the bounds. */
    public int recordsOfSize(int size) {
        long n = sizeBytes / size;
        return (int) Math.max(sizeMinRecords, Math.min(sizeMaxRecords, n));
    }
}
