package io.petrel.benchmarks.suite;

import java.time.Duration;
import java.util.List;

/**
 * The broker-bound ingest part's load ({@link BrokerIngest}): 64 KiB batches, uncompressed, over a few connections
 * with a few requests in flight each, for a fixed time per run. Two connections on a 2-core machine: one per
 * core, each writing its own partition, so both brokers may spread the appends; five in flight is a producer's
 * default {@code max.in.flight.requests.per.connection}.
 *
 * @param recordSizes     value sizes, bytes
 * @param acks            acks of the requests (1 and all: -1 on the wire)
 * @param batchBytes      the largest record batch, bytes (a producer's {@code batch.size} in the suite)
 * @param connections     connections to the broker, one partition each
 * @param inFlight        unanswered requests per connection
 * @param distinct        distinct requests each connection cycles through
 * @param warmup          unmeasured sending per broker and cell before its first measured run
 * @param measured        sending per measured run
 *
 * <p>Repeats are the producer part's ({@code --repeats}).
 */
public record IngestSettings(List<Integer> recordSizes, List<String> acks, int batchBytes, int connections,
                             int inFlight, int distinct, Duration warmup, Duration measured) {
    static IngestSettings fullRun() {
        return new IngestSettings(SuiteOptions.RECORD_SIZES, SuiteOptions.ACKS, 65_536, 2, 5, 8,
                Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    static IngestSettings quickRun() {
        return new IngestSettings(SuiteOptions.RECORD_SIZES, SuiteOptions.ACKS, 65_536, 2, 5, 8,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /** The acks value of a Produce request: -1 for "all". */
    static short wireAcks(String acks) {
        return switch (acks) {
            case "all", "-1" -> -1;
            case "1" -> 1;
            case "0" -> 0;
            default -> throw new IllegalArgumentException("acks must be 0, 1 or all, not '" + acks + "'");
        };
    }
}
