package io.petrel.broker.internal.topic;

/** Where a config value comes from, with the codes DescribeConfigs and CreateTopics carry. */
public enum ConfigSource {
    /** Set on the topic. */
    TOPIC_CONFIG(1),
    /** Set at run time on this broker (IncrementalAlterConfigs on the broker by its node id). */
    DYNAMIC_BROKER_CONFIG(2),
    /** Set at run time as the cluster-wide default of every broker (IncrementalAlterConfigs on the empty name). */
    DYNAMIC_DEFAULT_BROKER_CONFIG(3),
    /** Set in the broker's own configuration (for a broker-embedded setting: given to the broker at start). */
    STATIC_BROKER_CONFIG(4),
    /** Apache Kafka's default, unchanged. */
    DEFAULT_CONFIG(5);

    private final byte code;

    ConfigSource(int code) {
        this.code = (byte) code;
    }

    /** The value on the wire. */
    public byte code() {
        return code;
    }
}
