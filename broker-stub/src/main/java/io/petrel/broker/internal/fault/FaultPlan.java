package io.petrel.broker.internal.fault;

import io.petrel.protocol.Message;

import java.time.Duration;
import java.util.List;

/**
 * What the injected faults do to one request: drop the connection, answer with {@code failure} instead
 * of serving it, or serve {@code request} (with failed partitions taken out) and add those partitions'
 * errors to the response; in every case the response may be held back by {@code delay}.
 */
public record FaultPlan(boolean dropConnection, Message failure, Message request, List<PartitionError> partitionErrors,
                        Duration delay) {

    /** A partition taken out of the request, answered with an error. */
    public record PartitionError(String topic, java.util.UUID topicId, int partition, io.petrel.protocol.ErrorCode error) {
    }

    static FaultPlan none(Message request) {
        return new FaultPlan(false, null, request, List.of(), Duration.ZERO);
    }

    public boolean isNone() {
        return !dropConnection && failure == null && partitionErrors.isEmpty() && delay.isZero();
    }
}
