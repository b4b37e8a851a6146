package io.petrel.tools.internal.admin;

/**
 * A group as ListGroups names it.
 *
 * @param groupId      the group id
 * @param protocolType "consumer" for consumer groups, empty for groups that only commit offsets
 * @param state        the group state where the broker reports it (ListGroups v4+), else empty
 */
public record GroupListing(String groupId, String protocolType, String state) {
}
