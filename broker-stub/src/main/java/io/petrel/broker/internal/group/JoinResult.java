package io.petrel.broker.internal.group;

import io.petrel.protocol.ErrorCode;

import java.util.List;

/**
 * The outcome of a JoinGroup, independent of the version it is sent at.
 *
 * @param error          the error, NONE on success
 * @param memberId       the member id the client is to use (or echo of the one it sent, on errors)
 * @param generationId   the generation joined, -1 on errors
 * @param protocolType   the group's protocol type, null if none
 * @param protocolName   the protocol chosen for the generation, null if none
 * @param leader         the leader's member id, "" if none
 * @param skipAssignment a static leader rejoining a stable group need not assign again (v9+)
 * @param members        the members and their metadata, for the leader only
 */
record JoinResult(ErrorCode error, String memberId, int generationId, String protocolType, String protocolName,
                  String leader, boolean skipAssignment, List<Member> members) {

    /** A member as the leader sees it: its ids and its metadata for the chosen protocol. */
    record Member(String memberId, String groupInstanceId, byte[] metadata) {
    }

    static JoinResult error(String memberId, ErrorCode error) {
        return new JoinResult(error, memberId, -1, null, null, "", false, List.of());
    }
}
