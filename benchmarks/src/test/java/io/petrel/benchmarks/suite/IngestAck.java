package io.petrel.benchmarks.suite;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.PartitionProduceResponse;
import io.petrel.protocol.schemas.ProduceResponse.TopicProduceResponse;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads the answer to one of the ingest load's Produce requests: the response must carry the request's correlation
 * id and exactly one partition, the one written, with error code NONE; anything else is a failure of the run, with
 * the broker's error named. The load counts a request's records only once this accepted its response.
 */
final class IngestAck {
    private IngestAck() {
    }

    /**
     * Checks {@code frame} (a response frame, its size prefix consumed) against the request it must answer.
     *
     * @return the base offset the broker gave the batch
     * @throws IllegalStateException naming what differs from an acknowledgement of {@code request}
     */
    static long check(ByteBuffer frame, IngestRequests.Encoded request, int partition) {
        ResponseFrame response = ResponseFrame.decode(frame, ApiKey.PRODUCE, IngestRequests.VERSION);
        if (response.correlationId() != request.correlationId()) {
            throw new IllegalStateException("Produce response with correlation id " + response.correlationId()
                    + " where the answer to request " + request.correlationId() + " was due");
        }
        List<Message> topics = response.body().get(ProduceResponse.RESPONSES);
        if (topics.size() != 1 || topics.get(0).get(TopicProduceResponse.PARTITION_RESPONSES).size() != 1) {
            throw new IllegalStateException("Produce response to request " + request.correlationId() + " holds "
                    + topics.size() + " topic(s), expected one topic with one partition");
        }
        Message p = topics.get(0).get(TopicProduceResponse.PARTITION_RESPONSES).get(0);
        int index = p.get(PartitionProduceResponse.INDEX);
        short code = p.get(PartitionProduceResponse.ERROR_CODE);
        if (index != partition || code != ErrorCode.NONE.code()) {
            throw new IllegalStateException("Produce response to request " + request.correlationId() + ": partition "
                    + index + " (expected " + partition + "), error " + ErrorCode.forCode(code) + " (" + code + ")"
                    + (p.get(PartitionProduceResponse.ERROR_MESSAGE) == null ? ""
                    : ": " + p.get(PartitionProduceResponse.ERROR_MESSAGE)));
        }
        return p.get(PartitionProduceResponse.BASE_OFFSET);
    }
}
