package io.petrel.broker.internal.group;

import java.util.List;

/**
 * What a member speaking the classic protocol (JoinGroup, SyncGroup, Heartbeat) inside a consumer group carries
 * beyond a consumer-protocol member, as Kafka keeps it: its own session timeout (the group's
 * {@code group.consumer.session.timeout.ms} does not apply to it) and the protocols it offered in its last JoinGroup,
 * whose first names the protocol it is told and whose metadata's version is the one its assignment is encoded at.
 */
record ClassicMemberMetadata(int sessionTimeoutMs, List<GroupMember.Protocol> protocols) {
    ClassicMemberMetadata {
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("A classic member offers at least one protocol");
        }
    }

    /** The protocol the member is told in JoinGroup and must name in SyncGroup: the first it offered. */
    String protocolName() {
        return protocols.get(0).name();
    }

    /** The metadata (its subscription) of its first protocol. */
    byte[] metadata() {
        return protocols.get(0).metadata();
    }

    boolean supports(String protocol) {
        for (GroupMember.Protocol p : protocols) {
            if (p.name().equals(protocol)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClassicMemberMetadata other) || other.sessionTimeoutMs != sessionTimeoutMs
                || other.protocols.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < protocols.size(); i++) {
            if (!protocols.get(i).sameAs(other.protocols.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = sessionTimeoutMs;
        for (GroupMember.Protocol p : protocols) {
            h = 31 * h + p.name().hashCode();
        }
        return h;
    }
}
