package io.petrel.client;

import io.petrel.protocol.ErrorCode;

/** A broker answered with an error code; its name is the one Kafka's documentation uses. */
public class BrokerErrorException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorCode error;

    public BrokerErrorException(ErrorCode error, String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    /**
     * The exception for an error a broker answered about one resource: an {@link AuthorizationException}
     * naming the resource for the *_AUTHORIZATION_FAILED errors, else a plain BrokerErrorException.
     *
     * @param resource the topic, group or transactional id the request was about (ignored for cluster errors)
     * @param context  what was being done, for the message
     */
    public static BrokerErrorException forResource(ErrorCode error, String resource, String context) {
        return switch (error) {
            case TOPIC_AUTHORIZATION_FAILED -> new TopicAuthorizationException(java.util.Set.of(resource), context);
            case GROUP_AUTHORIZATION_FAILED -> new GroupAuthorizationException(resource, context);
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED -> new TransactionalIdAuthorizationException(resource, context);
            case CLUSTER_AUTHORIZATION_FAILED -> new ClusterAuthorizationException(context);
            default -> new BrokerErrorException(error, context);
        };
    }

    public ErrorCode error() {
        return error;
    }

    @Override
    public boolean isRetriable() {
        return error.retriable();
    }
}
