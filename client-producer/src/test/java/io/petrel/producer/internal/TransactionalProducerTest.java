package io.petrel.producer.internal;

import io.petrel.client.ConsumerGroupMetadata;
import io.petrel.client.OffsetAndMetadata;
import io.petrel.client.Time;
import io.petrel.client.TimeoutException;
import io.petrel.client.TopicPartition;
import io.petrel.client.internal.FinalizedFeatures;
import io.petrel.client.internal.ScriptedNetwork;
import io.petrel.producer.ProducerFencedException;
import io.petrel.producer.ProducerRecord;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.record.RecordBatch;
import io.petrel.protocol.schemas.AddOffsetsToTxnRequest;
import io.petrel.protocol.schemas.AddOffsetsToTxnResponse;
import io.petrel.protocol.schemas.AddPartitionsToTxnRequest;
import io.petrel.protocol.schemas.AddPartitionsToTxnResponse;
import io.petrel.protocol.schemas.EndTxnRequest;
import io.petrel.protocol.schemas.EndTxnResponse;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.InitProducerIdRequest;
import io.petrel.protocol.schemas.InitProducerIdResponse;
import io.petrel.protocol.schemas.ProduceRequest;
import io.petrel.protocol.schemas.ProduceResponse;
import io.petrel.protocol.schemas.TxnOffsetCommitRequest;
import io.petrel.protocol.schemas.TxnOffsetCommitResponse;
import io.petrel.serializers.StringSerializer;
import io.petrel.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transactional producer against a scripted broker that speaks every version Kafka 4.3.1 does: which requests
 * go out, in which order, at which version, under transactions version 1 and 2; a commit that timed out and is
 * called again; fencing seen on Produce; close aborting an open transaction.
 */
class TransactionalProducerTest {
    private static final FinalizedFeatures TV1 = new FinalizedFeatures(3, Map.of("transaction.version", (short) 1));
    private static final FinalizedFeatures TV2 = new FinalizedFeatures(3, Map.of("transaction.version", (short) 2));
    private static final String ID = "tx-scripted";
    private static final List<ApiKey> TRANSACTIONAL_APIS = List.of(ApiKey.FIND_COORDINATOR, ApiKey.INIT_PRODUCER_ID,
            ApiKey.ADD_PARTITIONS_TO_TXN, ApiKey.ADD_OFFSETS_TO_TXN, ApiKey.TXN_OFFSET_COMMIT, ApiKey.PRODUCE,
            ApiKey.END_TXN);

    private final ScriptedNetwork network = ScriptedNetwork.inline();
    private final AtomicLong offsets = new AtomicLong();
    /** Copies of the batches produced, taken when they arrive: the producer reuses a batch's array once acknowledged. */
    private final List<RecordBatch> produced = new java.util.concurrent.CopyOnWriteArrayList<>();
    private short epoch;
    private ErrorCode produceError = ErrorCode.NONE;
    private PetrelProducer<String, String> producer;

    /** A broker of Kafka 4.3.1's versions, finalizing {@code features}; every request answered at once. */
    private void broker(FinalizedFeatures features) {
        network.features = features;
        network.metadata().topic("t", 2, 0);
        network.handle(ApiKey.FIND_COORDINATOR, (short) 6, (node, request) -> FindCoordinatorResponse.SCHEMA.newMessage()
                        .set(FindCoordinatorResponse.COORDINATORS, List.of(Message.of(FindCoordinatorResponse.Coordinator.SCHEMA)
                                .set(FindCoordinatorResponse.Coordinator.KEY, request.get(FindCoordinatorRequest.COORDINATOR_KEYS).get(0))
                                .set(FindCoordinatorResponse.Coordinator.NODE_ID, 0)
                                .set(FindCoordinatorResponse.Coordinator.HOST, "localhost")
                                .set(FindCoordinatorResponse.Coordinator.PORT, 9092)
                                .set(FindCoordinatorResponse.Coordinator.ERROR_CODE, (short) 0))))
                .handle(ApiKey.INIT_PRODUCER_ID, (short) 5, (node, request) -> InitProducerIdResponse.SCHEMA.newMessage()
                        .set(InitProducerIdResponse.ERROR_CODE, (short) 0)
                        .set(InitProducerIdResponse.PRODUCER_ID, 42L)
                        .set(InitProducerIdResponse.PRODUCER_EPOCH, request.get(InitProducerIdRequest.PRODUCER_ID) >= 0
                                ? ++epoch : epoch))
                .handle(ApiKey.ADD_PARTITIONS_TO_TXN, (short) 5, (node, request) -> addPartitionsAnswer(request))
                .handle(ApiKey.ADD_OFFSETS_TO_TXN, (short) 4, (node, request) -> AddOffsetsToTxnResponse.SCHEMA.newMessage()
                        .set(AddOffsetsToTxnResponse.ERROR_CODE, (short) 0))
                .handle(ApiKey.TXN_OFFSET_COMMIT, (short) 5, (node, request) -> offsetCommitAnswer(request))
                .handle(ApiKey.PRODUCE, (short) 12, (node, request) -> produceAnswer(request))
                .handle(ApiKey.END_TXN, (short) 5, (node, request) -> EndTxnResponse.SCHEMA.newMessage()
                        .set(EndTxnResponse.ERROR_CODE, (short) 0)
                        .set(EndTxnResponse.PRODUCER_ID, 42L)
                        .set(EndTxnResponse.PRODUCER_EPOCH, ++epoch));
    }

    private PetrelProducer<String, String> start(Object... settings) {
        Map<String, Object> raw = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092", "transactional.id", ID,
                "max.block.ms", 10_000, "linger.ms", 60_000));
        for (int i = 0; i < settings.length; i += 2) {
            raw.put((String) settings[i], settings[i + 1]);
        }
        producer = PetrelProducer.start(ProducerSettings.from(raw), new StringSerializer(), new StringSerializer(),
                (s, t) -> network, Time.SYSTEM);
        return producer;
    }

    @AfterEach
    void close() {
        if (producer != null) {
            producer.close();
        }
    }

    private static ProducerRecord<String, String> record(int partition, String value) {
        return ProducerRecord.<String, String>builder("t").partition(partition).key("k").value(value).build();
    }

    private List<ScriptedNetwork.Exchange> transactional() {
        return network.sent().stream().filter(e -> TRANSACTIONAL_APIS.contains(e.api())).toList();
    }

    private static List<String> names(List<ScriptedNetwork.Exchange> exchanges) {
        return exchanges.stream().map(e -> e.api().apiName() + " v" + e.version()).toList();
    }

    @Test
    void underTransactionsVersion1PartitionsAreAddedFirstAndProduceAndEndTxnStayAtVersion1Versions() {
        broker(TV1);
        start();
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(record(0, "a"));
        producer.send(record(0, "b"));
        producer.commitTransaction();

        assertEquals(List.of("FindCoordinator v6", "InitProducerId v5", "AddPartitionsToTxn v3", "Produce v11",
                "EndTxn v4"), names(transactional()));
        List<ScriptedNetwork.Exchange> sent = transactional();
        assertEquals((byte) 1, sent.get(0).request().get(FindCoordinatorRequest.KEY_TYPE), "a transaction coordinator");
        assertEquals(List.of(ID), sent.get(0).request().get(FindCoordinatorRequest.COORDINATOR_KEYS));
        assertEquals(ID, sent.get(1).request().get(InitProducerIdRequest.TRANSACTIONAL_ID));
        assertEquals(60_000, sent.get(1).request().get(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS));
        Message added = sent.get(2).request().get(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS).get(0);
        assertEquals("t", added.get(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.NAME));
        assertEquals(List.of(0), added.get(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.PARTITIONS));
        assertEquals(ID, sent.get(3).request().get(ProduceRequest.TRANSACTIONAL_ID));
        RecordBatch batch = produced.get(0);
        assertTrue(batch.isTransactional());
        assertEquals(42, batch.producerId());
        assertEquals(2, batch.recordCount());
        assertTrue(sent.get(4).request().get(EndTxnRequest.COMMITTED));
        assertEquals(1.0, producer.metrics().get("transaction-version"));
    }

    @Test
    void underTransactionsVersion2ProduceAddsThePartitionAndEachEndTxnStartsANewEpoch() {
        broker(TV2);
        start();
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(record(1, "a"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(record(1, "b"));
        producer.flush();
        producer.abortTransaction();

        List<ScriptedNetwork.Exchange> sent = transactional();
        assertEquals(List.of("FindCoordinator v6", "InitProducerId v5", "Produce v12", "EndTxn v5", "Produce v12",
                "EndTxn v5"), names(sent));
        RecordBatch first = produced.get(0);
        RecordBatch second = produced.get(1);
        assertEquals(0, first.producerEpoch());
        assertEquals(1, second.producerEpoch(), "the epoch the first EndTxn handed back");
        assertEquals(0, second.baseSequence(), "sequences start again with the new epoch");
        assertEquals((short) 1, sent.get(5).request().get(EndTxnRequest.PRODUCER_EPOCH));
        assertFalse(sent.get(5).request().get(EndTxnRequest.COMMITTED));
        assertEquals(2.0, producer.metrics().get("transaction-version"));
    }

    @Test
    void offsetsGoThroughAddOffsetsToTxnUnderVersion1AndStraightToTheGroupUnderVersion2() {
        broker(TV1);
        start();
        producer.initTransactions();
        producer.beginTransaction();
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("copier", 4, "m-1", Optional.of("static-1"));
        producer.sendOffsetsToTransaction(Map.of(new TopicPartition("in", 0), OffsetAndMetadata.of(17, "note")), group);
        producer.commitTransaction();
        assertEquals(List.of("FindCoordinator v6", "InitProducerId v5", "AddOffsetsToTxn v4", "FindCoordinator v6",
                "TxnOffsetCommit v4", "EndTxn v4"), names(transactional()));
        List<ScriptedNetwork.Exchange> sent = transactional();
        assertEquals("copier", sent.get(2).request().get(AddOffsetsToTxnRequest.GROUP_ID));
        assertEquals((byte) 0, sent.get(3).request().get(FindCoordinatorRequest.KEY_TYPE), "the group's coordinator");
        Message commit = sent.get(4).request();
        assertEquals(ID, commit.get(TxnOffsetCommitRequest.TRANSACTIONAL_ID));
        assertEquals(4, commit.get(TxnOffsetCommitRequest.GENERATION_ID));
        assertEquals("m-1", commit.get(TxnOffsetCommitRequest.MEMBER_ID));
        assertEquals("static-1", commit.get(TxnOffsetCommitRequest.GROUP_INSTANCE_ID));
        Message partition = commit.get(TxnOffsetCommitRequest.TOPICS).get(0)
                .get(TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.PARTITIONS).get(0);
        assertEquals(17L, partition.get(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.COMMITTED_OFFSET));
        assertEquals("note", partition.get(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.COMMITTED_METADATA));
    }

    @Test
    void underVersion2TxnOffsetCommitAddsTheGroupItself() {
        broker(TV2);
        start();
        producer.initTransactions();
        producer.beginTransaction();
        producer.sendOffsetsToTransaction(Map.of(new TopicPartition("in", 0), OffsetAndMetadata.of(3)),
                ConsumerGroupMetadata.of("copier"));
        producer.commitTransaction();
        assertEquals(List.of("FindCoordinator v6", "InitProducerId v5", "FindCoordinator v6", "TxnOffsetCommit v5",
                "EndTxn v5"), names(transactional()));
    }

    @Test
    void aCommitThatTimedOutGoesOnAndIsAwaitedByCallingCommitAgain() {
        broker(TV2);
        network.hold(ApiKey.END_TXN, (short) 5);
        start("max.block.ms", 0);
        Await.until("initTransactions completes when called again", () -> {
            try {
                producer.initTransactions();
                return true;
            } catch (TimeoutException notYet) {
                return false;
            }
        });
        producer.beginTransaction();
        producer.send(record(0, "a"));
        TimeoutException timeout = assertThrows(TimeoutException.class, producer::commitTransaction);
        assertTrue(timeout.getMessage().contains("max.block.ms"), timeout.getMessage());
        assertThrows(IllegalStateException.class, producer::beginTransaction, "the commit is not over");

        Await.until("EndTxn is sent once the record is acknowledged", () -> !network.sent(ApiKey.END_TXN).isEmpty());
        ScriptedNetwork.Exchange end = network.takeHeld(ApiKey.END_TXN).orElseThrow();
        end.answer(EndTxnResponse.SCHEMA.newMessage().set(EndTxnResponse.ERROR_CODE, (short) 0)
                .set(EndTxnResponse.PRODUCER_ID, 42L).set(EndTxnResponse.PRODUCER_EPOCH, (short) 1));
        Await.until("commit, called again, returns", () -> {
            try {
                producer.commitTransaction();
                return true;
            } catch (TimeoutException notYet) {
                return false;
            }
        });
        assertEquals(1, network.sent(ApiKey.END_TXN).size(), "calling commit again sent no second EndTxn");
        producer.beginTransaction();
    }

    @Test
    void fencingSeenOnProduceIsFatal() throws Exception {
        broker(TV2);
        start();
        producer.initTransactions();
        producer.beginTransaction();
        produceError = ErrorCode.PRODUCER_FENCED;
        producer.send(record(0, "a"));
        assertThrows(ProducerFencedException.class, producer::commitTransaction);
        assertThrows(ProducerFencedException.class, producer::abortTransaction);
        assertThrows(ProducerFencedException.class, producer::beginTransaction);
        assertTrue(network.sent(ApiKey.END_TXN).isEmpty(), "a fenced producer ends nothing");
    }

    @Test
    void closingWithATransactionOpenAbortsIt() {
        broker(TV2);
        start();
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(record(0, "a"));
        producer.close();
        producer = null;
        List<ScriptedNetwork.Exchange> ends = network.sent(ApiKey.END_TXN);
        assertEquals(1, ends.size());
        assertFalse(ends.get(0).request().get(EndTxnRequest.COMMITTED));
    }

    // ---- answers -----------------------------------------------------------------------------------------

    private Message produceAnswer(Message request) {
        List<Message> topics = new ArrayList<>();
        for (Message topic : request.get(ProduceRequest.TOPIC_DATA)) {
            List<Message> partitions = new ArrayList<>();
            for (Message p : topic.get(ProduceRequest.TopicProduceData.PARTITION_DATA)) {
                RecordBatch batch = copy(p.get(ProduceRequest.PartitionProduceData.RECORDS));
                produced.add(batch);
                partitions.add(Message.of(ProduceResponse.PartitionProduceResponse.SCHEMA)
                        .set(ProduceResponse.PartitionProduceResponse.INDEX, p.get(ProduceRequest.PartitionProduceData.INDEX))
                        .set(ProduceResponse.PartitionProduceResponse.ERROR_CODE, produceError.code())
                        .set(ProduceResponse.PartitionProduceResponse.BASE_OFFSET,
                                offsets.getAndAdd(batch.recordCount())));
            }
            topics.add(Message.of(ProduceResponse.TopicProduceResponse.SCHEMA)
                    .set(ProduceResponse.TopicProduceResponse.NAME, topic.get(ProduceRequest.TopicProduceData.NAME))
                    .set(ProduceResponse.TopicProduceResponse.PARTITION_RESPONSES, partitions));
        }
        return ProduceResponse.SCHEMA.newMessage().set(ProduceResponse.RESPONSES, topics);
    }

    private static RecordBatch copy(java.nio.ByteBuffer records) {
        java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocate(records.remaining());
        copy.put(records.duplicate()).flip();
        return RecordBatch.wrap(copy);
    }

    private static Message addPartitionsAnswer(Message request) {
        List<Message> topics = new ArrayList<>();
        for (Message topic : request.get(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS)) {
            List<Message> results = new ArrayList<>();
            for (int p : topic.get(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.PARTITIONS)) {
                results.add(Message.of(AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.SCHEMA)
                        .set(AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.PARTITION_INDEX, p)
                        .set(AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE, (short) 0));
            }
            topics.add(Message.of(AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.SCHEMA)
                    .set(AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.NAME,
                            topic.get(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.NAME))
                    .set(AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION, results));
        }
        return AddPartitionsToTxnResponse.SCHEMA.newMessage()
                .set(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW, topics);
    }

    private static Message offsetCommitAnswer(Message request) {
        List<Message> topics = new ArrayList<>();
        for (Message topic : request.get(TxnOffsetCommitRequest.TOPICS)) {
            List<Message> partitions = new ArrayList<>();
            for (Message p : topic.get(TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.PARTITIONS)) {
                partitions.add(Message.of(TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition.SCHEMA)
                        .set(TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition.PARTITION_INDEX,
                                p.get(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.PARTITION_INDEX))
                        .set(TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition.ERROR_CODE, (short) 0));
            }
            topics.add(Message.of(TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic.SCHEMA)
                    .set(TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic.NAME,
                            topic.get(TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.NAME))
                    .set(TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic.PARTITIONS, partitions));
        }
        return TxnOffsetCommitResponse.SCHEMA.newMessage().set(TxnOffsetCommitResponse.TOPICS, topics);
    }
}
