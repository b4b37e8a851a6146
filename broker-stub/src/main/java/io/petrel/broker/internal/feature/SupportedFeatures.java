package io.petrel.broker.internal.feature;

import java.util.List;
import java.util.Optional;

/**
 * The features this broker supports, with the ranges of a Kafka 4.3.1 node where broker-stub does what the level
 * means, and with a narrower range where it does not.
 *
 * <p>As Kafka 4.3.1: {@code metadata.version} 7-30 (3.3-IV3 to 4.3-IV0, finalized at 30); {@code kraft.version} 0-1
 * (finalized 1: a dynamic quorum of one voter, as {@code format --standalone}); {@code transaction.version} 0-2 (KIP-890
 * at 2; the initial level is {@code BrokerConfig.transactionVersion()}); {@code group.version} 0-1 (1: the consumer
 * group protocol of KIP-848 is served, 0 refuses it); {@code eligible.leader.replicas.version} 0-1 (finalized 1; with
 * one replica per partition the eligible leader replicas are always the leader, so the level changes nothing here).
 *
 * <p>Narrower than Kafka: {@code share.version} and {@code streams.version} are supported at 0 only, since
 * broker-stub serves neither share groups (KIP-932) nor streams groups (KIP-1071): finalizing them would tell clients
 * of groups this broker cannot run, so an upgrade is refused as Kafka refuses a level a node does not support.
 */
public final class SupportedFeatures {
    public static final String METADATA_VERSION = "metadata.version";
    public static final String KRAFT_VERSION = "kraft.version";
    public static final String TRANSACTION_VERSION = "transaction.version";
    public static final String GROUP_VERSION = "group.version";
    public static final String ELIGIBLE_LEADER_REPLICAS_VERSION = "eligible.leader.replicas.version";
    public static final String SHARE_VERSION = "share.version";
    public static final String STREAMS_VERSION = "streams.version";

    private final List<SupportedFeature> features;

    private SupportedFeatures(List<SupportedFeature> features) {
        this.features = List.copyOf(features);
    }

    /** This broker's features, {@code transaction.version} first finalized at {@code initialTransactionVersion}. */
    public static SupportedFeatures of(short initialTransactionVersion) {
        return new SupportedFeatures(List.of(
                feature(METADATA_VERSION, 7, 30, 30),
                feature(KRAFT_VERSION, 0, 1, 1),
                feature(TRANSACTION_VERSION, 0, 2, initialTransactionVersion),
                feature(GROUP_VERSION, 0, 1, 1),
                feature(ELIGIBLE_LEADER_REPLICAS_VERSION, 0, 1, 1),
                feature(SHARE_VERSION, 0, 0, 0),
                feature(STREAMS_VERSION, 0, 0, 0)));
    }

    private static SupportedFeature feature(String name, int min, int max, int initial) {
        return new SupportedFeature(name, (short) min, (short) max, (short) initial);
    }

    public List<SupportedFeature> all() {
        return features;
    }

    public Optional<SupportedFeature> find(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
