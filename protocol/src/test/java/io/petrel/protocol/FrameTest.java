package io.petrel.protocol;

import io.petrel.protocol.schemas.MetadataRequest;
import io.petrel.protocol.schemas.MetadataResponse;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request and response framing, checked against kafka-clients' own header parsing and writing. */
class FrameTest {

    @Test
    void requestsPetrelFramesAreParsedByKafkaInEveryVersion() {
        for (short version = 0; version <= 13; version++) {
            Message body = MetadataRequest.SCHEMA.newMessage().set(MetadataRequest.TOPICS, List.of(
                    Message.of(MetadataRequest.MetadataRequestTopic.SCHEMA).set(MetadataRequest.MetadataRequestTopic.NAME, "orders")));
            ByteBuffer frame = RequestFrame.encode(ApiKey.METADATA, version, 42, "petrel-client", body);
            assertEquals(frame.remaining() - 4, frame.getInt(0), "size prefix counts the bytes after it");

            frame.position(4);
            RequestHeader header = RequestHeader.parse(frame);
            assertEquals(ApiKeys.METADATA, header.apiKey());
            assertEquals(version, header.apiVersion());
            assertEquals(42, header.correlationId());
            assertEquals("petrel-client", header.clientId());
            var request = org.apache.kafka.common.requests.AbstractRequest.parseRequest(ApiKeys.METADATA, version,
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(frame)).request;
            assertEquals(List.of("orders"), ((org.apache.kafka.common.requests.MetadataRequest) request).topics());
        }
    }

    @Test
    void requestsKafkaFramesAreDecodedByPetrel() {
        for (short version = 1; version <= 13; version++) {
            var kafkaRequest = new org.apache.kafka.common.requests.MetadataRequest.Builder(List.of("a", "b"), true).build(version);
            ByteBuffer frame = kafkaRequest.serializeWithHeader(new RequestHeader(ApiKeys.METADATA, version, "kafka-client", 7));

            RequestFrame decoded = RequestFrame.decode(frame);
            assertEquals(ApiKey.METADATA, decoded.api().orElseThrow());
            assertEquals(version, decoded.apiVersion());
            assertEquals(7, decoded.correlationId());
            assertEquals("kafka-client", decoded.clientId());
            List<Message> topics = decoded.decodeBody().get(MetadataRequest.TOPICS);
            assertEquals(List.of("a", "b"), topics.stream().map(t -> t.get(MetadataRequest.MetadataRequestTopic.NAME)).toList());
        }
    }

    @Test
    void aRequestForAnUnknownApiKeepsItsHeaderReadable() {
        ByteBuffer frame = ByteBuffer.allocate(64);
        frame.putShort((short) 999).putShort((short) 0).putInt(5).putShort((short) 3).put("abc".getBytes()).flip();
        RequestFrame decoded = RequestFrame.decode(frame);
        assertEquals(999, decoded.apiKey());
        assertTrue(decoded.api().isEmpty());
        assertEquals(5, decoded.correlationId());
        ProtocolException e = assertThrows(ProtocolException.class, decoded::decodeBody);
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }

    @Test
    void responsesPetrelFramesAreParsedByKafka() {
        for (short version = 0; version <= 13; version++) {
            Message body = MetadataResponse.SCHEMA.newMessage().set(MetadataResponse.CLUSTER_ID, version >= 2 ? "petrel" : null)
                    .set(MetadataResponse.BROKERS, List.of(Message.of(MetadataResponse.MetadataResponseBroker.SCHEMA)
                            .set(MetadataResponse.MetadataResponseBroker.NODE_ID, 1)
                            .set(MetadataResponse.MetadataResponseBroker.HOST, "localhost")
                            .set(MetadataResponse.MetadataResponseBroker.PORT, 9092)));
            ByteBuffer frame = ResponseFrame.encode(ApiKey.METADATA, version, 77, body);
            frame.position(4);
            RequestHeader requestHeader = new RequestHeader(ApiKeys.METADATA, version, "c", 77);
            var parsed = (org.apache.kafka.common.requests.MetadataResponse) AbstractResponse.parseResponse(frame, requestHeader);
            assertEquals(1, parsed.brokers().size());
            assertEquals("localhost", parsed.brokers().iterator().next().host());
        }
    }

    @Test
    void responsesKafkaFramesAreDecodedByPetrel() {
        MetadataResponseData data = new MetadataResponseData().setClusterId("kafka-cluster").setControllerId(1);
        data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("h").setPort(1234));
        for (short version = 2; version <= 13; version++) {
            ByteBuffer frame = sizePrefixed(new org.apache.kafka.common.requests.MetadataResponse(data, version), version, 99);
            frame.position(4);
            assertEquals(99, ResponseFrame.peekCorrelationId(frame));
            ResponseFrame decoded = ResponseFrame.decode(frame, ApiKey.METADATA, version);
            assertEquals(99, decoded.correlationId());
            assertEquals("kafka-cluster", decoded.body().get(MetadataResponse.CLUSTER_ID));
            assertEquals(1234, decoded.body().get(MetadataResponse.BROKERS).get(0).get(MetadataResponse.MetadataResponseBroker.PORT));
        }
    }

    @Test
    void apiVersionsResponsesAlwaysUseHeaderV0() {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode((short) 0);
        ByteBuffer frame = sizePrefixed(new org.apache.kafka.common.requests.ApiVersionsResponse(data), (short) 4, 3);
        frame.position(4);
        ResponseFrame decoded = ResponseFrame.decode(frame, ApiKey.API_VERSIONS, (short) 4);
        assertEquals(3, decoded.correlationId());
        assertEquals((short) 0, decoded.body().get(io.petrel.protocol.schemas.ApiVersionsResponse.ERROR_CODE));
        assertEquals(0, ResponseFrame.headerVersion(ApiKey.API_VERSIONS, (short) 4));
    }

    @Test
    void frameSizesAreCheckedBeforeAnythingIsAllocated() {
        ByteBuffer twoGiB = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip();
        ProtocolException tooBig = assertThrows(ProtocolException.class, () -> FrameLength.peek(twoGiB, 100 * 1024 * 1024));
        assertTrue(tooBig.getMessage().contains(Integer.toString(Integer.MAX_VALUE)), tooBig.getMessage());
        ByteBuffer negative = ByteBuffer.allocate(4).putInt(-5).flip();
        assertThrows(ProtocolException.class, () -> FrameLength.peek(negative, 1024));
        assertEquals(-1, FrameLength.peek(ByteBuffer.allocate(3), 1024), "fewer than four bytes: wait for more");
        assertEquals(10, FrameLength.peek(ByteBuffer.allocate(4).putInt(10).flip(), 1024));
    }

    private static ByteBuffer sizePrefixed(AbstractResponse response, short version, int correlationId) {
        // kafka-clients frames responses through a package-private method; its header and body writers are public.
        var header = new org.apache.kafka.common.requests.ResponseHeader(correlationId,
                response.apiKey().responseHeaderVersion(version));
        var body = response.data();
        var headerData = header.data();
        short headerVersion = header.headerVersion();
        ByteBuffer headerBytes = org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(headerData, headerVersion).buffer();
        ByteBuffer bodyBytes = org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(body, version).buffer();
        ByteBuffer frame = ByteBuffer.allocate(4 + headerBytes.remaining() + bodyBytes.remaining());
        frame.putInt(headerBytes.remaining() + bodyBytes.remaining()).put(headerBytes).put(bodyBytes);
        return frame.flip();
    }
}
