package io.petrel.admin.internal;

import io.petrel.admin.GroupIdNotFoundException;
import io.petrel.admin.GroupNotEmptyException;
import io.petrel.admin.GroupSubscribedToTopicException;
import io.petrel.admin.InvalidConfigurationException;
import io.petrel.admin.InvalidPartitionsException;
import io.petrel.admin.InvalidReplicationFactorException;
import io.petrel.admin.InvalidUpdateVersionException;
import io.petrel.admin.TopicExistsException;
import io.petrel.admin.UnknownMemberIdException;
import io.petrel.admin.UnknownTopicOrPartitionException;
import io.petrel.client.BrokerErrorException;
import io.petrel.client.ClusterAuthorizationException;
import io.petrel.protocol.ErrorCode;

/**
 * Turns a broker's error code for one resource into the public exception of that error, its message naming the
 * resource and carrying the broker's own explanation where it sent one.
 */
final class AdminErrors {
    private AdminErrors() {
    }

    /** Null for NONE, else the exception to fail the resource's future with. */
    static BrokerErrorException forCode(short code, String brokerMessage, String resource) {
        ErrorCode error = ErrorCode.forCode(code);
        if (error == ErrorCode.NONE) {
            return null;
        }
        String message = resource + ": " + (brokerMessage == null || brokerMessage.isBlank() ? error.message() : brokerMessage);
        return switch (error) {
            case TOPIC_ALREADY_EXISTS -> new TopicExistsException(message);
            case UNKNOWN_TOPIC_OR_PARTITION -> new UnknownTopicOrPartitionException(message);
            case INVALID_CONFIG -> new InvalidConfigurationException(message);
            case NON_EMPTY_GROUP -> new GroupNotEmptyException(message);
            case GROUP_ID_NOT_FOUND -> new GroupIdNotFoundException(message);
            case INVALID_PARTITIONS -> new InvalidPartitionsException(message);
            case INVALID_REPLICATION_FACTOR -> new InvalidReplicationFactorException(message);
            case GROUP_SUBSCRIBED_TO_TOPIC -> new GroupSubscribedToTopicException(message);
            case UNKNOWN_MEMBER_ID -> new UnknownMemberIdException(message);
            case INVALID_UPDATE_VERSION -> new InvalidUpdateVersionException(message);
            case CLUSTER_AUTHORIZATION_FAILED -> new ClusterAuthorizationException(message);
            default -> new BrokerErrorException(error, message);
        };
    }

    /** Throws the exception of a non-NONE code; for use inside a future's stage. */
    static void check(short code, String brokerMessage, String resource) {
        BrokerErrorException e = forCode(code, brokerMessage, resource);
        if (e != null) {
            throw e;
        }
    }
}
