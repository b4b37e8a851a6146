package io.petrel.broker.internal.metrics;

/** Told of the record bytes that go into and out of each topic, for Kafka's {@code BrokerTopicMetrics}. */
public interface TopicTraffic {
    /** Records nothing: for handlers built without metrics. */
    TopicTraffic NONE = new TopicTraffic() {
        @Override
        public void produced(String topic, long bytes, long messages) {
        }

        @Override
        public void fetched(String topic, long bytes) {
        }
    };

    /** A Produce appended {@code messages} records in {@code bytes} bytes to {@code topic}; must not block. */
    void produced(String topic, long bytes, long messages);

    /** A Fetch response carried {@code bytes} record bytes of {@code topic}; must not block. */
    void fetched(String topic, long bytes);
}
