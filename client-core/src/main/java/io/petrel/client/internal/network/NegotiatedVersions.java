package io.petrel.client.internal.network;

import io.petrel.client.UnsupportedVersionException;
import io.petrel.client.internal.FinalizedFeatures;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.ApiVersionsResponse;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one connection's ApiVersions exchange: the version range the broker offers for each API,
 * and the version Petrel sends for each API, the highest version both sides speak
 * ({@code min(Petrel's max, broker's max)} when the ranges overlap), and the cluster's finalized features
 * the broker reported (ApiVersions v3+). Immutable.
 */
public final class NegotiatedVersions {
    private final String broker;
    private final Map<Short, Versions> brokerRanges;
    private final Map<ApiKey, Short> chosen;
    private final FinalizedFeatures features;

    private NegotiatedVersions(String broker, Map<Short, Versions> brokerRanges, FinalizedFeatures features) {
        this.broker = broker;
        this.features = features;
        this.brokerRanges = Collections.unmodifiableMap(brokerRanges);
        Map<ApiKey, Short> picks = new EnumMap<>(ApiKey.class);
        for (ApiKey api : ApiKey.values()) {
            Versions range = brokerRanges.get(api.id());
            Versions common = range == null ? Versions.NONE : api.versions().intersect(range);
            if (!common.isEmpty()) {
                picks.put(api, common.highest());
            }
        }
        this.chosen = Collections.unmodifiableMap(picks);
    }

    /** Reads the ApiKeys list of an ApiVersions response from {@code broker} (a description for messages). */
    public static NegotiatedVersions from(Message response, String broker) {
        Map<Short, Versions> ranges = new HashMap<>();
        for (Message key : response.get(ApiVersionsResponse.API_KEYS)) {
            ranges.put(key.get(ApiVersionsResponse.ApiVersion.API_KEY),
                    new Versions(key.get(ApiVersionsResponse.ApiVersion.MIN_VERSION),
                            key.get(ApiVersionsResponse.ApiVersion.MAX_VERSION)));
        }
        return new NegotiatedVersions(broker, ranges, features(response));
    }

    /** The finalized features of a v3+ response; none for older versions, which do not carry them. */
    private static FinalizedFeatures features(Message response) {
        List<Message> finalized = response.get(ApiVersionsResponse.FINALIZED_FEATURES);
        Long epoch = response.get(ApiVersionsResponse.FINALIZED_FEATURES_EPOCH);
        if (finalized == null || epoch == null || epoch < 0) {
            return FinalizedFeatures.NONE;
        }
        Map<String, Short> levels = new HashMap<>();
        for (Message feature : finalized) {
            levels.put(feature.get(ApiVersionsResponse.FinalizedFeatureKey.NAME),
                    feature.get(ApiVersionsResponse.FinalizedFeatureKey.MAX_VERSION_LEVEL));
        }
        return new FinalizedFeatures(epoch, levels);
    }

    /** The cluster's finalized features as this broker reported them. */
    public FinalizedFeatures features() {
        return features;
    }

    /**
     * The version to send an API at.
     *
     * @throws UnsupportedVersionException if the broker does not offer the API or the ranges do not overlap
     */
    public short versionFor(ApiKey api) {
        Short version = chosen.get(api);
        if (version != null) {
            return version;
        }
        Versions range = brokerRanges.get(api.id());
        if (range == null) {
            throw new UnsupportedVersionException(broker + " does not offer the " + api.apiName()
                    + " API (Petrel speaks versions " + api.versions() + ")");
        }
        throw new UnsupportedVersionException(broker + " offers " + api.apiName() + " versions " + range
                + ", none of which Petrel speaks (" + api.versions() + ")");
    }

    /**
     * The version to send an API at when the body goes no higher than {@code maxVersion}.
     *
     * @throws UnsupportedVersionException if no version up to {@code maxVersion} is spoken by both sides
     */
    public short versionFor(ApiKey api, short maxVersion) {
        short version = versionFor(api);
        if (version <= maxVersion) {
            return version;
        }
        Versions range = brokerRanges.get(api.id());
        short lowest = (short) Math.max(range.lowest(), api.versions().lowest());
        if (maxVersion < lowest) {
            throw new UnsupportedVersionException(broker + " offers " + api.apiName() + " versions " + range
                    + " and Petrel speaks " + api.versions() + ", but this request may go no higher than v" + maxVersion);
        }
        return maxVersion;
    }

    /** The version chosen for an API, empty when there is none in common. */
    public Optional<Short> chosen(ApiKey api) {
        return Optional.ofNullable(chosen.get(api));
    }

    /** The broker's range for an API key, empty when it does not offer it. */
    public Optional<Versions> brokerRange(ApiKey api) {
        return Optional.ofNullable(brokerRanges.get(api.id()));
    }

    /** Every API key the broker listed, including ones Petrel does not speak, with its range. */
    public Map<Short, Versions> brokerRanges() {
        return brokerRanges;
    }

    @Override
    public String toString() {
        return "NegotiatedVersions" + chosen;
    }
}
