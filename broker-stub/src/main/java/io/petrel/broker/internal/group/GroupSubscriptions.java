package io.petrel.broker.internal.group;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The topics a consumer group's members subscribe to, read from their metadata for the group's selected protocol
 * (Kafka's ConsumerProtocolSubscription: a version, then the topics, in every version). As in Kafka's classic
 * group, the subscription is unknown (empty) when any member's metadata cannot be read.
 */
final class GroupSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(GroupSubscriptions.class);

    private GroupSubscriptions() {
    }

    static Optional<Set<String>> topics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        String protocol = group.protocolName();
        if (protocol == null) {
            return Optional.empty();
        }
        for (GroupMember m : group.members()) {
            Optional<List<String>> member = topicsOf(group.groupId(), m.metadata(protocol));
            if (member.isEmpty()) {
                return Optional.empty();
            }
            topics.addAll(member.get());
        }
        return Optional.of(topics);
    }

    private static Optional<List<String>> topicsOf(String groupId, byte[] metadata) {
        try {
            return Optional.of(EmbeddedConsumerProtocol.subscription(metadata).topics());
        } catch (IllegalArgumentException e) {
            log.debug("Group {}: a member's subscription metadata is unreadable ({}); its subscription is unknown",
                    groupId, e.getMessage());
            return Optional.empty();
        }
    }
}
