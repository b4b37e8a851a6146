package io.petrel.broker.internal.group;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: who it is, the protocols it offers, its assignment, the JoinGroup or
 * SyncGroup it has parked with the coordinator, and when its session expires. Mutable; guarded by the
 * coordinator's lock like everything in its group.
 */
final class GroupMember {
    static final byte[] NO_ASSIGNMENT = new byte[0];

    /** A protocol the member supports, with its metadata (for "consumer", the subscription). */
    record Protocol(String name, byte[] metadata) {
        boolean sameAs(Protocol other) {
            return name.equals(other.name) && Arrays.equals(metadata, other.metadata);
        }
    }

    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<Protocol> protocols;
    private byte[] assignment = NO_ASSIGNMENT;
    private CompletableFuture<JoinResult> joinFuture;
    private CompletableFuture<SyncResult> syncFuture;
    private boolean isNew;
    private long heartbeatDeadline;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, String protocolType,
                int rebalanceTimeoutMs, int sessionTimeoutMs, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.protocolType = protocolType;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = List.copyOf(protocols);
    }

    /** This member under a new id (a static member rejoining), keeping everything else but parked requests. */
    GroupMember withMemberId(String newMemberId) {
        GroupMember m = new GroupMember(newMemberId, groupInstanceId, clientId, clientHost, protocolType,
                rebalanceTimeoutMs, sessionTimeoutMs, protocols);
        m.assignment = assignment;
        m.isNew = isNew;
        m.heartbeatDeadline = heartbeatDeadline;
        return m;
    }

    String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    String protocolType() {
        return protocolType;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    boolean supports(String protocolName) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocolName)) {
                return true;
            }
        }
        return false;
    }

    /** The metadata the member gave for a protocol, or empty bytes if it does not offer it. */
    byte[] metadata(String protocolName) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocolName)) {
                return p.metadata();
            }
        }
        return NO_ASSIGNMENT;
    }

    /** Whether the member offers exactly these protocols with exactly this metadata, in this order. */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!protocols.get(i).sameAs(other.get(i))) {
                return false;
            }
        }
        return true;
    }

    void update(List<Protocol> newProtocols, int newRebalanceTimeoutMs, int newSessionTimeoutMs) {
        this.protocols = List.copyOf(newProtocols);
        this.rebalanceTimeoutMs = newRebalanceTimeoutMs;
        this.sessionTimeoutMs = newSessionTimeoutMs;
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] assignment) {
        this.assignment = assignment;
    }

    CompletableFuture<JoinResult> joinFuture() {
        return joinFuture;
    }

    void joinFuture(CompletableFuture<JoinResult> future) {
        this.joinFuture = future;
    }

    boolean isAwaitingJoin() {
        return joinFuture != null;
    }

    CompletableFuture<SyncResult> syncFuture() {
        return syncFuture;
    }

    void syncFuture(CompletableFuture<SyncResult> future) {
        this.syncFuture = future;
    }

    boolean isAwaitingSync() {
        return syncFuture != null;
    }

    boolean isNew() {
        return isNew;
    }

    void isNew(boolean isNew) {
        this.isNew = isNew;
    }

    long heartbeatDeadline() {
        return heartbeatDeadline;
    }

    void heartbeatDeadline(long deadline) {
        this.heartbeatDeadline = deadline;
    }

    @Override
    public String toString() {
        return memberId + (groupInstanceId == null ? "" : " (instance " + groupInstanceId + ")");
    }
}
