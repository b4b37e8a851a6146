package io.petrel.client;

import io.petrel.protocol.ErrorCode;

/**
 * A broker refused an operation because the authenticated principal lacks the ACL for it (one of Kafka's
 * *_AUTHORIZATION_FAILED errors). Not retriable: the same request would be refused until an administrator
 * grants the permission. Subclasses name the resource: a topic, a group, a transactional id, the cluster.
 */
public class AuthorizationException extends BrokerErrorException {
    private static final long serialVersionUID = 1L;

    public AuthorizationException(ErrorCode error, String message) {
        super(error, message);
    }

    @Override
    public boolean isRetriable() {
        return false;
    }
}
