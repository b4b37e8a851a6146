/**
 * Petrel's Kafka producer: {@link io.petrel.producer.Producer}, built with
 * {@link io.petrel.producer.Producer#builder} or from Kafka-style settings, sends
 * {@link io.petrel.producer.ProducerRecord}s and completes each with a {@link io.petrel.producer.RecordMetadata}.
 *
 * <p>A record goes through one pipeline, one type per stage, in this order (all in
 * {@code io.petrel.producer.internal}): {@code RecordSerializer} (bytes, timestamp, headers) ->
 * {@code RecordPartitioner} (explicit partition, else the {@link io.petrel.producer.Partitioner}) ->
 * {@code RecordAccumulator} (per-partition {@code ProducerBatch}es in recycled {@code BatchArrays}, batch.size,
 * linger.ms, LZ4 compressed as records arrive, with {@code BufferPool} bounding buffer.memory) -> {@code Sender}
 * (drains ready batches per leader into {@code ProduceExchange}s, finishing each batch's compression) ->
 * {@code RetryPolicy} (backoff, delivery.timeout.ms, {@code IdempotenceState} sequences) ->
 * {@code RecordCompletion} (each record's future and callback).
 * {@code PetrelProducer} wires them. Records of a topic whose metadata is not known yet wait in
 * {@code PendingRecords} between the serializer and the partitioner (as {@code SerializedRecord}s; a record
 * whose topic is known goes from the serializer to its batch as parts, with no object in between).
 */
package io.petrel.producer;
