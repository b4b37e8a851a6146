package io.petrel.client;

import io.petrel.protocol.ErrorCode;

import java.util.Set;
import java.util.TreeSet;

/** TOPIC_AUTHORIZATION_FAILED: the principal may not use these topics for the operation. */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;
    private final Set<String> topics;

    /**
     * @param topics  the topics refused
     * @param context what was being done, e.g. "Producing 3 record(s) to orders-0"
     */
    public TopicAuthorizationException(Set<String> topics, String context) {
        super(ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Not authorized to access topic(s) " + new TreeSet<>(topics)
                + (context == null || context.isEmpty() ? "" : " (" + context + ")"));
        this.topics = Set.copyOf(topics);
    }

    /** The topics refused. */
    public Set<String> unauthorizedTopics() {
        return topics;
    }
}
