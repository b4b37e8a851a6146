package io.petrel.client.internal.network;

import io.petrel.client.BrokerErrorException;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.ResponseFrame;
import io.petrel.protocol.Versions;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The ApiVersions exchange's decisions, on frames built in memory. */
class ApiVersionsHandshakeTest {
    private static ByteBuffer frame(short version, ErrorCode error, Map<ApiKey, Versions> offered) {
        ByteBuffer whole = ResponseFrame.encode(ApiKey.API_VERSIONS, version, 5, FakeKafkaServer.apiVersionsBody(error, offered));
        whole.position(4);
        return whole.slice();
    }

    @Test
    void startsAtTheNewestVersion() {
        assertEquals(4, ApiVersionsHandshake.FIRST_VERSION);
    }

    @Test
    void unsupportedVersionWithAV0ListRetriesAtTheBrokersMax() {
        ByteBuffer frame = frame((short) 0, ErrorCode.UNSUPPORTED_VERSION,
                Map.of(ApiKey.API_VERSIONS, Versions.parse("0-2"), ApiKey.METADATA, Versions.parse("0-9")));
        ApiVersionsHandshake.Outcome outcome = ApiVersionsHandshake.decode(frame, (short) 4, "test broker");
        assertEquals(new ApiVersionsHandshake.Retry((short) 2), outcome);
    }

    @Test
    void unsupportedVersionWithoutApiVersionsInTheListRetriesAtV0() {
        ByteBuffer frame = frame((short) 0, ErrorCode.UNSUPPORTED_VERSION, Map.of(ApiKey.METADATA, Versions.parse("0-9")));
        assertEquals(new ApiVersionsHandshake.Retry((short) 0), ApiVersionsHandshake.decode(frame, (short) 4, "b"));
    }

    @Test
    void aV0BodyForAnotherErrorIsStillRead() {
        ByteBuffer frame = frame((short) 0, ErrorCode.NONE, Map.of(ApiKey.METADATA, Versions.parse("0-9")));
        ApiVersionsHandshake.Outcome outcome = ApiVersionsHandshake.decode(frame, (short) 4, "b");
        NegotiatedVersions versions = ((ApiVersionsHandshake.Done) outcome).versions();
        assertEquals((short) 9, versions.chosen(ApiKey.METADATA).orElseThrow());
    }

    @Test
    void aNewerBrokerIsAnsweredAtOurVersion() {
        ByteBuffer frame = frame((short) 4, ErrorCode.NONE,
                Map.of(ApiKey.API_VERSIONS, Versions.parse("0-9"), ApiKey.METADATA, Versions.parse("0-40")));
        NegotiatedVersions versions = ((ApiVersionsHandshake.Done) ApiVersionsHandshake.decode(frame, (short) 4, "b")).versions();
        assertEquals((short) 4, versions.chosen(ApiKey.API_VERSIONS).orElseThrow());
        assertEquals(ApiKey.METADATA.versions().highest(), versions.chosen(ApiKey.METADATA).orElseThrow());
    }

    @Test
    void otherErrorsFailTheExchange() {
        ByteBuffer frame = frame((short) 4, ErrorCode.INVALID_REQUEST, Map.of());
        ApiVersionsHandshake.Outcome outcome = ApiVersionsHandshake.decode(frame, (short) 4, "b");
        BrokerErrorException error = assertInstanceOf(BrokerErrorException.class,
                ((ApiVersionsHandshake.Failed) outcome).error());
        assertEquals(ErrorCode.INVALID_REQUEST, error.error());
    }
}
