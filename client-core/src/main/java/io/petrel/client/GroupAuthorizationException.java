package io.petrel.client;

import io.petrel.protocol.ErrorCode;

/** GROUP_AUTHORIZATION_FAILED: the principal may not use this consumer group for the operation. */
public class GroupAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;
    private final String groupId;

    /**
     * @param groupId the group refused
     * @param context what was being done, e.g. "JoinGroup"
     */
    public GroupAuthorizationException(String groupId, String context) {
        super(ErrorCode.GROUP_AUTHORIZATION_FAILED, "Not authorized to access group '" + groupId + "'"
                + (context == null || context.isEmpty() ? "" : " (" + context + ")"));
        this.groupId = groupId;
    }

    /** The group refused. */
    public String groupId() {
        return groupId;
    }
}
