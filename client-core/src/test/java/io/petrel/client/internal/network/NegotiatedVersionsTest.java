package io.petrel.client.internal.network;

import io.petrel.client.UnsupportedVersionException;
import io.petrel.client.internal.FinalizedFeatures;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ApiVersionsResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a connection learns from ApiVersions: the version per request, capped where a body asks, and the features. */
class NegotiatedVersionsTest {
    private static final Map<ApiKey, Versions> KAFKA_43 = Map.of(ApiKey.PRODUCE, Versions.parse("0-13"),
            ApiKey.END_TXN, Versions.parse("0-5"), ApiKey.API_VERSIONS, Versions.parse("0-4"));

    private static Message withFeatures(long epoch, Map<String, Short> levels) {
        Message body = FakeKafkaServer.apiVersionsBody(ErrorCode.NONE, KAFKA_43);
        List<Message> finalized = levels.entrySet().stream().map(e -> Message.of(ApiVersionsResponse.FinalizedFeatureKey.SCHEMA)
                .set(ApiVersionsResponse.FinalizedFeatureKey.NAME, e.getKey())
                .set(ApiVersionsResponse.FinalizedFeatureKey.MIN_VERSION_LEVEL, (short) 1)
                .set(ApiVersionsResponse.FinalizedFeatureKey.MAX_VERSION_LEVEL, e.getValue())).toList();
        return body.set(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH, epoch)
                .set(ApiVersionsResponse.FINALIZED_FEATURES, finalized);
    }

    @Test
    void readsTheFinalizedFeaturesAKafka4BrokerReports() {
        NegotiatedVersions versions = NegotiatedVersions.from(withFeatures(7,
                Map.of("transaction.version", (short) 2, "metadata.version", (short) 27)), "broker 1");
        FinalizedFeatures features = versions.features();
        assertEquals(7, features.epoch());
        assertEquals(2, features.level("transaction.version"));
        assertEquals(0, features.level("group.version"), "a feature not finalized is at level 0");
    }

    @Test
    void aBrokerReportingNoFeaturesHasNone() {
        NegotiatedVersions versions = NegotiatedVersions.from(FakeKafkaServer.apiVersionsBody(ErrorCode.NONE, KAFKA_43), "b");
        assertSame(FinalizedFeatures.NONE, versions.features());
        assertEquals(0, versions.features().level("transaction.version"));
    }

    @Test
    void theNewerEpochWins() {
        FinalizedFeatures tv1 = new FinalizedFeatures(3, Map.of("transaction.version", (short) 1));
        FinalizedFeatures tv2 = new FinalizedFeatures(4, Map.of("transaction.version", (short) 2));
        assertSame(tv2, tv1.newer(tv2));
        assertSame(tv2, tv2.newer(tv1));
        assertSame(tv1, FinalizedFeatures.NONE.newer(tv1));
    }

    @Test
    void aBodyMayCapTheVersionBelowTheNegotiatedOne() {
        NegotiatedVersions versions = NegotiatedVersions.from(withFeatures(1, Map.of()), "broker 1");
        assertEquals(ApiKey.PRODUCE.versions().highest(), versions.versionFor(ApiKey.PRODUCE));
        assertEquals(11, versions.versionFor(ApiKey.PRODUCE, (short) 11), "transactions v1 stop Produce at v11");
        assertEquals(4, versions.versionFor(ApiKey.END_TXN, (short) 4));
        assertEquals(5, versions.versionFor(ApiKey.END_TXN, Short.MAX_VALUE));
    }

    @Test
    void aCapBelowEveryCommonVersionIsRefusedNamingTheCap() {
        NegotiatedVersions versions = NegotiatedVersions.from(withFeatures(1, Map.of()), "broker 1");
        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class,
                () -> versions.versionFor(ApiKey.PRODUCE, (short) 2));
        assertTrue(e.getMessage().contains("no higher than v2"), e.getMessage());
    }
}
