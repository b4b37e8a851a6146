package io.petrel.broker.internal.group;

import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.ConsumerProtocolSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The topics a consumer group's members subscribe to, read from their metadata for the group's selected protocol
 * (Kafka's ConsumerProtocolSubscription: a version, then the topics, in every version). Metadata that cannot be
 * read counts as no topics, as Kafka's classic group treats it.
 */
final class GroupSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(GroupSubscriptions.class);

    private GroupSubscriptions() {
    }

    static Set<String> topics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        String protocol = group.protocolName();
        if (protocol == null) {
            return topics;
        }
        for (GroupMember m : group.members()) {
            topics.addAll(topicsOf(group.groupId(), m.metadata(protocol)));
        }
        return topics;
    }

    private static List<String> topicsOf(String groupId, byte[] metadata) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(metadata);
            short version = buf.getShort();
            short readable = (short) Math.min(version, ConsumerProtocolSubscription.SCHEMA.validVersions().highest());
            Message m = ConsumerProtocolSubscription.SCHEMA.read(buf, readable);
            List<String> topics = m.get(ConsumerProtocolSubscription.TOPICS);
            return topics == null ? List.of() : topics;
        } catch (RuntimeException e) {
            log.debug("Group {}: a member's subscription metadata is unreadable ({}); counted as no topics", groupId,
                    e.getMessage());
            return List.of();
        }
    }
}
