package io.petrel.benchmarks.suite;

import io.petrel.benchmarks.producer.Payloads;
import io.petrel.compression.CompressionType;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.record.RecordBatchBuilder;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceRequest.PartitionProduceData;
import io.petrel.protocol.schemas.ProduceRequest.TopicProduceData;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Produce requests of the broker-bound ingest load, encoded once before a run so that sending them costs the
 * load generator only the socket writes: per partition a few distinct requests, each one uncompressed record batch
 * v2 of up to {@code batchBytes} filled with {@link Payloads}' values, no key, no producer id (no idempotence, so
 * the same batch may be appended again and again). {@link #compressed} makes the batch compressed instead,
 * filled as a producer fills one (its compressed size up to {@code batchBytes}), for the broker's cost of a
 * client's compressed request without the client ({@code IngestCostProfile in-process}). Produce v12, the last version that names topics, which both
 * broker-stub and Apache Kafka 4.3.1 accept: the bytes on the wire are the same for both brokers.
 *
 * <p>A request's correlation id is its index in {@link #forPartition}'s list, so a response can be matched to the
 * request it answers by that id alone ({@link IngestAck}).
 */
final class IngestRequests {
    /** The Produce version sent: topics by name (v13 names them by id). */
    static final short VERSION = 12;
    static final int TIMEOUT_MS = 30_000;
    private static final String CLIENT_ID = "petrel-ingest-load";

    /** One encoded request: the whole frame, size prefix included, and how many records its batch holds. */
    record Encoded(ByteBuffer frame, int records, int correlationId) {
        /** A view of the frame to write, positioned at its start; the frame itself is never consumed. */
        ByteBuffer toSend() {
            return frame.duplicate();
        }
    }

    private IngestRequests() {
    }

    /**
     * {@code distinct} requests for {@code topic}'s partition {@code partition}, each one batch of as many
     * {@code recordSize}-byte records as fit in {@code batchBytes}; values drawn from {@code payloads} from
     * {@code firstValue} on, so that two partitions' requests need not carry the same bytes.
     */
    static List<Encoded> forPartition(String topic, int partition, short acks, int batchBytes, Payloads payloads,
                                      int distinct, int firstValue) {
        return compressed(topic, partition, acks, batchBytes, payloads, distinct, firstValue, CompressionType.NONE);
    }

    /**
     * As {@link #forPartition}, each batch compressed with {@code compression}: as many records as a producer's
     * batch of {@code batchBytes} holds, its records' size scaled by the ratio a first trial batch compressed at.
     */
    static List<Encoded> compressed(String topic, int partition, short acks, int batchBytes, Payloads payloads,
                                    int distinct, int firstValue, CompressionType compression) {
        if (acks != 1 && acks != -1 && acks != 0) {
            throw new IllegalArgumentException("acks must be 0, 1 or -1 (all), not " + acks);
        }
        if (batchBytes < 2 * payloads.recordSize()) {
            throw new IllegalArgumentException("A batch of " + batchBytes + " bytes does not hold two records of "
                    + payloads.recordSize() + " bytes");
        }
        List<Encoded> requests = new ArrayList<>(distinct);
        int value = firstValue;
        long timestamp = System.currentTimeMillis();
        float ratio = compressionRatio(compression, batchBytes, payloads, timestamp);
        for (int i = 0; i < distinct; i++) {
            RecordBatchBuilder batch = new RecordBatchBuilder(0).initialCapacity(batchBytes).compression(compression)
                    .compressionRatioEstimate(ratio);
            while (batch.hasRoomFor(timestamp, null, payloads.get(value), List.of(), batchBytes)) {
                batch.append(timestamp, null, payloads.get(value++));
            }
            int records = batch.recordCount();
            requests.add(new Encoded(encode(topic, partition, acks, batch.build(), i), records, i));
        }
        return List.copyOf(requests);
    }

    /** Compressed over uncompressed size of one batch of {@code batchBytes} of records; 1 without compression. */
    private static float compressionRatio(CompressionType compression, int batchBytes, Payloads payloads,
                                          long timestamp) {
        if (compression == CompressionType.NONE) {
            return 1f;
        }
        RecordBatchBuilder plain = new RecordBatchBuilder(0);
        RecordBatchBuilder packed = new RecordBatchBuilder(0).compression(compression);
        for (int v = 0; plain.hasRoomFor(timestamp, null, payloads.get(v), List.of(), batchBytes); v++) {
            plain.append(timestamp, null, payloads.get(v));
            packed.append(timestamp, null, payloads.get(v));
        }
        return (float) packed.build().remaining() / plain.build().remaining();
    }

    private static ByteBuffer encode(String topic, int partition, short acks, ByteBuffer batch, int correlationId) {
        Message partitionData = Message.of(PartitionProduceData.SCHEMA)
                .set(PartitionProduceData.INDEX, partition)
                .set(PartitionProduceData.RECORDS, batch);
        Message topicData = Message.of(TopicProduceData.SCHEMA)
                .set(TopicProduceData.NAME, topic)
                .set(TopicProduceData.PARTITION_DATA, List.of(partitionData));
        Message body = ProduceRequest.SCHEMA.newMessage()
                .set(ProduceRequest.ACKS, acks)
                .set(ProduceRequest.TIMEOUT_MS, TIMEOUT_MS)
                .set(ProduceRequest.TOPIC_DATA, List.of(topicData));
        ByteBuffer heap = RequestFrame.encode(ApiKey.PRODUCE, VERSION, correlationId, CLIENT_ID, body);
        // Direct, so a blocking channel writes it without copying it into a temporary direct buffer each time.
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap).flip();
        return direct.asReadOnlyBuffer();
    }
}
