package io.petrel.broker.internal.network;

import io.petrel.broker.Broker;
import io.petrel.broker.PetrelBrokerExtension;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import io.petrel.protocol.schemas.FetchResponse;
import io.petrel.protocol.schemas.MetadataResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker on the wire, spoken to through a bare socket: ApiVersions negotiation, unknown keys, pipelining. */
@ExtendWith(PetrelBrokerExtension.class)
class ProtocolTest {

    /** What broker-stub serves: every API Petrel parses (the SASL ones on every listener, as Kafka advertises them). */
    private static final Set<ApiKey> SERVED = EnumSet.allOf(ApiKey.class);

    @Test
    void apiVersionsIsAnsweredAtEveryVersionWithTheServedApis(Broker broker) throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            for (int version = 0; version <= 4; version++) {
                int correlationId = client.send(ApiKey.API_VERSIONS, version, RawClient.apiVersions());
                ByteBuffer frame = client.readFrame();
                // Response header v0 at every version: the correlation id, then the body's error code.
                assertEquals(correlationId, frame.getInt(0), "correlation id at v" + version);
                assertEquals(ErrorCode.NONE.code(), frame.getShort(4), "error code right after header v0 at v" + version);

                Message body = ResponseFrame.decode(frame, ApiKey.API_VERSIONS, (short) version).body();
                Map<ApiKey, short[]> advertised = advertised(body);
                assertEquals(SERVED, advertised.keySet(), "APIs advertised at v" + version);
                for (ApiKey api : SERVED) {
                    short[] range = advertised.get(api);
                    assertTrue(range[0] <= range[1], api + " range " + range[0] + ".." + range[1]);
                    assertTrue(range[1] <= api.versions().highest(), api + " max " + range[1] + " beyond what Petrel parses");
                }
                assertEquals(0, advertised.get(ApiKey.API_VERSIONS)[0]);
                assertEquals(4, advertised.get(ApiKey.API_VERSIONS)[1]);
            }
        }
    }

    @Test
    void anApiVersionsVersionFromTheFutureIsAnsweredAtV0WithTheListAndUnsupportedVersion(Broker broker) throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            // What a newer client sends first: ApiVersions v99 with header v2 and a body this broker cannot know.
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            ByteBuffer header = ByteBuffer.allocate(2 + 2 + 4 + 2 + 4 + 1);
            header.putShort(ApiKey.API_VERSIONS.id()).putShort((short) 99).putInt(4242);
            header.putShort((short) 4).put("next".getBytes(StandardCharsets.US_ASCII)).put((byte) 0); // client id, no tags
            frame.write(header.array(), 0, header.position());
            frame.write(new byte[] {5, 'f', 'u', 't', 'r', 2, '9', 0, 0}); // an invented v99 body
            ByteBuffer sized = ByteBuffer.allocate(4 + frame.size()).putInt(frame.size()).put(frame.toByteArray()).flip();
            client.sendRaw(sized);

            ResponseFrame response = client.read(ApiKey.API_VERSIONS, 0);
            assertEquals(4242, response.correlationId());
            assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), response.body().get(ApiVersionsResponse.ERROR_CODE));
            assertEquals(SERVED, advertised(response.body()).keySet());

            // The client then retries at the broker's highest version, on the same connection.
            Message retried = client.call(ApiKey.API_VERSIONS, 4, RawClient.apiVersions());
            assertEquals(ErrorCode.NONE.code(), retried.get(ApiVersionsResponse.ERROR_CODE));
        }
    }

    @Test
    void anUnknownApiKeyIsAnsweredWithAnErrorAndTheConnectionStaysUsable(Broker broker) throws IOException {
        try (RawClient client = RawClient.connect(broker.port())) {
            for (short key : new short[] {4 /* LeaderAndIsr: never to a client-facing broker */, 999}) {
                int correlationId = 1000 + key;
                client.sendRaw(headerV1Frame(key, (short) 0, correlationId, new byte[0]));
                ByteBuffer answer = client.readFrame();
                assertEquals(correlationId, answer.getInt(0), "correlation id of the answer to key " + key);
                assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), answer.getShort(4), "error for key " + key);
            }
            // A served API at a version below its range is refused the same way.
            client.sendRaw(headerV1Frame(ApiKey.PRODUCE.id(), (short) 2, 77, new byte[0]));
            ByteBuffer answer = client.readFrame();
            assertEquals(77, answer.getInt(0));
            assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), answer.getShort(4));

            Message after = client.call(ApiKey.API_VERSIONS, 3, RawClient.apiVersions());
            assertEquals(ErrorCode.NONE.code(), after.get(ApiVersionsResponse.ERROR_CODE));
            assertFalse(advertised(after).isEmpty());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenAroundALongPollFetch(Broker broker) throws IOException {
        String topic = "pipelined";
        try (RawClient client = RawClient.connect(broker.port())) {
            client.createTopicOrFail(topic, 1);

            // 20 requests written in one go before any response is read; number 10 is a Fetch that waits
            // up to 200 ms for data that never comes, so the requests behind it are ready long before it is.
            record Sent(int correlationId, ApiKey api, int version) { }
            List<Sent> sent = new ArrayList<>();
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 20; i++) {
                int correlationId = 500 + i;
                ApiKey api;
                int version;
                Message body;
                if (i == 10) {
                    api = ApiKey.FETCH;
                    version = 12;
                    body = RawClient.fetch(topic, 0, 0, 200, 1);
                } else if (i % 2 == 0) {
                    api = ApiKey.METADATA;
                    version = 12;
                    body = RawClient.metadata(List.of(topic));
                } else {
                    api = ApiKey.API_VERSIONS;
                    version = 3;
                    body = RawClient.apiVersions();
                }
                ByteBuffer frame = io.petrel.protocol.RequestFrame.encode(api, (short) version, correlationId,
                        RawClient.CLIENT_ID, body);
                burst.write(frame.array(), frame.arrayOffset(), frame.remaining());
                sent.add(new Sent(correlationId, api, version));
            }
            client.sendRaw(burst.toByteArray());

            for (Sent expected : sent) {
                ResponseFrame response = client.read(expected.api(), expected.version());
                assertEquals(expected.correlationId(), response.correlationId(), "responses must come back in request order");
                if (expected.api() == ApiKey.FETCH) {
                    Message partition = response.body().get(FetchResponse.RESPONSES).get(0)
                            .get(FetchResponse.FetchableTopicResponse.PARTITIONS).get(0);
                    assertEquals(ErrorCode.NONE.code(), partition.get(FetchResponse.PartitionData.ERROR_CODE));
                    assertEquals(0L, partition.get(FetchResponse.PartitionData.HIGH_WATERMARK));
                } else if (expected.api() == ApiKey.METADATA) {
                    assertEquals(topic, response.body().get(MetadataResponse.TOPICS).get(0)
                            .get(MetadataResponse.MetadataResponseTopic.NAME));
                }
            }
        }
    }

    /** A request frame with header v1 (key, version, correlation id, client id) and a raw body. */
    static byte[] headerV1Frame(short apiKey, short version, int correlationId, byte[] body) {
        byte[] clientId = RawClient.CLIENT_ID.getBytes(StandardCharsets.UTF_8);
        int size = 2 + 2 + 4 + 2 + clientId.length + body.length;
        return ByteBuffer.allocate(4 + size).putInt(size).putShort(apiKey).putShort(version).putInt(correlationId)
                .putShort((short) clientId.length).put(clientId).put(body).array();
    }

    static Map<ApiKey, short[]> advertised(Message apiVersionsResponse) {
        Map<ApiKey, short[]> byKey = new TreeMap<>();
        for (Message entry : apiVersionsResponse.get(ApiVersionsResponse.API_KEYS)) {
            ApiKey api = ApiKey.lookup(entry.get(ApiVersionsResponse.ApiVersion.API_KEY))
                    .orElseThrow(() -> new AssertionError("Advertised an API Petrel does not know: " + entry));
            byKey.put(api, new short[] {entry.get(ApiVersionsResponse.ApiVersion.MIN_VERSION),
                    entry.get(ApiVersionsResponse.ApiVersion.MAX_VERSION)});
        }
        return byKey;
    }
}
