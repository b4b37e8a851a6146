package io.petrel.broker.internal.group;

import io.petrel.protocol.ErrorCode;

/**
 * The outcome of a SyncGroup, independent of the version it is sent at.
 *
 * @param error        the error, NONE on success
 * @param protocolType the group's protocol type on success, else null
 * @param protocolName the generation's protocol on success, else null
 * @param assignment   the member's assignment, empty on errors
 */
record SyncResult(ErrorCode error, String protocolType, String protocolName, byte[] assignment) {
    private static final byte[] EMPTY = new byte[0];

    static SyncResult error(ErrorCode error) {
        return new SyncResult(error, null, null, EMPTY);
    }
}
