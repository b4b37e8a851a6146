package io.petrel.broker.internal.group;

import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerProtocolSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
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
            ByteBuffer buf = ByteBuffer.wrap(metadata);
            short version = buf.getShort();
            short readable = (short) Math.min(version, ConsumerProtocolSubscription.SCHEMA.validVersions().highest());
            Message m = ConsumerProtocolSubscription.SCHEMA.read(buf, readable);
            List<String> topics = m.get(ConsumerProtocolSubscription.TOPICS);
            return Optional.of(topics == null ? List.of() : topics);
        } catch (RuntimeException e) {
            log.debug("Group {}: a member's subscription metadata is unreadable ({}); its subscription is unknown",
                    groupId, e.getMessage());
            return Optional.empty();
        }
    }
}
